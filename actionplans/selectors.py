"""Reads of action-plan data for pages, the API and other packages (reports).

What the quarterly reports read is declared here as frozen dataclasses (`PlanRow`,
`OpdQuarterSummary`, `PemdaQuarterFigures` and the rows they hold); pages also get plain dicts
and scoped querysets; the achievement rules come
from `actionplans.achievement` (one module). Realisations count for achievement only when their
report is submitted or verified (ProgressReport.COUNTED).
"""

from dataclasses import dataclass

from django.db.models import (
    Case, Count, Exists, FilteredRelation, OuterRef, Prefetch, Q, Subquery, Sum, Value, When, prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Opd, Pemda

from .achievement import (
    counted_realisations,
    is_achieved,
    plan_achievement,
    rollup,
    target_widget,
    weighted_average,
)
from .models import AchievementRollup, ActionPlan, Evidence, ProgressReport, quarter_label

Status = ProgressReport.Status


@dataclass(frozen=True)
class PlanRow:
    """One action plan as the quarterly reports show it."""

    pk: int
    code: str
    theme_code: str
    theme_name: str
    programme: str  # "general" / "tematik" / "berdampak"
    goal: str
    indicator: str
    unit: str
    target_mode: str  # "cumulative" / "per_quarter"
    target_mode_label: str
    annual_target: object  # Decimal
    targets: list  # [TW I, TW II, TW III, TW IV] (Decimal)
    realisations: dict  # quarter -> Decimal|None, every report regardless of status
    realisation: object  # this quarter's realisation (Decimal|None)
    status: str  # this quarter's report status, "" when there is no report
    status_label: str
    comment: str  # verifier's note on this quarter's report
    evidence_count: int
    obstacles: str
    solutions: str
    achievement: float  # 0–100 by this quarter (counted reports only)
    achieved: bool
    weight: object
    budget: object
    budget_source: str
    person_in_charge: str


@dataclass(frozen=True)
class ThemeFigures:
    """One theme's plans of an OPD in a triwulan."""

    code: str
    name: str
    plans: int
    achieved: int  # tercapai by the triwulan
    achievement: float | None  # weighted average, 0–100


@dataclass(frozen=True)
class OpdQuarterSummary:
    """What an OPD's quarterly report shows (see opd_quarter_summary)."""

    opd: Opd
    year: int
    quarter: int
    quarter_label: str
    plans: tuple[PlanRow, ...]
    themes: tuple[ThemeFigures, ...]  # in the plans' order
    unverified: tuple[PlanRow, ...]  # no report, draft or submitted this quarter
    returned: tuple[PlanRow, ...]  # returned this quarter
    plan_count: int
    achieved_count: int
    achievement: float | None  # weighted average, 0–100
    reported_count: int  # plans with a submitted/verified report this quarter
    reporting_rate: float | None  # reported_count / plan_count * 100
    has_reported: bool  # every plan reported this quarter
    target_modes: dict  # target mode label -> number of plans


def status_label(status):
    return Status(status).label if status else _("Belum dilaporkan")


def _reports_prefetch():
    return Prefetch("reports", queryset=ProgressReport.objects.annotate(evidence_count=Count("evidence")).order_by("quarter"))


def plans_with_reports(plans):
    """Plans with theme and every report (+ evidence count) prefetched: two queries in all."""
    return plans.select_related("theme__programme").prefetch_related(_reports_prefetch())


def with_reports(plan):
    """`plan` (fetched with its theme__programme) with every report and its evidence count, as
    plans_with_reports gives it: one query."""
    prefetch_related_objects([plan], _reports_prefetch())
    return plan


def plan_row(plan, quarter):
    """A PlanRow of a plan fetched by plans_with_reports (or given its reports by with_reports)."""
    reports = {r.quarter: r for r in plan.reports.all()}
    report = reports.get(quarter)
    achievement = plan_achievement(plan, counted_realisations(reports.values()), quarter)
    return PlanRow(
        pk=plan.pk,
        code=plan.code,
        theme_code=plan.theme.code,
        theme_name=plan.theme.name,
        programme=plan.theme.programme.kind,
        goal=plan.goal,
        indicator=plan.indicator,
        unit=plan.unit,
        target_mode=plan.target_mode,
        target_mode_label=str(plan.get_target_mode_display()),
        annual_target=plan.annual_target,
        targets=plan.targets,
        realisations={q: (reports[q].realisation if q in reports else None) for q in (1, 2, 3, 4)},
        realisation=report.realisation if report else None,
        status=report.status if report else "",
        status_label=str(status_label(report.status if report else "")),
        comment=report.comment if report else "",
        evidence_count=report.evidence_count if report else 0,
        obstacles=report.obstacles if report else "",
        solutions=report.solutions if report else "",
        achievement=achievement,
        achieved=is_achieved(achievement),
        weight=plan.weight,
        budget=plan.budget,
        budget_source=plan.budget_source,
        person_in_charge=plan.person_in_charge,
    )


def opd_quarter_summary(opd, year, quarter):
    """Everything an OPD quarterly report needs for `opd`, `year`, triwulan `quarter` (1–4).

    Returns an OpdQuarterSummary: the plans as PlanRow (TW targets, realisations, this quarter's
    status, evidence count, obstacles/solutions, achievement and "tercapai" by this quarter), the
    per-theme figures (plans, achieved, weighted achievement), the unverified and returned items,
    the OPD's weighted achievement and its reporting rate (plans reported / plans). The caller
    checks access (the OPD must be visible to the requester). Three queries.
    """
    return _opd_quarter_summary(opd, year, quarter, _plans_in_report_order(ActionPlan.objects.filter(opd=opd, year=year)))


def opd_quarter_summaries(opds, year, quarter):
    """opd_quarter_summary for each of `opds`, in order, in three queries whatever their number."""
    by_opd = {opd.pk: [] for opd in opds}
    for plan in _plans_in_report_order(ActionPlan.objects.filter(opd__in=list(by_opd), year=year)):
        by_opd[plan.opd_id].append(plan)
    return [_opd_quarter_summary(opd, year, quarter, by_opd[opd.pk]) for opd in opds]


def _plans_in_report_order(plans):
    return plans_with_reports(plans).order_by("theme__programme__kind", "theme__order", "code")


def _opd_quarter_summary(opd, year, quarter, plans):
    rows = tuple(plan_row(plan, quarter) for plan in plans)
    reported = sum(1 for r in rows if r.status in ProgressReport.COUNTED)
    by_theme = {}
    for r in rows:
        by_theme.setdefault(r.theme_code, []).append(r)
    modes = {}
    for r in rows:
        modes[r.target_mode_label] = modes.get(r.target_mode_label, 0) + 1
    return OpdQuarterSummary(
        opd=opd,
        year=year,
        quarter=quarter,
        quarter_label=quarter_label(quarter),
        plans=rows,
        themes=tuple(
            ThemeFigures(
                code=code,
                name=theme_rows[0].theme_name,
                plans=len(theme_rows),
                achieved=sum(1 for r in theme_rows if r.achieved),
                achievement=weighted_average([(r.achievement, r.weight) for r in theme_rows]),
            )
            for code, theme_rows in by_theme.items()
        ),
        unverified=tuple(r for r in rows if r.status in ("", Status.DRAFT, Status.SUBMITTED)),
        returned=tuple(r for r in rows if r.status == Status.RETURNED),
        plan_count=len(rows),
        achieved_count=sum(1 for r in rows if r.achieved),
        achievement=weighted_average([(r.achievement, r.weight) for r in rows]),
        reported_count=reported,
        reporting_rate=reported * 100.0 / len(rows) if rows else None,
        has_reported=bool(rows) and reported == len(rows),
        target_modes=modes,
    )


def opd_reporting(opds, year, quarter):
    """Active OPDs annotated with plan and report counts for a triwulan, in one query.

    Annotations: n_plans, n_reported (submitted or verified), n_verified, n_submitted,
    n_returned, n_draft. An OPD "has reported" when it has plans and every plan is reported.
    The counts are sums of the OPD's stored roll-ups (AchievementRollup) of that triwulan.
    """
    def total(*columns):
        return Coalesce(sum((Sum(f"period__{c}") for c in columns[1:]), Sum(f"period__{columns[0]}")), Value(0))

    # The period in the join's condition, so the join reads only that triwulan's rows (by the
    # unique index), not every year's and triwulan's rows of each OPD.
    period = FilteredRelation(
        "achievement_rollups", condition=Q(achievement_rollups__year=year, achievement_rollups__quarter=quarter)
    )
    return opds.filter(is_active=True).alias(period=period).annotate(
        n_plans=total("plans"),
        n_reported=total(Status.SUBMITTED, Status.VERIFIED),
        n_verified=total(Status.VERIFIED),
        n_submitted=total(Status.SUBMITTED),
        n_returned=total(Status.RETURNED),
        n_draft=total(Status.DRAFT),
    )


def reporting_summary(opds, year, quarter):
    """{"opds", "reported", "rate", "not_reported": [Opd annotated]} for the OPDs given (one query)."""
    rows = list(opd_reporting(opds, year, quarter).select_related("pemda").order_by("pemda_id", "code"))
    reported = [o for o in rows if o.n_plans and o.n_reported >= o.n_plans]
    return {
        "opds": len(rows),
        "reported": len(reported),
        "rate": len(reported) * 100.0 / len(rows) if rows else None,
        "rows": rows,
        "not_reported": [o for o in rows if not (o.n_plans and o.n_reported >= o.n_plans)],
    }


def pemda_quarter_summary(pemda, year, quarter, *, scope):
    """The province (or regency/city) quarterly figures for `pemda`, `year`, triwulan `quarter`.

    Every figure adds up only the rows `scope` (an agencies.scoping.Scope: the user's, or
    `pemda_scope(pemda)` for a report of the Pemda itself) reaches: an OPD admin gets their own
    OPD's figures, the inspector of a province Pemda no regency/city rows.

    Returns a dict:
    - "pemda", "year", "quarter", "quarter_label";
    - "target": the province target widget for the Pemda's own OPDs (target_widget: quarter,
      target, actual % of plans achieved by the target quarter, plans, achieved, met);
    - "achievement": weighted achievement (0–100) of the Pemda's plans by `quarter`, "plans",
      "achieved" (tercapai count by `quarter`);
    - "reporting": {"opds", "reported", "rate"} over its active OPDs;
    - "not_reported": [{"opd", "plans", "reported"}] OPDs that have not reported every plan;
    - "themes": [{"code", "name", "plans", "achieved", "achievement", "achieved_percent"}];
    - "opd_ranking": [{"opd", "plans", "achieved", "achievement", "achieved_percent", "reported"}]
      best first by weighted achievement;
    - "regencies": for a province Pemda, one row per regency/city Pemda in the province with
      {"pemda", "plans", "achieved", "achievement", "achieved_percent", "reporting_rate"}; [] otherwise;
    - "pending": counts {"submitted", "returned", "draft"} of this quarter's reports awaiting action.
    """
    plans = AchievementRollup.objects.filter(scope.opd_q("opd"), opd__pemda=pemda, year=year)
    total = rollup(plans, quarter, [])[0]
    opds = Opd.objects.filter(scope.opd_q(""), pemda=pemda)
    reporting = reporting_summary(opds, year, quarter)
    by_opd = {row["opd"]: row for row in rollup(plans, quarter, ["opd"])}
    ranking = []
    for opd in reporting["rows"]:
        row = by_opd.get(opd.pk)
        if not row:
            continue
        ranking.append(
            {
                "opd": opd,
                "plans": row["plans"],
                "achieved": row["achieved"],
                "achievement": row["achievement"],
                "achieved_percent": row["achieved_percent"],
                "reported": bool(opd.n_plans and opd.n_reported >= opd.n_plans),
            }
        )
    ranking.sort(key=lambda r: (-(r["achievement"] or 0), r["opd"].name))
    themes = [
        {
            "code": row["theme__code"],
            "name": row["theme__name"],
            "plans": row["plans"],
            "achieved": row["achieved"],
            "achievement": row["achievement"],
            "achieved_percent": row["achieved_percent"],
        }
        for row in rollup(plans, quarter, ["theme__programme__kind", "theme__order", "theme__code", "theme__name"])
    ]
    regencies = []
    if pemda.is_province:
        regencies = regency_figures(pemda.province_id, year, quarter, scope=scope)
    pending = {
        key: sum(getattr(o, f"n_{key}") for o in reporting["rows"]) for key in ("submitted", "returned", "draft")
    }
    return {
        "pemda": pemda,
        "year": year,
        "quarter": quarter,
        "quarter_label": quarter_label(quarter),
        "target": target_widget(plans, pemda.province_id, year),
        "achievement": total["achievement"],
        "plans": total["plans"],
        "achieved": total["achieved"],
        "reporting": {k: reporting[k] for k in ("opds", "reported", "rate")},
        "not_reported": [
            {"opd": o, "plans": o.n_plans, "reported": o.n_reported} for o in reporting["not_reported"]
        ],
        "themes": themes,
        "opd_ranking": ranking,
        "regencies": regencies,
        "pending": pending,
    }


def regency_figures(province_id, year, quarter, *, scope):
    """Per regency/city Pemda of a province that `scope` reaches: plan achievement and reporting
    rate of the rows in scope (three queries)."""
    regency = Pemda.Level.REGENCY
    pemdas = list(
        Pemda.objects.filter(scope.pemda_q(""), province_id=province_id, level=regency).select_related("regency")
    )
    plans = AchievementRollup.objects.filter(
        scope.opd_q("opd"), opd__pemda__province_id=province_id, opd__pemda__level=regency, year=year
    )
    figures = {row["opd__pemda"]: row for row in rollup(plans, quarter, ["opd__pemda"])}
    per_pemda = {}
    opds = Opd.objects.filter(scope.opd_q(""), pemda__province_id=province_id, pemda__level=regency)
    for row in opd_reporting(opds, year, quarter).values("pk", "pemda", "n_plans", "n_reported"):
        agg = per_pemda.setdefault(row["pemda"], [0, 0])
        agg[0] += 1
        agg[1] += 1 if row["n_plans"] and row["n_reported"] >= row["n_plans"] else 0
    result = []
    for pemda in pemdas:
        fig = figures.get(pemda.pk)
        opds, reported = per_pemda.get(pemda.pk, (0, 0))
        if not fig and not opds:
            continue
        result.append(
            {
                "pemda": pemda,
                "plans": fig["plans"] if fig else 0,
                "achieved": fig["achieved"] if fig else 0,
                "achievement": fig["achievement"] if fig else None,
                "achieved_percent": fig["achieved_percent"] if fig else None,
                "reporting_rate": reported * 100.0 / opds if opds else None,
            }
        )
    return result


# --- the province report pack -------------------------------------------------------------------


@dataclass(frozen=True)
class TargetFigures:
    """The province target ("≥ 75 % of plans achieved by TW III") and how far the Pemda is."""

    quarter: int  # the triwulan the target is measured at
    percent: float  # the minimum share of plans achieved
    actual: float | None  # the share achieved, on the province's basis
    met: bool


@dataclass(frozen=True)
class OpdFigures:
    """An OPD of the Pemda: its plans this year and whether it reported every plan this triwulan."""

    opd: Opd
    plans: int
    achieved: int
    achievement: float | None  # weighted, 0–100; None without plans
    reported: bool


@dataclass(frozen=True)
class RegencyFigures:
    """A regency/city Pemda of the province."""

    pemda: Pemda
    plans: int
    achieved: int
    achievement: float | None
    achieved_percent: float | None
    reporting_rate: float | None


@dataclass(frozen=True)
class PemdaQuarterFigures:
    """What the province pack's front pages print for a Pemda and triwulan (pemda_quarter_figures)."""

    pemda: Pemda
    year: int
    quarter: int
    target: TargetFigures
    plans: int
    achieved: int
    achievement: float | None
    opds_total: int  # active OPDs of the Pemda in scope
    opds_reported: int  # of which reported every plan this triwulan
    themes: tuple[ThemeFigures, ...]
    opds: tuple[OpdFigures, ...]  # the ranking (OPDs with plans, best first), then OPDs without plans
    regencies: tuple[RegencyFigures, ...]  # a province Pemda's regencies/cities; () otherwise


def pemda_quarter_figures(pemda, year, quarter, *, scope):
    """pemda_quarter_summary as declared figures (same scope rule, same queries)."""
    summary = pemda_quarter_summary(pemda, year, quarter, scope=scope)
    target = summary["target"]
    opds = [
        OpdFigures(opd=row["opd"], plans=row["plans"], achieved=row["achieved"], achievement=row["achievement"],
                   reported=row["reported"])
        for row in summary["opd_ranking"]
    ]
    ranked = {line.opd.pk for line in opds}
    # OPDs without plans this year are not ranked, but they have not reported either.
    opds += [
        OpdFigures(opd=row["opd"], plans=row["plans"], achieved=0, achievement=None, reported=False)
        for row in summary["not_reported"]
        if row["opd"].pk not in ranked
    ]
    return PemdaQuarterFigures(
        pemda=pemda,
        year=year,
        quarter=quarter,
        target=TargetFigures(quarter=target["quarter"], percent=target["target"], actual=target["actual"],
                             met=target["met"]),
        plans=summary["plans"],
        achieved=summary["achieved"],
        achievement=summary["achievement"],
        opds_total=summary["reporting"]["opds"],
        opds_reported=summary["reporting"]["reported"],
        themes=tuple(
            ThemeFigures(code=row["code"], name=row["name"], plans=row["plans"], achieved=row["achieved"],
                         achievement=row["achievement"])
            for row in summary["themes"]
        ),
        opds=tuple(opds),
        regencies=tuple(RegencyFigures(**row) for row in summary["regencies"]),
    )


def opds_with_plans(pemda, year, *, scope):
    """The active OPDs of `pemda` in `scope` that have plans in `year` (the pack's annex), by
    regency/city code and OPD code, with what a report header prints joined in. One query."""
    return list(
        Opd.objects.filter(scope.opd_q(""), pemda=pemda, is_active=True)
        .filter(Exists(ActionPlan.objects.filter(opd=OuterRef("pk"), year=year)))
        .select_related("pemda__province", "pemda__regency")
        .order_by("pemda__regency__code", "code")
    )


# --- pages ------------------------------------------------------------------------------------


def _due_periods(today):
    """Deadlines passed by `today` in years that have reference data, latest first (a queryset)."""
    from .models import Programme, ReportingDeadline

    return ReportingDeadline.objects.filter(
        year__in=Programme.objects.values("year"), due_date__lt=today
    ).order_by("-year", "-quarter")


def latest_due_period(today=None):
    """(year, quarter) of the latest triwulan whose reporting deadline is before `today`, in a year
    that has reference data; None when none has passed. One query."""
    return _due_periods(today or timezone.localdate()).values_list("year", "quarter").first()


def current_period(today=None):
    """(year, quarter): the latest triwulan whose reporting deadline has passed, in a year that has
    reference data (programmes and themes); one query.

    From 1 January of a year nobody has set up yet, this stays on the last year that has data, so no
    page opens on a year without themes. Before any deadline has passed: TW I of the earliest year
    with data (today's triwulan on a portal without reference data at all).
    """
    from .models import Programme

    today = today or timezone.localdate()
    latest = latest_due_period(today)
    if latest:
        return latest
    first = Programme.objects.order_by("year").values_list("year", flat=True).first()
    return (first, 1) if first else (today.year, (today.month - 1) // 3 + 1)


def default_period(user, today=None):
    """(year, quarter) pages open on: the latest triwulan anyone in scope reported, never later than
    current_period() (reports sent early for a triwulan still open do not count); without such
    data, current_period(). One query when data exists, two otherwise.

    Every page calls this, so it must not grow with the nation (issue 17): instead of sorting all
    reports in scope joined to their plans, it walks the triwulans whose deadline has passed
    (ReportingDeadline rows, which seed_reference makes for every programme year) newest first and
    stops at the first with a report in scope.
    """
    today = today or timezone.localdate()
    in_scope = ProgressReport.objects.visible_to(user).filter(plan__year=OuterRef("year"), quarter=OuterRef("quarter"))
    # Scalar subqueries, not EXISTS: PostgreSQL turns EXISTS into a hash semi-join over every
    # plan of the year, but plans a LIMIT 1 subquery per candidate that stops at its first row.
    # A year without any plan (the new year's triwulans before plans are entered) is skipped on
    # the (year, theme) index before the report lookup, which would read every plan in scope: in a
    # CASE, since PostgreSQL orders a WHERE's conditions by its own estimates and ran the report
    # lookup first (a Biro: 1.4 ms per triwulan of a year without plans, 8 ms per page at scale
    # 1.0). Not "a plan of the year in scope": for a Biro that walked the nation's plans of the
    # year in index order until one of its province (746 rows, 2 ms); the report lookup decides.
    any_plan_in_year = ActionPlan.objects.filter(year=OuterRef("year")).order_by("year", "theme_id").values("pk")[:1]
    latest = (
        _due_periods(today)
        .annotate(any_plan=Subquery(any_plan_in_year))
        .annotate(first_report=Case(When(any_plan__isnull=False, then=Subquery(in_scope.order_by().values("pk")[:1]))))
        .filter(first_report__isnull=False)
        .values_list("year", "quarter")
        .first()
    )
    return latest or current_period(today)


def missing_reference_year(today=None):
    """The calendar year that has begun without reference data (e.g. 2027 on 1 January 2027), else None."""
    from .models import Programme

    year = (today or timezone.localdate()).year
    return None if Programme.objects.filter(year=year).exists() else year


STATUS_ORDER = ["returned", "missing", "draft", "submitted", "verified"]
STATUS_CSS = {"returned": "bad", "missing": "none", "draft": "warn", "submitted": "info", "verified": "ok"}


class _StatusLabels(dict):
    def __missing__(self, key):
        return str(Status(key).label) if key != "missing" else str(_("belum melapor"))


STATUS_LABELS = _StatusLabels()


def province_matrix(opds, year):
    """OPD × theme × triwulan status grid for the OPDs given (a scoped queryset), in two queries.

    Returns {"themes": [Theme], "rows": [{"opd", "cells": [[cell, cell, cell, cell] per theme]}]},
    where a cell is None (no plan of that theme) or {"status", "css", "plans", "counts"}: the worst
    status of the OPD's plans of that theme in that triwulan (returned < missing < draft <
    submitted < verified) and the count per status. The counts are the stored roll-ups'
    (AchievementRollup: one row per OPD, theme and triwulan).
    """
    from .models import Theme

    opd_list = list(opds.filter(is_active=True).select_related("pemda").order_by("pemda_id", "code"))
    ids = [o.pk for o in opd_list]
    plan_counts = {}
    report_counts = {}
    statuses = [str(s) for s in Status]
    for row in AchievementRollup.objects.filter(opd_id__in=ids, year=year).values("opd_id", "theme_id", "quarter", "plans", *statuses):
        plan_counts[(row["opd_id"], row["theme_id"])] = row["plans"]
        report_counts[(row["opd_id"], row["theme_id"], row["quarter"])] = {s: row[s] for s in statuses if row[s]}
    theme_ids = {theme_id for (_, theme_id) in plan_counts}
    themes = sorted(
        Theme.objects.filter(pk__in=theme_ids).select_related("programme"), key=lambda t: (t.programme.kind != "general", t.programme.kind, t.order)
    )
    rows = []
    for opd in opd_list:
        cells = []
        for theme in themes:
            n = plan_counts.get((opd.pk, theme.pk))
            if not n:
                cells.append(None)
                continue
            quarters = []
            for q in (1, 2, 3, 4):
                counts = dict(report_counts.get((opd.pk, theme.pk, q), {}))
                missing = n - sum(counts.values())
                if missing:
                    counts["missing"] = missing
                status = next(s for s in STATUS_ORDER if counts.get(s))
                title = f"{quarter_label(q)}: " + ", ".join(f"{STATUS_LABELS[s]} {counts[s]}" for s in STATUS_ORDER if counts.get(s))
                quarters.append({"status": status, "css": STATUS_CSS[status], "plans": n, "counts": counts, "quarter": q, "title": title})
            cells.append(quarters)
        rows.append({"opd": opd, "cells": cells})
    return {"themes": themes, "rows": rows}


def verification_queue(user):
    """Submitted reports in the user's scope, oldest first, with plan and OPD. Page it, then
    `count_evidence(page)`: counting evidence here would count it for every submitted report of
    the scope before the page keeps 50 (2.7 s on the national data, issue 17)."""
    return (
        ProgressReport.objects.visible_to(user)
        .filter(status=Status.SUBMITTED)
        .select_related("plan__opd__pemda", "plan__theme", "submitted_by")
        .order_by("submitted_at", "pk")
    )


def count_evidence(reports):
    """Set `evidence_count` on each of `reports` (one query, over those reports only)."""
    counts = dict(
        Evidence.objects.filter(report__in=[r.pk for r in reports]).values_list("report").annotate(n=Count("pk")).order_by()
    ) if reports else {}
    for report in reports:
        report.evidence_count = counts.get(report.pk, 0)
    return reports


def opd_plan_rows(opd, year, quarter):
    """Plans of one OPD for the "my plans" page: PlanRow plus the four report statuses (2 queries)."""
    plans = plans_with_reports(ActionPlan.objects.filter(opd=opd, year=year)).order_by("theme__programme__kind", "theme__order", "code")
    rows = []
    for plan in plans:
        reports = {r.quarter: r for r in plan.reports.all()}
        rows.append(
            {
                "plan": plan,
                "row": plan_row(plan, quarter),
                "quarters": [
                    {"quarter": q, "status": reports[q].status if q in reports else "", "css": STATUS_CSS[reports[q].status if q in reports else "missing"]}
                    for q in (1, 2, 3, 4)
                ],
            }
        )
    return rows


def reporting_deadline(year, quarter):
    """The last reporting day (a date) of a triwulan: the stored deadline, or the regulation default."""
    from .models import ReportingDeadline
    from .reference import default_deadline

    row = ReportingDeadline.objects.filter(year=year, quarter=quarter).first()
    return row.due_date if row else default_deadline(year, quarter)


# The columns the preview table shows; a bad cell elsewhere is named under the indicator.
PREVIEW_COLUMNS = ("code", "theme", "indicator", "annual_target", "target_q1", "target_q2", "target_q3", "target_q4", "budget")


def preview_rows(log, *, limit):
    """The first `limit` rows of an uploaded blank as its preview normalised them (ImportLog.rows,
    the one copy the page and the confirmation share), each with its dry-run status ("new",
    "update", "skip", or "invalid") and its bad cells, and theme labels: one query."""
    from .columns import COLUMNS
    from .models import Theme
    from .services import PREVIEW_MARKS

    headers = {column.key: column.header for column in COLUMNS}
    items = log.rows[:limit]
    themes = Theme.objects.in_bulk({item["theme"] for item in items if item.get("theme")})
    rows = []
    for item in items:
        marks = item.get(PREVIEW_MARKS, {})
        bad = marks.get("bad", {})
        rows.append({
            "row": item.get("row"),
            "status": marks.get("status", ""),
            "bad": bad,
            "other_errors": [f"{headers[key]}: {reason}" for key, reason in bad.items() if key not in PREVIEW_COLUMNS],
            "code": item.get("code"),
            "theme": themes[item["theme"]].label if item.get("theme") in themes else "",
            "indicator": item.get("indicator"),
            "unit": item.get("unit"),
            "annual_target": item.get("annual_target"),
            "targets": [(f"target_q{q}", item.get(f"target_q{q}")) for q in (1, 2, 3, 4)],
            "budget": item.get("budget"),
        })
    return rows

# --- the national overview ---------------------------------------------------------------------


@dataclass(frozen=True)
class ProvinceFigures:
    """One province government's action-plan figures for a period (see province_figures)."""

    pemda: object  # agencies.Pemda of level province, with its province joined
    plans: int
    achievement: float | None  # weighted achievement of its plans by the period's triwulan, 0–100
    target_quarter: int  # the province target: ≥ target_percent % of plans tercapai by TW target_quarter
    target_quarter_label: str
    target_percent: float
    achieved_percent: float | None  # % of plans tercapai by the target's triwulan
    met: bool
    opds: int  # active OPDs of the province government
    reported: int  # of which reported every plan in the period's triwulan
    reporting_rate: float | None


def province_figures(user, year, quarter):
    """ProvinceFigures of every province government (Pemprov) in the user's scope, code order.

    The figures are the province Pemda's own OPDs, as on its target page (actionplans:targets).
    Queries do not grow with the number of provinces: the Pemdas, the targets, the OPD reporting
    counts, and one roll-up (achievement.rollup, grouped by Pemda) per triwulan needed: the
    period's and those of the province targets (at most four, one when they share TW III).
    """
    from .models import ProvinceTarget
    from .reference import DEFAULT_TARGET_PERCENT, DEFAULT_TARGET_QUARTER

    pemdas = list(
        Pemda.objects.visible_to(user).filter(level=Pemda.Level.PROVINCE).select_related("province").order_by("province__code")
    )
    targets = {
        t.province_id: (t.quarter, t.min_percent)
        for t in ProvinceTarget.objects.filter(year=year, province__in=[p.province_id for p in pemdas])
    }
    default = (DEFAULT_TARGET_QUARTER, DEFAULT_TARGET_PERCENT)
    plans = AchievementRollup.objects.visible_to(user).filter(year=year, opd__pemda__in=pemdas)
    needed = {quarter} | {targets.get(p.province_id, default)[0] for p in pemdas}
    by_quarter = {q: {row["opd__pemda"]: row for row in rollup(plans, q, ["opd__pemda"])} for q in sorted(needed)}
    reporting = {}
    for row in opd_reporting(Opd.objects.visible_to(user).filter(pemda__in=pemdas), year, quarter).values(
        "pemda", "n_plans", "n_reported"
    ):
        counts = reporting.setdefault(row["pemda"], [0, 0])
        counts[0] += 1
        counts[1] += 1 if row["n_plans"] and row["n_reported"] >= row["n_plans"] else 0
    result = []
    for pemda in pemdas:
        target_quarter, minimum = targets.get(pemda.province_id, default)
        now = by_quarter[quarter].get(pemda.pk) or {}
        at_target = by_quarter[target_quarter].get(pemda.pk) or {}
        opds, reported = reporting.get(pemda.pk, (0, 0))
        achieved_percent = at_target.get("achieved_percent")
        result.append(
            ProvinceFigures(
                pemda=pemda,
                plans=now.get("plans", 0),
                achievement=now.get("achievement"),
                target_quarter=target_quarter,
                target_quarter_label=quarter_label(target_quarter),
                target_percent=float(minimum),
                achieved_percent=achieved_percent,
                met=achieved_percent is not None and achieved_percent >= float(minimum) - 1e-9,
                opds=opds,
                reported=reported,
                reporting_rate=reported * 100.0 / opds if opds else None,
            )
        )
    return result
