"""Workload and staff needed: the one function every page, export, API and command uses.

`figures(workload_minutes, in_post)` turns a position's (or a unit's, an agency's …) summed
workload into staff needed, gap, EJ and grade. The sum itself is computed by the database
(`task_workload_expression()` inside `Sum`, see selectors.py) or, for rows already in memory,
by `task_workload()`; both use rules.PERIOD_FACTORS, so they cannot drift apart.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, DecimalField, ExpressionWrapper, F, Value, When

from . import rules

DECIMAL = DecimalField(max_digits=20, decimal_places=4)


def _figures_dict(figures):
    """The JSON of a Figures or Totals (Decimals as floats), in the order the API gives it."""
    return {
        "workload_minutes": float(figures.workload_minutes),
        "needed_exact": float(figures.needed_exact),
        "needed": figures.needed,
        "in_post": figures.in_post,
        "gap": figures.gap,
        "ej": None if figures.ej is None else float(figures.ej),
        "grade": figures.grade,
    }


@dataclass(frozen=True)
class Figures:
    workload_minutes: Decimal
    in_post: int
    needed_exact: Decimal  # four decimals
    needed: int
    gap: int  # needed - in post: positive is a shortage, negative a surplus
    ej: Decimal | None  # two decimals; None when nobody is in post
    grade: str  # A–E, "" when EJ is undefined

    @property
    def grade_label(self):
        return rules.GRADE_LABELS.get(self.grade, "")

    def as_dict(self):
        return _figures_dict(self)


def yearly_volume(volume, period):
    return Decimal(volume) * rules.PERIOD_FACTORS[period]


def task_workload(volume, period, time_norm):
    """Minutes a year of one task: yearly volume × time norm (minutes per output)."""
    return yearly_volume(volume, period) * Decimal(time_norm)


def figures(workload_minutes, in_post, *, effective=None):
    """Staff needed (exact and rounded), gap, EJ and grade for a summed workload."""
    effective = Decimal(effective or rules.effective_minutes())
    workload = Decimal(workload_minutes or 0)
    exact = workload / effective
    needed = rules.round_persons(exact)
    in_post = int(in_post or 0)
    ej = None
    if in_post:
        ej = (workload / (in_post * effective)).quantize(rules.TWO, rounding=ROUND_HALF_UP)
    return Figures(
        workload_minutes=workload.quantize(rules.TWO, rounding=ROUND_HALF_UP),
        in_post=in_post,
        needed_exact=exact.quantize(rules.FOUR, rounding=ROUND_HALF_UP),
        needed=needed,
        gap=needed - in_post,
        ej=ej,
        grade=rules.grade_of(ej),
    )


@dataclass(frozen=True)
class Totals:
    """Sums over positions: persons needed is the sum of each position's rounded figure (how
    formasi is counted), the exact figure the sum of the exact ones; EJ over the whole."""

    positions: int
    workload_minutes: Decimal
    needed_exact: Decimal
    needed: int
    in_post: int
    gap: int
    ej: Decimal | None
    grade: str

    def as_dict(self):
        return {"positions": self.positions, **_figures_dict(self)}


def totals(items, *, effective=None):
    """Totals of a list of Figures (positions of a unit, an agency, a Pemda, a province)."""
    items = list(items)
    return summed(
        positions=len(items),
        workload_minutes=sum((f.workload_minutes for f in items), Decimal(0)),
        needed_exact=sum((f.needed_exact for f in items), Decimal(0)),
        needed=sum(f.needed for f in items),
        in_post=sum(f.in_post for f in items),
        effective=effective,
    )


def summed(*, positions, workload_minutes, needed_exact, needed, in_post, effective=None):
    """Totals from sums over positions (each position's needed already rounded)."""
    whole = figures(workload_minutes, in_post, effective=effective)
    return Totals(
        positions=positions,
        workload_minutes=Decimal(workload_minutes).quantize(rules.TWO, rounding=ROUND_HALF_UP),
        needed_exact=Decimal(needed_exact).quantize(rules.FOUR, rounding=ROUND_HALF_UP),
        needed=int(needed),
        in_post=int(in_post),
        gap=int(needed) - int(in_post),
        ej=whole.ej,
        grade=whole.grade,
    )


def add_totals(items, *, effective=None):
    """Totals of Totals (agencies of a Pemda, Pemda of a province)."""
    items = list(items)
    return summed(
        positions=sum(t.positions for t in items),
        workload_minutes=sum((t.workload_minutes for t in items), Decimal(0)),
        needed_exact=sum((t.needed_exact for t in items), Decimal(0)),
        needed=sum(t.needed for t in items),
        in_post=sum(t.in_post for t in items),
        effective=effective,
    )


def period_factor_sql(column):
    """SQL CASE giving the yearly factor of a period column (rules.PERIOD_FACTORS)."""
    whens = " ".join(f"WHEN '{period}' THEN {factor}" for period, factor in rules.PERIOD_FACTORS.items())
    return f"CASE {column} {whens} ELSE 0 END"


def task_workload_expression(prefix=""):
    """The database twin of task_workload(): volume × period factor × time norm, per task row."""
    factor = Case(
        *[When(**{f"{prefix}period": period}, then=Value(factor)) for period, factor in rules.PERIOD_FACTORS.items()],
        default=Value(0),
    )
    return ExpressionWrapper(F(f"{prefix}volume") * factor * F(f"{prefix}time_norm"), output_field=DECIMAL)
