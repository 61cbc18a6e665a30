"""Achievement of action plans, the "tercapai" rule and roll-ups: the one module for these rules.

Per plan and triwulan q (only realisations of reports that are submitted or verified count,
ProgressReport.COUNTED; drafts and returned reports do not):

- cumulative (akumulatif): the targets TW I–IV are running totals (TW IV = annual target); the
  progress is the latest realisation reported up to q; achievement = realisation / target(q).
- per-quarter (per triwulan): each triwulan has its own target; achievement by q =
  sum over i ≤ q of min(realisation(i), target(i)) / sum over i ≤ q of target(i).

Achievement is a percentage capped at 100. A plan is "tercapai" by q when its achievement is
100 % (a target of zero counts as achieved: nothing was due). Roll-ups (OPD, theme, Pemda) are
weighted averages of plan achievement by the plan's declared weight, never sums; the Pemda
figure weighs every plan of the Pemda, which equals the OPD averages weighted by their total
weight. The province target ("≥ 75 % of plans achieved by TW III") counts tercapai plans.

The SQL version (annotate_achievement) and the Python version (plan_achievement) implement the
same rule; tests check they agree.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Case,
    F,
    FloatField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest, Least

HUNDRED = 100.0
EPSILON = 1e-9


def _counted_statuses():
    from .models import ProgressReport

    return list(ProgressReport.COUNTED)


# --- Python: one plan -----------------------------------------------------------------------


def plan_achievement(plan, realisations, quarter, *, annual=False):
    """Achievement (0–100 float) of `plan` by TW `quarter`.

    `realisations` maps quarter -> realisation (Decimal/float/None) of COUNTED reports only.
    `annual`: measured against the year's target (TW IV cumulative, or all four quarters) instead
    of the triwulan's, for provinces whose target counts plans finished early ("basis tahunan").
    """
    return achievement_from_targets(plan.target_mode, plan.targets, realisations, quarter, annual=annual)


def achievement_from_targets(target_mode, targets, realisations, quarter, *, annual=False):
    """plan_achievement over plain values, for plans read as rows (the exports): `target_mode` is
    the plan's ActionPlan.TargetMode value and `targets` its targets TW I–IV, in order."""
    from .models import ActionPlan

    against = 4 if annual else quarter
    if target_mode == ActionPlan.TargetMode.CUMULATIVE:
        target = float(targets[against - 1] or 0)
        latest = None
        for q in range(quarter, 0, -1):
            if realisations.get(q) is not None:
                latest = float(realisations[q])
                break
        if target <= 0:
            return HUNDRED
        return max(0.0, min(HUNDRED, (latest or 0.0) / target * HUNDRED))
    total_target = sum(float(targets[q - 1] or 0) for q in range(1, against + 1))
    if total_target <= 0:
        return HUNDRED
    done = sum(
        max(0.0, min(float(realisations.get(q) or 0), float(targets[q - 1] or 0))) for q in range(1, quarter + 1)
    )
    return min(HUNDRED, done / total_target * HUNDRED)


def is_achieved(achievement):
    return achievement is not None and achievement >= HUNDRED - EPSILON


def counted_realisations(reports):
    """quarter -> realisation from an iterable of a plan's ProgressReport rows (COUNTED only):
    model instances, or any rows with `quarter`, `status` and `realisation` attributes."""
    counted = set(_counted_statuses())
    return {r.quarter: r.realisation for r in reports if r.status in counted and r.realisation is not None}


def weighted_average(pairs):
    """Weighted average of (value, weight) pairs; None when there is no weight."""
    total = sum(float(w) for _, w in pairs)
    if total <= 0:
        return None
    return sum(float(v) * float(w) for v, w in pairs) / total


# --- SQL: many plans at once ----------------------------------------------------------------


def _as_float(expr):
    return Cast(expr, FloatField())


def realisation_expressions(counted=None):
    """r1..r4: realisation of the plan's COUNTED report per triwulan, as correlated subqueries."""
    from .models import ProgressReport

    counted = counted or _counted_statuses()
    exprs = {}
    for q in (1, 2, 3, 4):
        sub = ProgressReport.objects.filter(plan=OuterRef("pk"), quarter=q, status__in=counted).values("realisation")[:1]
        exprs[f"r{q}"] = Subquery(sub)
    return exprs


def achievement_expression(quarter, *, annual=False, total="_tsum"):
    """SQL expression of plan achievement by TW `quarter` over annotations r1..r4 (see module doc);
    `annual` measures against the year's target (see plan_achievement). Returns (sum of targets,
    cumulative, per-quarter); the per-quarter one reads the sum annotated under the name `total`."""
    against = 4 if annual else quarter
    zero = Value(0.0, output_field=FloatField())
    hundred = Value(HUNDRED, output_field=FloatField())
    # cumulative: latest realisation up to the quarter
    latest = Coalesce(*[_as_float(F(f"r{q}")) for q in range(quarter, 0, -1)], zero, output_field=FloatField())
    target = _as_float(F(f"target_q{against}"))
    cumulative = Case(
        When(**{f"target_q{against}__lte": 0}, then=hundred),
        default=Greatest(zero, Least(hundred, latest * hundred / target)),
        output_field=FloatField(),
    )
    # per-quarter: capped sum over quarters / sum of targets
    sum_target = sum((_as_float(F(f"target_q{q}")) for q in range(2, against + 1)), _as_float(F("target_q1")))
    capped = [
        Greatest(zero, Least(Coalesce(_as_float(F(f"r{q}")), zero), _as_float(F(f"target_q{q}")))) for q in range(1, quarter + 1)
    ]
    sum_capped = sum(capped[1:], capped[0])
    per_quarter = Case(
        When(Q(**{f"{total}__lte": 0}), then=hundred),
        default=Least(hundred, sum_capped * hundred / F(total)),
        output_field=FloatField(),
    )
    return sum_target, cumulative, per_quarter


def annotate_achievement(qs, quarter, *, annual=False):
    """Annotate plans with r1..r4, `achievement` (0–100) and `achieved` (0/1) by TW `quarter`."""
    sum_target, achievement = plan_achievement_expression(quarter, annual=annual)
    qs = qs.annotate(**realisation_expressions()).annotate(_tsum=sum_target).annotate(achievement=achievement)
    return qs.annotate(
        achieved=Case(
            When(achievement__gte=HUNDRED - 1e-6, then=Value(1)),
            default=Value(0),
        )
    )


def realisation_aggregates(counted=None):
    """r1..r4 as conditional aggregates over one join to the reports (the plans get grouped)."""
    counted = counted or _counted_statuses()
    return {
        f"r{q}": Max("reports__realisation", filter=Q(reports__quarter=q, reports__status__in=counted))
        for q in (1, 2, 3, 4)
    }


def plan_achievement_expression(quarter, *, annual=False, total="_tsum"):
    """(sum of targets, achievement): the two annotations, in this order (the second reads the
    first under the name `total`), that give a plan's achievement over r1..r4 by TW `quarter`."""
    from .models import ActionPlan

    sum_target, cumulative, per_quarter = achievement_expression(quarter, annual=annual, total=total)
    return sum_target, Case(
        When(target_mode=ActionPlan.TargetMode.CUMULATIVE, then=cumulative),
        default=per_quarter,
        output_field=FloatField(),
    )


def rollup(plans, quarter, group_by, *, annual=False):
    """Weighted averages per group in one query.

    `plans` is an already scoped queryset of ActionPlan (computed live) or of AchievementRollup
    (the stored roll-ups, actionplans.rollups: what the pages read); `group_by` a list of value
    paths both have, such as ["opd"], ["theme"], ["opd__pemda"] or [] for one total. Returns dicts
    with the group keys and `plans`, `achieved`, `weight`, `achievement` (weighted average, 0–100)
    and `achieved_percent`, ordered by the group keys' values.

    Live, each plan's achievement is computed once, in a derived table, from one join to its
    reports grouped by plan; the groups are summed over it. Aggregating the annotated plans directly
    (Django inlines an annotation wherever it is used) repeated every triwulan's realisation
    subquery in each branch and each sum, which made PostgreSQL JIT-compile a query of the
    national data for two seconds (issue 17).
    """
    from .models import AchievementRollup

    if plans.model is AchievementRollup:
        return _stored_rollup(plans, quarter, group_by, annual=annual)
    sum_target, achievement = plan_achievement_expression(quarter, annual=annual)
    keys = {f"g{i}": F(path) for i, path in enumerate(group_by)}
    per_plan = (
        plans.order_by()
        .annotate(**realisation_aggregates())
        .annotate(_tsum=sum_target)
        .annotate(achievement=achievement, _weight=_as_float(F("weight")), **keys)
        .values(*keys, "achievement", "_weight")
    )
    try:
        inner, params = per_plan.query.sql_with_params()
    except EmptyResultSet:  # a scope that reaches nothing
        return [_figures([], [], 0, 0, 0, None)] if not keys else []
    columns = ", ".join(keys)
    sql = (
        f"SELECT {columns + ', ' if keys else ''}COUNT(*), "
        f"SUM(CASE WHEN achievement >= {HUNDRED - 1e-6!r} THEN 1 ELSE 0 END), SUM(_weight), SUM(achievement * _weight) "
        f"FROM ({inner}) AS per_plan"
        + (f" GROUP BY {columns} ORDER BY {columns}" if keys else "")
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [_figures(group_by, row[: len(keys)], *row[len(keys):]) for row in rows]


def _stored_rollup(rows, quarter, group_by, *, annual):
    """rollup() over stored AchievementRollup rows: sums of their sums."""
    achieved, weighted = ("achieved_annual", "weighted_annual") if annual else ("achieved", "weighted")
    sums = {"_n": Sum("plans"), "_a": Sum(achieved), "_w": Sum("weight"), "_s": Sum(weighted)}
    rows = rows.filter(quarter=quarter).order_by()
    if not group_by:
        total = rows.aggregate(**sums)
        return [_figures([], [], total["_n"], total["_a"], total["_w"], total["_s"])]
    keys = {f"g{i}": F(path) for i, path in enumerate(group_by)}
    grouped = rows.annotate(**keys).values(*keys).annotate(**sums).order_by(*keys)
    return [_figures(group_by, [row[k] for k in keys], row["_n"], row["_a"], row["_w"], row["_s"]) for row in grouped]


def _figures(group_by, values, n, n_achieved, weight, weighted):
    n, n_achieved, weight = n or 0, int(n_achieved or 0), weight or 0
    return {
        **dict(zip(group_by, values)),
        "plans": n,
        "achieved": n_achieved,
        "weight": weight,
        "achievement": (weighted or 0) / weight if weight else None,
        "achieved_percent": (n_achieved * HUNDRED / n) if n else None,
    }


def target_for(province_id, year):
    """(quarter, min_percent) of a province's target for a year, or the default 75 % by TW III."""
    from .models import ProvinceTarget
    from .reference import DEFAULT_TARGET_PERCENT, DEFAULT_TARGET_QUARTER

    target = ProvinceTarget.objects.filter(province_id=province_id, year=year).first()
    if target is None:
        return DEFAULT_TARGET_QUARTER, DEFAULT_TARGET_PERCENT
    return target.quarter, target.min_percent


def target_widget(plans, province_id, year):
    """The province target figure: "62 % achieved by TW III, target 75 %" for a queryset of plans
    or of their stored roll-ups (AchievementRollup, what the pages pass; see rollup())."""
    from .models import quarter_label

    from .models import ProvinceTarget
    from .reference import DEFAULT_TARGET_PERCENT, DEFAULT_TARGET_QUARTER

    row = ProvinceTarget.objects.filter(province_id=province_id, year=year).first()
    quarter, minimum = (row.quarter, row.min_percent) if row else (DEFAULT_TARGET_QUARTER, DEFAULT_TARGET_PERCENT)
    basis = row.basis if row else ProvinceTarget.Basis.QUARTER
    by_quarter = rollup(plans.filter(year=year), quarter, [])[0]
    by_year = rollup(plans.filter(year=year), quarter, [], annual=True)[0]
    total = by_year if basis == ProvinceTarget.Basis.ANNUAL else by_quarter
    actual = total["achieved_percent"]
    return {
        "year": year,
        "quarter": quarter,
        "quarter_label": quarter_label(quarter),
        "target": float(minimum),
        "actual": actual,
        # Both readings of "achieved by TW III": against the triwulan's target and the year's;
        # `actual` is the one the province's target uses (`basis`).
        "basis": basis,
        "actual_quarter": by_quarter["achieved_percent"],
        "actual_annual": by_year["achieved_percent"],
        "plans": total["plans"],
        "achieved": total["achieved"],
        "achievement": total["achievement"],
        "met": actual is not None and actual >= float(minimum) - EPSILON,
    }
