"""What a quarterly report prints, read from the feature apps through their selectors.

The reports never query another app's tables: action plans come from
`actionplans.selectors.opd_quarter_summary(opd, year, quarter)` and
`pemda_quarter_summary(pemda, year, quarter, scope=pemda_scope(pemda))` (a pack covers what the
province Pemda's scope reaches; only roles with that reach may request or see it); open LHE
recommendations and overdue meeting follow-ups come from `evaluations.selectors.open_recommendations` and
`meetings.selectors.overdue_follow_ups` when those apps expose them (imported guardedly, so
the pack still renders while an app is absent).

This module turns those answers into small dataclasses (`OpdReportData`, `ProvinceReportData`)
that the PDF templates print and that `fingerprint()` hashes: asking again for the same scope,
period and unchanged data finds the same fingerprint and returns the existing report.
"""

import datetime
import hashlib
import importlib
import json
from dataclasses import asdict, dataclass, field, is_dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actionplans.models import ROMAN, quarter_label
from agencies.models import Opd
from agencies.scoping import pemda_scope

QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


class ReportDataUnavailable(Exception):
    """The action-plan data a report needs cannot be read (app or selector missing)."""

    def __str__(self):
        return str(self.args[0]) if self.args else ""  # a lazy message, translated when shown


def quarter_end(year, quarter):
    month, day = QUARTER_END[quarter]
    return datetime.date(year, month, day)


def _optional_module(dotted):
    try:
        return importlib.import_module(dotted)
    except ModuleNotFoundError as exc:
        if exc.name and dotted.startswith(exc.name):
            return None
        raise


def actionplans_selectors():
    module = _optional_module("actionplans.selectors")
    if module is None or not hasattr(module, "opd_quarter_summary") or not hasattr(module, "pemda_quarter_summary"):
        raise ReportDataUnavailable(gettext_lazy("Data rencana aksi belum tersedia (selector actionplans tidak ditemukan)."))
    return module


def _first_present(obj, *names, default=None):
    """First present attribute or key of `obj` among `names` (selectors return dicts or dataclasses)."""
    for name in names:
        if isinstance(obj, dict):
            if name in obj and obj[name] is not None:
                return obj[name]
        elif getattr(obj, name, None) is not None:
            return getattr(obj, name)
    return default


def _number(value):
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return float(value)
    return float(value)


def _label(value):
    """A display label for a model, a choices value or a plain string."""
    if value is None:
        return ""
    for attr in ("label", "name"):
        if hasattr(value, attr) and not isinstance(value, str):
            return str(getattr(value, attr))
    return str(value)


# --- the report's data ----------------------------------------------------------------------


@dataclass
class Signer:
    place: str
    date: datetime.date
    title: str
    name: str
    nip: str


@dataclass
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


@dataclass
class ThemeLine:
    name: str
    plans: int
    achieved: int
    achievement: float | None
    modes: str = ""

    @property
    def achieved_percent(self):
        return self.achieved * 100.0 / self.plans if self.plans else None


@dataclass
class OpdReportData:
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
    def quarter_label(self):
        return quarter_label(self.quarter)

    @property
    def quarter_roman(self):
        return ROMAN[self.quarter]

    @property
    def achieved_percent(self):
        return self.total_achieved * 100.0 / self.total_plans if self.total_plans else None

    @property
    def obstacles(self):
        return [plan for plan in self.plans if plan.obstacles or plan.solutions]

    @property
    def pending(self):
        """Plans whose report for this triwulan is not verified: missing, draft, submitted or returned."""
        return [plan for plan in self.plans if plan.status != "verified"]


@dataclass
class OpdLine:
    opd_id: int
    name: str
    short_name: str
    pemda_name: str
    opd_code: str
    plans: int
    achieved: int
    achievement: float | None
    reported: bool

    @property
    def achieved_percent(self):
        return self.achieved * 100.0 / self.plans if self.plans else None


@dataclass
class GroupLine:
    name: str
    plans: int
    achieved: int
    achievement: float | None

    @property
    def achieved_percent(self):
        return self.achieved * 100.0 / self.plans if self.plans else None


@dataclass
class ProvinceReportData:
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
    recommendations: list
    follow_ups: list
    signer: Signer
    has_recommendations_app: bool = False
    has_meetings_app: bool = False

    @property
    def quarter_label(self):
        return quarter_label(self.quarter)

    @property
    def quarter_roman(self):
        return ROMAN[self.quarter]

    @property
    def target_quarter_label(self):
        return quarter_label(self.target_quarter)

    @property
    def reporting_rate(self):
        return self.opds_reported * 100.0 / self.opds_total if self.opds_total else None

    @property
    def ranking(self):
        return sorted(
            self.opds,
            key=lambda line: (-(line.achievement if line.achievement is not None else -1), -line.achieved, line.name),
        )

    @property
    def not_reported(self):
        return [line for line in self.opds if not line.reported]

    @property
    def annex_opd_ids(self):
        return [line.opd_id for line in self.opds if line.plans]


# --- reading the selectors --------------------------------------------------------------------


def _plan_line(row, quarter):
    theme = _first_present(row, "theme_label", "theme_name", "theme", default="")
    mode = _first_present(row, "target_mode", default="cumulative")
    mode_value = getattr(mode, "value", mode)
    mode_label = _first_present(row, "target_mode_label", default=None) or _label(mode)
    if mode_label == mode_value:
        mode_label = _("Akumulatif") if mode_value == "cumulative" else _("Per triwulan")
    targets = _first_present(row, "targets", default=None)
    if targets is None:
        targets = [_first_present(row, f"target_q{q}") for q in (1, 2, 3, 4)]
    realisations = _first_present(row, "realisations", default=None)
    if isinstance(realisations, dict):
        realisations = [realisations.get(q, realisations.get(str(q))) for q in (1, 2, 3, 4)]
    if realisations is None:
        realisations = [_first_present(row, f"realisation_q{q}", f"r{q}") for q in (1, 2, 3, 4)]
    status = _first_present(row, "status", default="") or "missing"
    status = getattr(status, "value", status)
    status_label = _first_present(row, "status_label", default=None) or {
        "missing": _("Belum melapor"),
        "draft": _("Draf"),
        "submitted": _("Diajukan"),
        "verified": _("Terverifikasi"),
        "returned": _("Dikembalikan"),
    }.get(status, str(status))
    achievement = _number(_first_present(row, "achievement"))
    return PlanLine(
        code=str(_first_present(row, "code", default="")),
        theme=_label(theme),
        indicator=str(_first_present(row, "indicator", default="")),
        unit=str(_first_present(row, "unit", default="")),
        target_mode=str(mode_value),
        target_mode_label=str(mode_label),
        annual_target=_number(_first_present(row, "annual_target")),
        targets=[_number(value) for value in list(targets)[:4]],
        realisations=[_number(value) for value in list(realisations)[:4]],
        achievement=achievement,
        achieved=bool(_first_present(row, "achieved", default=achievement is not None and achievement >= 100 - 1e-6)),
        status=str(status),
        status_label=str(status_label),
        evidence_count=int(_first_present(row, "evidence_count", "evidence", default=0) or 0),
        obstacles=str(_first_present(row, "obstacles", default="") or ""),
        solutions=str(_first_present(row, "solutions", default="") or ""),
        comment=str(_first_present(row, "comment", default="") or ""),
    )


def _theme_lines(rows):
    lines = []
    for row in rows or []:
        lines.append(
            ThemeLine(
                name=_label(_first_present(row, "theme_label", "label", "name", "theme", default="")),
                plans=int(_first_present(row, "plans", default=0) or 0),
                achieved=int(_first_present(row, "achieved", default=0) or 0),
                achievement=_number(_first_present(row, "achievement")),
            )
        )
    return lines


def _themes_from_plans(plans):
    by_theme = {}
    for plan in plans:
        by_theme.setdefault(plan.theme, []).append(plan)
    lines = []
    for name, rows in by_theme.items():
        values = [row.achievement for row in rows if row.achievement is not None]
        lines.append(
            ThemeLine(
                name=name,
                plans=len(rows),
                achieved=sum(1 for row in rows if row.achieved),
                achievement=sum(values) / len(values) if values else None,
            )
        )
    return lines


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
    """Everything the OPD quarterly report prints, from actionplans.selectors."""
    return _opd_report_data(opd, year, quarter, actionplans_selectors().opd_quarter_summary(opd, year, quarter))


def opd_reports_data(opds, year, quarter):
    """opd_report_data for each of `opds`, with the queries of one."""
    summaries = actionplans_selectors().opd_quarter_summaries(opds, year, quarter)
    return [_opd_report_data(opd, year, quarter, summary) for opd, summary in zip(opds, summaries, strict=True)]


def _opd_report_data(opd, year, quarter, summary):
    plans = [_plan_line(row, quarter) for row in _first_present(summary, "plans", "rows", default=[])]
    themes = _theme_lines(_first_present(summary, "themes", default=None)) or _themes_from_plans(plans)
    total = _first_present(summary, "total", "totals", default={}) or {}
    achieved = _first_present(total, "achieved", default=None)
    if achieved is None:
        achieved = sum(1 for plan in plans if plan.achieved)
    achievement = _number(_first_present(total, "achievement", default=_first_present(summary, "achievement")))
    reported = _first_present(summary, "reported", "has_reported", default=None)
    if reported is None:
        reported = any(plan.status in ("submitted", "verified") for plan in plans)
    modes = {}
    for plan in plans:
        modes[plan.target_mode_label] = modes.get(plan.target_mode_label, 0) + 1
    return OpdReportData(
        opd_id=opd.pk,
        opd_name=opd.name,
        opd_code=opd.code,
        pemda_name=opd.pemda.name,
        province_name=opd.pemda.province.name,
        year=year,
        quarter=quarter,
        plans=plans,
        themes=themes,
        total_plans=int(_first_present(total, "plans", default=len(plans)) or 0),
        total_achieved=int(achieved or 0),
        achievement=achievement,
        reported=bool(reported),
        signer=opd_signer(opd, year, quarter),
        modes=modes,
    )


def _group_name(row):
    pemda = _first_present(row, "pemda", default=None)
    regency = getattr(pemda, "regency", None) if pemda is not None and getattr(pemda, "regency_id", None) else None
    if regency is not None:
        return regency.name
    return _label(_first_present(row, "name", "label", "pemda_name", "regency", "pemda", default=""))


def _group_lines(rows):
    return [
        GroupLine(
            name=_group_name(row),
            plans=int(_first_present(row, "plans", default=0) or 0),
            achieved=int(_first_present(row, "achieved", default=0) or 0),
            achievement=_number(_first_present(row, "achievement")),
        )
        for row in rows or []
    ]


def _opd_lines(rows):
    lines = []
    for row in rows or []:
        opd = _first_present(row, "opd", default=None)
        lines.append(
            OpdLine(
                opd_id=int(_first_present(row, "opd_id", default=getattr(opd, "pk", 0)) or 0),
                name=str(_first_present(row, "name", "opd_name", default=getattr(opd, "name", ""))),
                short_name=str(_first_present(row, "short_name", default=getattr(opd, "short_name", "")) or ""),
                pemda_name=str(_first_present(row, "pemda_name", default="") or ""),
                opd_code=str(_first_present(row, "code", default=getattr(opd, "code", "")) or ""),
                plans=int(_first_present(row, "plans", default=0) or 0),
                achieved=int(_first_present(row, "achieved", default=0) or 0),
                achievement=_number(_first_present(row, "achievement")),
                reported=bool(_first_present(row, "reported", default=False)),
            )
        )
    return lines


def _names(value):
    """Names of a related manager (prefetched OPDs) or a plain label."""
    if hasattr(value, "all"):
        return ", ".join(item.short_name or item.name for item in value.all())
    return _label(value)


def _status_label(row):
    display = getattr(row, "get_status_display", None)
    if callable(display):
        return str(display())
    return _label(_first_present(row, "status_label", "status", default=""))


def open_recommendations(pemda):
    """Open LHE recommendations when the evaluations app exposes its selector, else None."""
    module = _optional_module("evaluations.selectors")
    function = getattr(module, "open_recommendations", None) if module else None
    if function is None:
        return None
    return [
        {
            "text": str(_first_present(row, "text", "recommendation", "title", default=row)),
            "opd": _names(_first_present(row, "opds", "opd_name", "opd", default="")),
            "status": _status_label(row),
            "due": _first_present(row, "due_date", "due", default=None),
        }
        for row in function(pemda)
    ]


def overdue_follow_ups(pemda, on_date):
    """Overdue meeting follow-ups of a Pemda when the meetings app exposes a Pemda selector, else None.

    Looks for `meetings.selectors.overdue_follow_ups_for_pemda(pemda, on_date)`; a selector that
    takes a user instead of a Pemda cannot serve a scheduled report and is not used.
    """
    module = _optional_module("meetings.selectors")
    function = getattr(module, "overdue_follow_ups_for_pemda", None) if module else None
    if function is None:
        return None
    return [
        {
            "text": str(_first_present(row, "text", "description", "title", default=row)),
            "meeting": _label(_first_present(row, "meeting_title", "meeting", default="")),
            "opd": _names(_first_present(row, "opd_name", "opd", "assignee", default="")),
            "due": _first_present(row, "due_date", "due", default=None),
        }
        for row in function(pemda, on_date)
    ]


def province_report_data(pemda, year, quarter):
    """Everything the province pack's front part prints (the annex reads each OPD separately)."""
    summary = actionplans_selectors().pemda_quarter_summary(pemda, year, quarter, scope=pemda_scope(pemda))
    target = _first_present(summary, "target", default={}) or {}
    total = _first_present(summary, "total", "totals", default=None) or summary
    opds = _opd_lines(_first_present(summary, "opd_ranking", "opds", default=[]))
    ranked = {line.opd_id for line in opds}
    # OPDs without plans this year are not ranked, but they have not reported either.
    for row in _first_present(summary, "not_reported", default=[]) or []:
        opd = _first_present(row, "opd", default=None)
        if opd is not None and opd.pk not in ranked:
            opds.append(OpdLine(opd_id=opd.pk, name=opd.name, short_name=opd.short_name or "", pemda_name="",
                                opd_code=opd.code, plans=int(_first_present(row, "plans", default=0) or 0), achieved=0,
                                achievement=None, reported=False))
    reporting = _first_present(summary, "reporting", default={}) or {}
    target_percent = _number(_first_present(target, "target", "min_percent", default=75)) or 75.0
    actual = _number(_first_present(target, "actual", "actual_percent", default=None))
    recommendations = open_recommendations(pemda)
    follow_ups = overdue_follow_ups(pemda, quarter_end(year, quarter))
    opds_total = int(_first_present(reporting, "opds", "total", default=len(opds)) or 0)
    opds_reported = _first_present(reporting, "reported", default=None)
    if opds_reported is None:
        opds_reported = sum(1 for line in opds if line.reported)
    return ProvinceReportData(
        pemda_id=pemda.pk,
        pemda_name=pemda.name,
        province_name=pemda.province.name,
        year=year,
        quarter=quarter,
        target_quarter=int(_first_present(target, "quarter", default=3) or 3),
        target_percent=target_percent,
        actual_percent=actual,
        target_met=bool(_first_present(target, "met", default=actual is not None and actual >= target_percent - 1e-9)),
        total_plans=int(_first_present(total, "plans", default=0) or 0),
        total_achieved=int(_first_present(total, "achieved", default=0) or 0),
        achievement=_number(_first_present(total, "achievement")),
        opds_total=opds_total,
        opds_reported=int(opds_reported),
        themes=_theme_lines(_first_present(summary, "themes", default=[])),
        opds=opds,
        regencies=_group_lines(_first_present(summary, "regencies", "pemdas", default=[])),
        recommendations=recommendations or [],
        follow_ups=follow_ups or [],
        signer=province_signer(pemda, year, quarter),
        has_recommendations_app=recommendations is not None,
        has_meetings_app=follow_ups is not None,
    )


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
