from decimal import Decimal
from itertools import combinations

import pytest

from evaluations import services
from evaluations.predikat import BAND_BY_PREDIKAT, predikat_for
from evaluations.scoring import ScoredTree, smallest_improvement, to_index

from .helpers import HAND_INDEX, HAND_SCORES, hand_framework, make_lhe

pytestmark = pytest.mark.django_db


def scored(nodes, values):
    return {nodes[code]: Decimal(value) for code, value in values.items()}


def test_index_from_a_hand_scored_tree_equals_the_hand_calculation(cast):
    fw, nodes = hand_framework(2030)
    lhe = make_lhe(cast, year=2030)
    services.set_scores(lhe, scored(nodes, HAND_SCORES), by=cast.biro)
    lhe.refresh_from_db()
    assert lhe.index == HAND_INDEX  # 55.4995 rounded half up, no float on the way
    assert lhe.predikat == "CC"
    tree = ScoredTree(fw.nodes.all(), {nodes[c].pk: Decimal(v) for c, v in HAND_SCORES.items()})
    assert tree.total * 10000 == 554995  # the exact sum before rounding
    rows = {row.node.code: row for row in tree.rows}
    assert rows["A"].points == 38 and rows["B"].points * 10000 == 174995


def test_a_score_on_a_component_stands_for_its_subtree(cast):
    fw, nodes = hand_framework(2030)
    lhe = make_lhe(cast, year=2030)
    services.set_scores(lhe, scored(nodes, {"A": "41.25", "B.1.a": "1", "B.1.b": "100"}), by=cast.biro)
    lhe.refresh_from_db()
    assert lhe.index == Decimal("81.25")  # 41.25 + 25 + 15
    assert lhe.predikat == "A"


def test_rounding_is_half_up_on_the_exact_value():
    assert to_index(Decimal("70.005")) == Decimal("70.01")
    assert to_index(Decimal("70.00499")) == Decimal("70.00")


def test_it_rejects_a_score_above_the_node_maximum_and_saves_nothing(cast):
    fw, nodes = hand_framework(2030)
    lhe = make_lhe(cast, year=2030)
    with pytest.raises(services.ValidationError):
        services.set_scores(lhe, scored(nodes, {"A.1.a": "1", "A.2.a": "5.01"}), by=cast.biro)
    assert not lhe.scores.exists()


def test_it_rejects_scores_from_another_framework(cast):
    _, nodes = hand_framework(2030)
    lhe = make_lhe(cast, year=2024)
    with pytest.raises(services.ValidationError):
        services.set_scores(lhe, scored(nodes, {"A.1.a": "1"}), by=cast.biro)


def _reaches(tree, rows, goal):
    gain = sum((row.gap for row in rows), 0)
    return to_index(tree.total + gain) >= BAND_BY_PREDIKAT[goal].minimum


@pytest.mark.parametrize("goal", ["B", "BB", "A", "AA"])
def test_the_simulator_suggests_the_smallest_set_that_reaches_the_band(goal):
    fw, nodes = hand_framework(2031)
    tree = ScoredTree(fw.nodes.all(), {nodes[c].pk: Decimal(v) for c, v in HAND_SCORES.items()})
    assert tree.index == HAND_INDEX
    suggestion = smallest_improvement(tree, goal)
    units = tree.units()
    assert suggestion.reachable
    assert _reaches(tree, suggestion.steps, goal)
    assert predikat_for(suggestion.index_after) in [b.predikat for b in BAND_BY_PREDIKAT.values()
                                                   if b.minimum >= BAND_BY_PREDIKAT[goal].minimum]
    k = len(suggestion.steps)
    assert not any(_reaches(tree, combo, goal) for combo in combinations(units, k - 1))


def test_the_simulator_hand_example(cast):
    """Gaps: A.1.a 2.5, A.1.b 7.5, A.2.a 12, B.1.a 12.5, B.1.b 10.0005; index 55.50 (CC).

    Next band B needs 60.01: B.1.a alone (+12.5 → 68.00). Target BB needs 70.01: B.1.a + A.2.a
    (+24.5 → 80.00, which is still BB); no single unit adds 14.51.
    """
    fw, nodes = hand_framework(2032)
    lhe = make_lhe(cast, year=2032)
    services.set_scores(lhe, scored(nodes, HAND_SCORES), by=cast.biro)
    tree = ScoredTree(fw.nodes.all(), dict(lhe.scores.values_list("node_id", "value")))
    next_band = smallest_improvement(tree, "B")
    assert [row.node.code for row in next_band.steps] == ["B.1.a"]
    assert next_band.index_after == Decimal("68.00")
    target = smallest_improvement(tree, "BB")
    assert [row.node.code for row in target.steps] == ["B.1.a", "A.2.a"]
    assert target.index_after == Decimal("80.00") and predikat_for(target.index_after) == "BB"


def test_an_unreachable_goal_is_reported():
    fw, nodes = hand_framework(2033)
    tree = ScoredTree(fw.nodes.all(), {nodes["A"].pk: Decimal("0")})
    # A scored 0 at component level is one unit (gap 60); B's leaves are unscored (gaps 25 and 15).
    assert smallest_improvement(tree, "AA").reachable is True
    tree = ScoredTree([n for n in fw.nodes.all() if n.code.startswith("B")], {})
    assert smallest_improvement(tree, "AA").reachable is False  # at most 40 points exist
