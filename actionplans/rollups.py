"""The stored roll-ups (AchievementRollup): written here, in the same transaction as the write.

One row per OPD, theme, year and triwulan holds the sums every figure page needs (plans, weight,
tercapai count, weighted achievement against the triwulan's and the year's target, report counts
per status), so a page sums a few rows instead of recomputing every plan of its scope from the
reports (issue 17). Rows are recomputed per (OPD, year) from the same SQL rule as the live
figures (achievement.plan_achievement_expression), never adjusted by deltas: `refresh` is
idempotent, and `rebuild` (the same statement over every plan) is what `manage.py
rebuild_rollups` and the national generator run.

Who calls what: every save or delete of an ActionPlan or ProgressReport refreshes its (OPD, year)
through the signal receivers below, inside the writer's transaction. Derived data has to follow
every write path (the services, the admin, data fixes in a shell, the tests' plain
`objects.create`); the rules stay in the services. Writes that skip signals call `refresh`
themselves: the blank import (bulk_create/bulk_update), the demo seed, the national generator.
Agency merges and renames change no row here: figures group by OPD and Pemda when read, and a
merge records a successor without moving plans.
"""

import functools
import itertools
import operator
from functools import reduce

from django.db import connection, transaction
from django.db.models import F, Max, Q
from django.db.models.signals import post_delete, post_save, pre_save

from agencies.models import Opd

from .achievement import HUNDRED, _as_float, plan_achievement_expression, realisation_aggregates
from .models import AchievementRollup, ActionPlan, ProgressReport

Status = ProgressReport.Status
THRESHOLD = HUNDRED - 1e-6  # as achievement.rollup counts a plan tercapai
STATUS_COUNTS = [Status.VERIFIED, Status.SUBMITTED, Status.RETURNED, Status.DRAFT]
# AchievementRollup columns in the order _select() produces them.
COLUMNS = [
    "opd_id", "theme_id", "year", "quarter", "plans", "weight", "achieved", "weighted", "achieved_annual",
    "weighted_annual", *STATUS_COUNTS,
]


def _per_plan(plans, quarter):
    """SQL and params of one row per plan: its keys, weight, achievement by TW `quarter` (against the
    triwulan's and the year's target) and the status of its report of that triwulan."""
    q_total, q_achievement = plan_achievement_expression(quarter, total="_tq")
    y_total, y_achievement = plan_achievement_expression(quarter, annual=True, total="_ty")
    # values() first: grouped by these columns only, so the statement names no other plan column
    # (the migration that fills the table runs it before later migrations add any).
    per_plan = (
        plans.order_by()
        .values("pk", "opd_id", "theme_id", "year", "weight", "target_mode", *(f"target_q{q}" for q in (1, 2, 3, 4)))
        .annotate(**realisation_aggregates())
        .annotate(_tq=q_total, _ty=y_total)
        .annotate(
            _a=q_achievement,
            _y=y_achievement,
            _w=_as_float(F("weight")),
            _st=Max("reports__status", filter=Q(reports__quarter=quarter)),
        )
        .values("opd_id", "theme_id", "year", "_a", "_y", "_w", "_st")
    )
    return per_plan.query.sql_with_params()


def _select(plans):
    """One SELECT (a UNION ALL of the four triwulans) of the AchievementRollup rows of `plans`."""
    parts, params = [], []
    for quarter in (1, 2, 3, 4):
        inner, inner_params = _per_plan(plans, quarter)
        statuses = ", ".join("SUM(CASE WHEN _st = %s THEN 1 ELSE 0 END)" for _ in STATUS_COUNTS)
        parts.append(
            f"SELECT opd_id, theme_id, year, {quarter}, COUNT(*), SUM(_w), "
            f"SUM(CASE WHEN _a >= {THRESHOLD!r} THEN 1 ELSE 0 END), SUM(_a * _w), "
            f"SUM(CASE WHEN _y >= {THRESHOLD!r} THEN 1 ELSE 0 END), SUM(_y * _w), {statuses} "
            f"FROM ({inner}) AS per_plan GROUP BY opd_id, theme_id, year"
        )
        # the status placeholders come before the derived table's in the statement
        params += [str(s) for s in STATUS_COUNTS] + list(inner_params)
    return " UNION ALL ".join(parts), params


def _insert(plans):
    _execute_insert(*_select(plans))


def _execute_insert(sql, params):
    table = AchievementRollup._meta.db_table
    columns = ", ".join(connection.ops.quote_name(AchievementRollup._meta.get_field(c.removesuffix("_id")).column)
                        for c in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {connection.ops.quote_name(table)} ({columns}) {sql}", params)


def computed_rows(plans):
    """The AchievementRollup rows `plans` give now, as dicts keyed by COLUMNS (rebuild_rollups --check)."""
    sql, params = _select(plans)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [dict(zip(COLUMNS, row)) for row in cursor.fetchall()]


def _by_year(pairs):
    """[(year, sorted OPD ids)] in year order: the order _pairs_q filters them in."""
    by_year = {}
    for opd_id, year in pairs:
        by_year.setdefault(year, set()).add(opd_id)
    return [(year, sorted(opds)) for year, opds in sorted(by_year.items())]


def _pairs_q(pairs):
    """Q of the rows of the (opd_id, year) pairs: one term per year (a demo seed refreshes hundreds)."""
    return reduce(operator.or_, (Q(year=year, opd_id__in=opds) for year, opds in _by_year(pairs)))


# Stand-ins for the years and OPD ids of a refresh's statement: inside each column's range (Django
# compiles an out-of-range value to an empty result) and far from any real year or id.
_FIRST_YEAR_STAND_IN = 30_000
_FIRST_OPD_STAND_IN = 2_000_000_000


@functools.lru_cache(maxsize=64)
def _refresh_statement(vendor, shape):
    """The INSERT … SELECT of `_select` for pairs of this shape (the number of OPDs of each year, in
    year order), with stand-ins where the years and OPD ids go, and the stand-ins in that order.

    Building the statement's expressions and compiling them costs far more than running it on one
    OPD's plans, and every save of a plan or report refreshes one (OPD, year): compiled once per
    shape, each refresh only puts its own values in."""
    years, opd_ids = itertools.count(_FIRST_YEAR_STAND_IN), itertools.count(_FIRST_OPD_STAND_IN)
    pairs, order = set(), []
    for count in shape:
        year, opds = next(years), [next(opd_ids) for _ in range(count)]
        pairs.update((opd, year) for opd in opds)
        order += [year, *opds]
    sql, params = _select(ActionPlan.objects.filter(_pairs_q(pairs)))
    return sql, tuple(params), tuple(order)


def _refresh_select(pairs):
    """`_select` of the plans of `pairs`, from the statement compiled for their shape."""
    by_year = _by_year(pairs)
    sql, params, order = _refresh_statement(connection.vendor, tuple(len(opds) for _year, opds in by_year))
    values = dict(zip(order, (value for year, opds in by_year for value in (year, *opds))))
    return sql, [values.get(param, param) if type(param) is int else param for param in params]


@transaction.atomic
def refresh(pairs):
    """Recompute the rows of each (opd_id, year) in `pairs` from their plans and reports: two queries."""
    pairs = {pair for pair in pairs if None not in pair}
    if not pairs:
        return
    # One refresh of an OPD at a time: two concurrent ones would each delete the rows the other
    # had not committed yet and insert the same keys. FOR NO KEY UPDATE leaves the foreign-key
    # checks of other writers (FOR KEY SHARE) free.
    list(Opd.objects.select_for_update(no_key=True).filter(pk__in=sorted({o for o, _ in pairs})).order_by("pk").values_list("pk"))
    AchievementRollup.objects.filter(_pairs_q(pairs)).delete()
    _execute_insert(*_refresh_select(pairs))


@transaction.atomic
def rebuild(year=None):
    """Recompute every row (of one year): one DELETE and one INSERT … SELECT over all plans."""
    rows = AchievementRollup.objects.all()
    plans = ActionPlan.objects.all()
    if year is not None:
        rows, plans = rows.filter(year=year), plans.filter(year=year)
    rows.delete()
    _insert(plans)


def differences(year=None):
    """Stored rows that differ from the live computation: [(key, stored dict|None, live dict|None)].

    "Live" is achievement.rollup over the plans (the function the pages used before they read the
    stored rows) grouped by OPD, theme and year, and the report counts per status, not the SQL
    that writes the rows."""
    from .achievement import rollup

    plans = ActionPlan.objects.all() if year is None else ActionPlan.objects.filter(year=year)
    live = {}
    keys = ["opd", "theme", "year"]
    for quarter in (1, 2, 3, 4):
        annual = {tuple(r[k] for k in keys): r for r in rollup(plans, quarter, keys, annual=True)}
        for row in rollup(plans, quarter, keys):
            key = (*(row[k] for k in keys), quarter)
            other = annual[key[:3]]
            live[key] = {
                "plans": row["plans"], "weight": float(row["weight"]), "achieved": row["achieved"],
                "achievement": row["achievement"], "achieved_annual": other["achieved"],
                "achievement_annual": other["achievement"], **dict.fromkeys(STATUS_COUNTS, 0),
            }
    reports = ProgressReport.objects.filter(plan__in=plans).values_list("plan__opd_id", "plan__theme_id", "plan__year", "quarter", "status")
    for *key, status in reports:
        if tuple(key) in live:
            live[tuple(key)][status] += 1
    stored = {}
    rows = AchievementRollup.objects.all() if year is None else AchievementRollup.objects.filter(year=year)
    for row in rows.values():
        key = (row["opd_id"], row["theme_id"], row["year"], row["quarter"])
        stored[key] = {
            "plans": row["plans"], "weight": row["weight"], "achieved": row["achieved"],
            "achievement": row["weighted"] / row["weight"] if row["weight"] else None,
            "achieved_annual": row["achieved_annual"],
            "achievement_annual": row["weighted_annual"] / row["weight"] if row["weight"] else None,
            **{s: row[s] for s in STATUS_COUNTS},
        }
    return [(key, stored.get(key), live.get(key)) for key in sorted(stored.keys() | live.keys())
            if not _same(stored.get(key), live.get(key))]


def _same(a, b):
    if a is None or b is None:
        return a is b
    for name, value in a.items():
        other = b[name]
        if isinstance(value, float) or isinstance(other, float):
            if value is None or other is None:
                if value is not other:
                    return False
            elif abs(value - other) > 1e-6:
                return False
        elif value != other:
            return False
    return True


# --- keeping the rows in step with every write (see the module doc) ---------------------------


def _plan_saving(sender, instance, update_fields=None, raw=False, **kwargs):
    """Remember where an existing plan was, so a move to another OPD or year refreshes both."""
    if raw or instance.pk is None or (update_fields is not None and not {"opd", "year"} & set(update_fields)):
        return
    instance._rollup_before = ActionPlan.objects.filter(pk=instance.pk).values_list("opd_id", "year").first()


def _plan_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    refresh({(instance.opd_id, instance.year), getattr(instance, "_rollup_before", None) or (None, None)})


def _report_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if ProgressReport.plan.is_cached(instance):
        refresh({(instance.plan.opd_id, instance.plan.year)})
        return
    plan = ActionPlan.objects.filter(pk=instance.plan_id).values_list("opd_id", "year").first()
    if plan:
        refresh({plan})


def connect():
    """Called from ActionplansConfig.ready()."""
    pre_save.connect(_plan_saving, sender=ActionPlan, dispatch_uid="rollups.plan_saving")
    post_save.connect(_plan_changed, sender=ActionPlan, dispatch_uid="rollups.plan_saved")
    post_delete.connect(_plan_changed, sender=ActionPlan, dispatch_uid="rollups.plan_deleted")
    post_save.connect(_report_changed, sender=ProgressReport, dispatch_uid="rollups.report_saved")
    post_delete.connect(_report_changed, sender=ProgressReport, dispatch_uid="rollups.report_deleted")
