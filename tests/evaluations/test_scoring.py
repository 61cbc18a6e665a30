from decimal import Decimal
from fractions import Fraction
from itertools import permutations

import pytest

from evaluations import services
from evaluations.predikat import BAND_BY_PREDIKAT, predikat_for
from evaluations.scoring import ScoredTree, Step, simulation, smallest_improvement, to_index

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


def _apply(tree, steps):
    """The index after typing the suggested scores (recomputed from the tree, not trusted)."""
    scores = {row.node.pk: row.score for row in tree.rows if row.score is not None}
    scores |= {step.node.pk: step.score_after for step in steps}
    return ScoredTree([row.node for row in tree.rows], scores).index


def _effort(steps):
    """The share of their scales the steps raise: what the suggestion minimises."""
    return sum((Fraction(step.gain) / Fraction(step.node.weight) for step in steps), Fraction(0))


@pytest.mark.parametrize("goal", ["B", "BB", "A", "AA"])
def test_the_simulator_suggests_scores_that_reach_the_band_with_the_least_effort(goal):
    fw, nodes = hand_framework(2031)
    tree = ScoredTree(fw.nodes.all(), {nodes[c].pk: Decimal(v) for c, v in HAND_SCORES.items()})
    assert tree.index == HAND_INDEX
    suggestion = smallest_improvement(tree, goal)
    minimum = BAND_BY_PREDIKAT[goal].minimum
    assert suggestion.reachable
    assert _apply(tree, suggestion.steps) == suggestion.index_after >= minimum
    assert all(step.score_after <= step.node.max_score for step in suggestion.steps)
    # Each step is needed: one hundredth less on the last one falls short.
    last = suggestion.steps[-1]
    shorter = suggestion.steps[:-1] + [Step(last.row, last.score_after - Decimal("0.01"), 0)]
    assert _apply(tree, shorter) < minimum
    # No other order of the units needs less effort (units filled heaviest first, the last partly).
    missing = Fraction(minimum) - Fraction(1, 200) - tree.total
    for order in permutations(tree.units()):
        steps, gained = [], Fraction(0)
        for row in order:
            if gained >= missing:
                break
            gain = min(row.gap, missing - gained)
            steps.append(Step(row, Decimal(0), gain))
            gained += gain
        assert _effort(steps) >= _effort(suggestion.steps) - Fraction(len(suggestion.steps), 100)


def test_the_simulator_hand_example(cast):
    """Gaps: A.1.a 2.5, A.1.b 7.5, A.2.a 12, B.1.a 12.5, B.1.b 10.0005; index 55.50 (CC).

    Next band B needs 60.01, i.e. +4.5055 exactly: the heaviest unit A.2.a (weight 30, score 3 of 5)
    alone, raised only to 3.76 (+4.56 → 60.06), not to its maximum. Target BB needs 70.01: A.2.a to
    its maximum 5 (+12) and B.1.a (weight 25) from 0.5 to 0.61 (+2.75) → 70.25.
    """
    fw, nodes = hand_framework(2032)
    lhe = make_lhe(cast, year=2032)
    services.set_scores(lhe, scored(nodes, HAND_SCORES), by=cast.biro)
    tree = ScoredTree(fw.nodes.all(), dict(lhe.scores.values_list("node_id", "value")))
    next_band = smallest_improvement(tree, "B")
    assert [(s.node.code, s.score_after, s.to_maximum) for s in next_band.steps] == [("A.2.a", Decimal("3.76"), False)]
    assert next_band.index_after == Decimal("60.06") and next_band.gain_display == Decimal("4.56")
    target = smallest_improvement(tree, "BB")
    assert [(s.node.code, s.score_after) for s in target.steps] == [("A.2.a", Decimal("5.00")), ("B.1.a", Decimal("0.61"))]
    assert [s.to_maximum for s in target.steps] == [True, False]
    assert target.index_after == Decimal("70.25") and predikat_for(target.index_after) == "BB"


def test_an_unreachable_goal_is_reported():
    fw, nodes = hand_framework(2033)
    tree = ScoredTree(fw.nodes.all(), {nodes["A"].pk: Decimal("0")})
    # A scored 0 at component level is one unit (gap 60); B's leaves are unscored (gaps 25 and 15).
    assert smallest_improvement(tree, "AA").reachable is True
    tree = ScoredTree([n for n in fw.nodes.all() if n.code.startswith("B")], {})
    assert smallest_improvement(tree, "AA").reachable is False  # at most 40 points exist


def test_the_next_band_that_is_the_target_is_one_card_not_two(cast):
    fw, nodes = hand_framework(2034)
    tree = ScoredTree(fw.nodes.all(), {nodes[c].pk: Decimal(v) for c, v in HAND_SCORES.items()})  # CC
    result = simulation(tree, "B")
    assert result["next"].goal == "B" and result["next_is_target"] is True and result["target"] is None
    result = simulation(tree, "BB")
    assert (result["next"].goal, result["target"].goal, result["next_is_target"]) == ("B", "BB", False)
