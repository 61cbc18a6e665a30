"""The RB index from a scored tree, and the index simulator. Pure functions, no database writes.

A node scored `s` contributes `weight × s / max_score` points; a node without a score contributes
the sum of its children (0 for an unscored leaf). Points are exact fractions until the total is
rounded once, half up, to the two decimals an LHE reports.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from .predikat import BAND_BY_PREDIKAT, at_least, next_band, predikat_for

TWO_PLACES = Decimal("0.01")


def to_index(value):
    """Round an exact Fraction half up to a two-decimal Decimal (no binary floats anywhere)."""
    value = Fraction(value)
    sign = -1 if value < 0 else 1
    quotient, remainder = divmod(abs(value.numerator) * 100, value.denominator)
    if 2 * remainder >= value.denominator:
        quotient += 1
    return (Decimal(sign * quotient) / 100).quantize(TWO_PLACES)


def to_decimal(value, places=3):
    """An exact Fraction shown with `places` decimals (half up), for display only."""
    value = Fraction(value)
    scale = 10**places
    quotient, remainder = divmod(value.numerator * scale, value.denominator)
    if 2 * remainder >= value.denominator:
        quotient += 1
    return Decimal(quotient) / scale


@dataclass
class Row:
    node: object
    depth: int
    score: Decimal | None
    points: Fraction = Fraction(0)
    scored_above: bool = False  # an ancestor carries the score, so this row is informative only
    children: list = field(default_factory=list)

    @property
    def weight(self):
        return self.node.weight

    @property
    def gap(self):
        return Fraction(self.node.weight) - self.points

    @property
    def points_display(self):
        return to_decimal(self.points)

    @property
    def gap_display(self):
        return to_decimal(self.gap)

    @property
    def percent(self):
        if not self.node.weight:
            return None
        return to_decimal(self.points / Fraction(self.node.weight) * 100, 1)


class ScoredTree:
    """A framework's nodes with one LHE's scores (or what-if values), evaluated exactly."""

    def __init__(self, nodes, scores):
        """`nodes`: the framework's nodes (any order); `scores`: {node_id: Decimal}."""
        self.nodes = sorted(nodes, key=lambda n: (n.order, n.code))
        self.scores = {node_id: Decimal(value) for node_id, value in scores.items() if value is not None}
        by_parent = {}
        for node in self.nodes:
            by_parent.setdefault(node.parent_id, []).append(node)
        self.rows = []
        self.roots = [self._build(node, 0, by_parent, False) for node in by_parent.get(None, [])]

    def _build(self, node, depth, by_parent, scored_above):
        row = Row(node=node, depth=depth, score=self.scores.get(node.pk), scored_above=scored_above)
        self.rows.append(row)
        has_score = row.score is not None and not scored_above
        row.children = [
            self._build(child, depth + 1, by_parent, scored_above or has_score) for child in by_parent.get(node.pk, [])
        ]
        if has_score:
            row.points = Fraction(node.weight) * Fraction(row.score) / Fraction(node.max_score)
        elif not scored_above:
            row.points = sum((child.points for child in row.children), Fraction(0))
        return row

    @property
    def has_scores(self):
        return bool(self.scores)

    @property
    def total(self):
        return sum((row.points for row in self.roots), Fraction(0))

    @property
    def index(self):
        return to_index(self.total)

    def units(self):
        """The places an improvement can be made: scored nodes, and unscored leaves."""
        found = []

        def walk(row):
            if row.score is not None or not row.children:
                found.append(row)
                return
            for child in row.children:
                walk(child)

        for root in self.roots:
            walk(root)
        return found


@dataclass
class Step:
    """Raise one unit's score from `score_before` to `score_after`, adding `gain` index points."""

    row: Row
    score_after: Decimal
    gain: Fraction

    @property
    def node(self):
        return self.row.node

    @property
    def score_before(self):
        return self.row.score if self.row.score is not None else Decimal(0)

    @property
    def to_maximum(self):
        return self.score_after >= self.row.node.max_score

    @property
    def gain_display(self):
        return to_decimal(self.gain, 2)


@dataclass
class Suggestion:
    goal: str  # the predikat aimed at
    reachable: bool
    steps: list  # Steps, cheapest unit first
    index_after: Decimal | None

    @property
    def gain_display(self):
        return to_decimal(sum((step.gain for step in self.steps), Fraction(0)), 2)


def _score_for(row, gain):
    """The smallest two-decimal score of `row` that adds at least `gain` points (at most its maximum)."""
    node = row.node
    if not node.weight or gain >= row.gap:
        return Decimal(node.max_score)
    before = Fraction(row.score) if row.score is not None else Fraction(0)
    needed = before + gain * Fraction(node.max_score) / Fraction(node.weight)
    hundredths = -((-needed.numerator * 100) // needed.denominator)  # rounded up, never short
    return min(Decimal(hundredths) / 100, Decimal(node.max_score)).quantize(TWO_PLACES)


def smallest_improvement(tree, goal):
    """The smallest raise of scores that brings the index to predikat `goal`, spread over the cheapest units.

    The index points still missing are fixed; what differs is the effort. Raising a unit of weight
    w by g index points means adding g / w of its whole scale, so the heaviest units are the
    cheapest: they are filled first, each only as far as needed (the last one partly), which
    minimises the total share of scales raised (a fractional knapsack, solved by this order).
    Scores are rounded up to two decimals, so the suggestion never falls short.
    """
    current = tree.index
    if at_least(predikat_for(current), goal):
        return Suggestion(goal, True, [], current)
    # to_index rounds half up, so reaching `minimum` needs the exact total at minimum - 0.005.
    missing = Fraction(BAND_BY_PREDIKAT[goal].minimum) - Fraction(1, 200) - tree.total
    steps, gained = [], Fraction(0)
    for row in sorted(tree.units(), key=lambda r: (-r.node.weight, -r.gap, r.node.order, r.node.code)):
        if gained >= missing:
            break
        if row.gap <= 0 or not row.node.weight:
            continue
        score_after = _score_for(row, missing - gained)
        before = Fraction(row.score) if row.score is not None else Fraction(0)
        gain = (Fraction(score_after) - before) * Fraction(row.node.weight) / Fraction(row.node.max_score)
        steps.append(Step(row, score_after, gain))
        gained += gain
    index_after = to_index(tree.total + gained)
    return Suggestion(goal, index_after >= BAND_BY_PREDIKAT[goal].minimum, steps, index_after)


def simulation(tree, target):
    """What the simulator page shows: gaps per component and the paths to the next band and target."""
    current = predikat_for(tree.index)
    upper = next_band(current)
    # When the next band is the target, one card says it (not the same card twice).
    next_is_target = upper is not None and upper.predikat == target
    return {
        "index": tree.index,
        "predikat": current,
        "components": [row for row in tree.rows if row.node.kind != "kriteria" and not row.scored_above],
        "next": smallest_improvement(tree, upper.predikat) if upper else None,
        "next_is_target": next_is_target,
        "target": smallest_improvement(tree, target) if not at_least(current, target) and not next_is_target else None,
    }
