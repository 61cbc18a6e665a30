"""What a quarterly report prints, read from the feature apps through their selectors.

The reports never query another app's tables; each input is a selector returning that app's
frozen dataclasses:
- `actionplans.selectors.opd_quarter_summary(opd, year, quarter)` (`OpdQuarterSummary` of
  `PlanRow`s) for an OPD report and each OPD of a pack's annex (`opd_quarter_summaries`);
- `actionplans.selectors.pemda_quarter_figures(pemda, year, quarter, scope=pemda_scope(pemda))`
  (`PemdaQuarterFigures`) for the pack's front pages: a pack covers what the province Pemda's
  scope reaches, and only roles with that reach may request or see it;
- `evaluations.selectors.open_recommendations(pemda)` (`OpenRecommendation`),
  `evaluations.selectors.objection_counts` (`ObjectionCounts`) and
  `meetings.selectors.overdue_follow_ups_for_pemda(pemda, on_date)` (`OverdueFollowUp`),
  printed as they come;
- `institutions.selectors.province_view` (`ProvinceView` of `ProvinceRow`s), the kelembagaan
  annex section.

The selectors that take a user read as the pack's reader (`pack_reader`): the province Pemda's
own scope, so every figure starts from `visible_to` as a page's would.

This module turns them into the report's own dataclasses (`OpdReportData`, `ProvinceReportData`),
which the PDF templates print and `fingerprint()` hashes: asking again for the same scope,
period and unchanged data finds the same fingerprint and returns the existing report.
"""

import datetime
import hashlib
import json
from dataclasses import asdict, dataclass, field, is_dataclass
from types import SimpleNamespace
from decimal import Decimal

from django.utils.translation import gettext as _

from actionplans import selectors as plan_selectors
from actionplans.models import ROMAN, quarter_label
from agencies.models import Opd
from agencies.scoping import pemda_scope
from evaluations.selectors import ObjectionCounts, objection_counts, open_recommendations
from institutions.selectors import ProvinceView, province_view
from meetings.selectors import overdue_follow_ups_for_pemda

QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def quarter_end(year, quarter):
    month, day = QUARTER_END[quarter]
    return datetime.date(year, month, day)


def _number(value):
    """Figures print as floats (Decimal targets and realisations included)."""
    return None if value is None else float(value)


def _percent(part, whole):
    return part * 100.0 / whole if whole else None


# --- the report's data ----------------------------------------------------------------------


class _QuarterLabels:
    """The printed names of a report's triwulan (its `quarter` field)."""

    @property
    def quarter_label(self):
        return quarter_label(self.quarter)

    @property
    def quarter_roman(self):
        return ROMAN[self.quarter]


class _AchievedShare:
    """Share of a line's plans (`plans`) that reached their target (`achieved`), in percent."""

    @property
    def achieved_percent(self):
        return _percent(self.achieved, self.plans)


@dataclass(frozen=True)
class Signer:
    place: str
    date: datetime.date
    title: str
    name: str
    nip: str


@dataclass(frozen=True)
class PlanLine:
    code: str
    theme: str
    indicator: str
    unit: str
    target_mode: str
    target_mode_label: str
    annual_target: float | None
    targets: list
    realisations: list
    achievement: float | None
    achieved: bool
    status: str
    status_label: str
    evidence_count: int
    obstacles: str = ""
    solutions: str = ""
    comment: str = ""

    @property
    def tw(self):
        """(target, realisation) per triwulan I–IV."""
        return list(zip(self.targets, self.realisations))

    @property
    def status_badge(self):
        return {"verified": "ok", "submitted": "info", "returned": "bad", "draft": "warn"}.get(self.status, "warn")


@dataclass(frozen=True)
class TallyLine(_AchievedShare):
    """One row of a tally table: a theme of an OPD or a province, or a regency/city of a province."""

    name: str
    plans: int
    achieved: int
    achievement: float | None


@dataclass(frozen=True)
class OpdReportData(_QuarterLabels):
    opd_id: int
    opd_name: str
    opd_code: str
    pemda_name: str
    province_name: str
    year: int
    quarter: int
    plans: list
    themes: list
    total_plans: int
    total_achieved: int
    achievement: float | None
    reported: bool
    signer: Signer
    modes: dict = field(default_factory=dict)

    @property
    def achieved_percent(self):
        return _percent(self.total_achieved, self.total_plans)

    @property
    def obstacles(self):
        return [plan for plan in self.plans if plan.obstacles or plan.solutions]

    @property
    def pending(self):
        """Plans whose report for this triwulan is not verified: missing, draft, submitted or returned."""
        return [plan for plan in self.plans if plan.status != "verified"]


@dataclass(frozen=True)
class OpdLine(_AchievedShare):
    opd_id: int
    name: str
    short_name: str
    opd_code: str
    plans: int
    achieved: int
    achievement: float | None
    reported: bool


@dataclass(frozen=True)
class ProvinceReportData(_QuarterLabels):
    pemda_id: int
    pemda_name: str
    province_name: str
    year: int
    quarter: int
    target_quarter: int
    target_percent: float
    actual_percent: float | None
    target_met: bool
    total_plans: int
    total_achieved: int
    achievement: float | None
    opds_total: int
    opds_reported: int
    themes: list
    opds: list
    regencies: list
    recommendations: list  # [evaluations.selectors.OpenRecommendation]
    objections: ObjectionCounts  # to the scores of internal LHE in the province
    follow_ups: list  # [meetings.selectors.OverdueFollowUp]
    institutions: ProvinceView  # kelembagaan per Pemda of the province and per provincial agency
    signer: Signer

    @property
    def target_quarter_label(self):
        return quarter_label(self.target_quarter)

    @property
    def reporting_rate(self):
        return _percent(self.opds_reported, self.opds_total)

    @property
    def ranking(self):
        return sorted(
            self.opds,
            key=lambda line: (-(line.achievement if line.achievement is not None else -1), -line.achieved, line.name),
        )

    @property
    def not_reported(self):
        return [line for line in self.opds if not line.reported]


# --- reading the selectors --------------------------------------------------------------------


def _plan_line(row):
    """A PlanLine of an actionplans.selectors.PlanRow."""
    return PlanLine(
        code=row.code,
        theme=row.theme_name,
        indicator=row.indicator,
        unit=row.unit,
        target_mode=row.target_mode,
        target_mode_label=row.target_mode_label,
        annual_target=_number(row.annual_target),
        targets=[_number(value) for value in row.targets],
        realisations=[_number(row.realisations.get(q)) for q in (1, 2, 3, 4)],
        achievement=_number(row.achievement),
        achieved=row.achieved,
        status=row.status or "missing",
        status_label=row.status_label,
        evidence_count=row.evidence_count,
        obstacles=row.obstacles,
        solutions=row.solutions,
        comment=row.comment,
    )


def _theme_line(row):
    """A TallyLine of an actionplans.selectors.ThemeFigures."""
    return TallyLine(name=row.name, plans=row.plans, achieved=row.achieved, achievement=_number(row.achievement))


def opd_signer(opd, year, quarter):
    return Signer(
        place=opd.pemda.seat,
        date=quarter_end(year, quarter),
        title=str(opd.signer_title),
        name=opd.head_name,
        nip=opd.head_nip,
    )


def province_signer(pemda, year, quarter):
    """The Kepala Biro Organisasi of the province (the Biro's OPD record holds the head)."""
    bureau = (
        Opd.objects.filter(pemda=pemda, kind__in=Opd.ORGANISATION_BUREAU_KINDS, is_active=True)
        .order_by("code")
        .first()
    )
    title = str(bureau.signer_title) if bureau else _("Kepala Biro Organisasi")
    return Signer(
        place=pemda.seat,
        date=quarter_end(year, quarter),
        title=title,
        name=bureau.head_name if bureau else "",
        nip=bureau.head_nip if bureau else "",
    )


def opd_report_data(opd, year, quarter):
    """Everything the OPD quarterly report prints."""
    return _opd_report_data(opd, year, quarter, plan_selectors.opd_quarter_summary(opd, year, quarter))


def opd_reports_data(opds, year, quarter):
    """opd_report_data for each of `opds`, with the queries of one."""
    summaries = plan_selectors.opd_quarter_summaries(opds, year, quarter)
    return [_opd_report_data(opd, year, quarter, summary) for opd, summary in zip(opds, summaries, strict=True)]


def _opd_report_data(opd, year, quarter, summary):
    plans = [_plan_line(row) for row in summary.plans]
    return OpdReportData(
        opd_id=opd.pk,
        opd_name=opd.name,
        opd_code=opd.code,
        pemda_name=opd.pemda.name,
        province_name=opd.pemda.province.name,
        year=year,
        quarter=quarter,
        plans=plans,
        themes=[_theme_line(row) for row in summary.themes],
        total_plans=summary.plan_count,
        total_achieved=summary.achieved_count,
        achievement=_number(summary.achievement),
        reported=summary.has_reported,
        signer=opd_signer(opd, year, quarter),
        modes=dict(summary.target_modes),
    )


def _opd_line(row):
    """An OpdLine of an actionplans.selectors.OpdFigures."""
    opd = row.opd
    return OpdLine(opd_id=opd.pk, name=opd.name, short_name=opd.short_name or "", opd_code=opd.code, plans=row.plans,
                   achieved=row.achieved, achievement=_number(row.achievement), reported=row.reported)


def _regency_line(row):
    """A TallyLine of an actionplans.selectors.RegencyFigures."""
    pemda = row.pemda
    return TallyLine(name=pemda.regency.name if pemda.regency_id else pemda.name, plans=row.plans,
                     achieved=row.achieved, achievement=_number(row.achievement))


def pack_reader(pemda):
    """Who a pack reads as: no user (the schedule, the command), the reach of the Pemda's own
    reports. `visible_to(user)` asks only for a user's `scope`."""
    return SimpleNamespace(scope=pemda_scope(pemda), is_authenticated=True, is_active=True, is_superuser=False)


def province_report_data(pemda, year, quarter):
    """Everything the province pack's front part prints (the annex reads each OPD separately)."""
    reader = pack_reader(pemda)
    figures = plan_selectors.pemda_quarter_figures(pemda, year, quarter, scope=reader.scope)
    target = figures.target
    return ProvinceReportData(
        pemda_id=pemda.pk,
        pemda_name=pemda.name,
        province_name=pemda.province.name,
        year=year,
        quarter=quarter,
        target_quarter=target.quarter,
        target_percent=float(target.percent),
        actual_percent=_number(target.actual),
        target_met=target.met,
        total_plans=figures.plans,
        total_achieved=figures.achieved,
        achievement=_number(figures.achievement),
        opds_total=figures.opds_total,
        opds_reported=figures.opds_reported,
        themes=[_theme_line(row) for row in figures.themes],
        opds=[_opd_line(row) for row in figures.opds],
        regencies=[_regency_line(row) for row in figures.regencies],
        recommendations=list(open_recommendations(pemda)),
        objections=objection_counts(reader),
        follow_ups=list(overdue_follow_ups_for_pemda(pemda, quarter_end(year, quarter))),
        institutions=province_view(reader, pemda.province),
        signer=province_signer(pemda, year, quarter),
    )


def annex_opds(pemda, year):
    """The OPDs whose pages form a province pack's annex: those of the Pemda with plans this year."""
    return plan_selectors.opds_with_plans(pemda, year, scope=pemda_scope(pemda))


# --- fingerprints -----------------------------------------------------------------------------


def _jsonable(value):
    if is_dataclass(value):
        return asdict(value)
    if isinstance(value, (datetime.date, datetime.datetime, Decimal)):
        return str(value)
    return str(value)


def fingerprint(*parts):
    """SHA-256 of the report's inputs; equal inputs give equal fingerprints."""
    payload = json.dumps([asdict(p) if is_dataclass(p) else p for p in parts], default=_jsonable, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()
