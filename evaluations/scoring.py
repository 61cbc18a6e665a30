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
class Suggestion:
    goal: str  # the predikat aimed at
    reachable: bool
    steps: list  # Rows to raise to their maximum, largest gain first
    index_after: Decimal | None


def smallest_improvement(tree, goal):
    """The fewest units to raise to their maximum so that the index reaches predikat `goal`.

    Raising the k units with the largest gains gives the largest possible index for any k units,
    so taking gains in descending order and stopping at the first k that reaches the goal is
    optimal: no set of k - 1 units can reach it.
    """
    current = tree.index
    if at_least(predikat_for(current), goal):
        return Suggestion(goal, True, [], current)
    total = tree.total
    steps = []
    for row in sorted(tree.units(), key=lambda r: (-r.gap, r.node.order, r.node.code)):
        if row.gap <= 0:
            break
        steps.append(row)
        total += row.gap
        if to_index(total) >= BAND_BY_PREDIKAT[goal].minimum:
            return Suggestion(goal, True, steps, to_index(total))
    return Suggestion(goal, False, steps, to_index(total))


def simulation(tree, target):
    """What the simulator page shows: gaps per component and the paths to the next band and target."""
    current = predikat_for(tree.index)
    upper = next_band(current)
    return {
        "index": tree.index,
        "predikat": current,
        "components": [row for row in tree.rows if row.node.kind != "kriteria" and not row.scored_above],
        "next": smallest_improvement(tree, upper.predikat) if upper else None,
        "target": smallest_improvement(tree, target) if not at_least(current, target) else None,
    }
