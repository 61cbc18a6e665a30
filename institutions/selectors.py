"""Reads of kelembagaan: access helpers and the Biro's province view.

`province_view(user, province)` is also what the quarterly pack reads for its annex (frozen
dataclasses, scoped by the user); `templates/institutions/_province_table.html` renders it.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, F, IntegerField, Max, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from agencies.models import Opd, Pemda, Province, pemda_code_q
from agencies.scoping import get_scope, get_visible_or_404

from .models import (
    Mismatch, OrganisationStructure, OrgUnit, PostConversion, Regulation, SimplificationBaseline, StrategicIssue,
    WorkloadMapping, WorkloadScore,
)
from .services import can_manage


# --- access helpers: 404 outside the scope, 403 when visible but not writable --------------------


def _manages(user, pemda_of):
    """The write rule of kelembagaan: the user manages the row's Pemda (`pemda_of(row)`)."""
    return lambda row: can_manage(user, pemda_of(row))


def get_pemda_for_user(user, code, *, write=False):
    qs = Pemda.objects.select_related("province", "regency")
    return get_visible_or_404(
        qs, user, pemda_code_q("", code), write=write, may_edit=_manages(user, lambda pemda: pemda)
    )


def get_opd_for_user(user, pk, *, write=False):
    qs = Opd.objects.select_related("pemda__province", "pemda__regency")
    return get_visible_or_404(qs, user, pk=pk, write=write, may_edit=_manages(user, lambda opd: opd.pemda))


def get_structure_for_user(user, pk, *, write=False):
    qs = OrganisationStructure.objects.select_related("opd__pemda__province", "opd__pemda__regency")
    return get_visible_or_404(
        qs, user, pk=pk, write=write, may_edit=_manages(user, lambda structure: structure.opd.pemda)
    )


def get_unit_for_user(user, pk):
    """A unit is only ever fetched to be changed (its structure's page lists them)."""
    qs = OrgUnit.objects.select_related("structure__opd__pemda")
    return get_visible_or_404(
        qs, user, pk=pk, write=True, may_edit=_manages(user, lambda unit: unit.structure.opd.pemda)
    )


def get_mismatch_for_user(user, pk):
    qs = Mismatch.objects.select_related(
        "opd__pemda__province", "opd__pemda__regency", "conversion", "raised_by", "proposed_by", "resolved_by"
    )
    return get_visible_or_404(qs, user, pk=pk)


def get_regulation_for_user(user, pk, *, write=False):
    qs = Regulation.objects.select_related("pemda__province", "pemda__regency", "follows__pemda")
    return get_visible_or_404(
        qs, user, pk=pk, write=write, may_edit=_manages(user, lambda regulation: regulation.pemda)
    )


def get_issue_for_user(user, pk, *, write=False):
    qs = StrategicIssue.objects.select_related("pemda__province", "pemda__regency")
    return get_visible_or_404(qs, user, pk=pk, write=write, may_edit=_manages(user, lambda issue: issue.pemda))


# --- the lists on a Pemda's and an agency's pages -------------------------------------------


def active_opds(user, pemda):
    """The Pemda's active agencies that the user sees, by code."""
    return Opd.objects.visible_to(user).filter(pemda=pemda, is_active=True).order_by("code")


def opds_with_latest_structure(user, pemda):
    """(agency, its current structure or None) for each of `active_opds`."""
    latest = {
        s.opd_id: s for s in OrganisationStructure.objects.visible_to(user).filter(opd__pemda=pemda).latest_per_opd()
    }
    return [(opd, latest.get(opd.pk)) for opd in active_opds(user, pemda)]


def opd_structures(user, opd):
    """The agency's structure versions, the current (latest `valid_from`) first."""
    return list(OrganisationStructure.objects.visible_to(user).filter(opd=opd).order_by("-valid_from"))


def workload_mappings(user, pemda):
    return WorkloadMapping.objects.visible_to(user).filter(pemda=pemda).order_by("-year")


def workload_mapping(pemda, year):
    """The Pemda's mapping of the year, or None (the caller has checked that the user sees the Pemda)."""
    return WorkloadMapping.objects.filter(pemda=pemda, year=year).first()


def conversions(user, **where):
    """Post conversions the user sees, filtered by `where` (`opd=` or `opd__pemda=`), each with its agency."""
    return PostConversion.objects.visible_to(user).filter(**where).select_related("opd")


def mismatches(user, **where):
    """Mismatches the user sees, filtered by `where` (`opd=` or `opd__pemda=`), each with its agency."""
    return Mismatch.objects.visible_to(user).filter(**where).select_related("opd")


def simplification_baseline(user, pemda):
    return SimplificationBaseline.objects.visible_to(user).filter(pemda=pemda).first()


def strategic_issues(user, pemda):
    return StrategicIssue.objects.visible_to(user).filter(pemda=pemda)


# --- the province view -------------------------------------------------------------------------


@dataclass(frozen=True)
class ProvinceRow:
    kind: str  # "pemda" (a regency/city, or the province as a whole) or "opd" (a provincial agency)
    pk: int
    code: str
    name: str
    latest_structure: object  # date or None
    opd_type: str  # the agency's recorded type ("" for Pemda rows)
    workload_type: object  # computed type ("A"/"B"/"C"/"" none) or None when not mapped
    type_mismatches: int  # Pemda rows: agencies whose type differs; agency rows: 0 or 1
    simplification_percent: object  # Decimal or None (no baseline)
    open_mismatches: int
    regulations_enacted: int
    open_issues: int
    adopted_model: object = None  # Pemda rows of regencies: enacted a regulation following a model

    @property
    def url_name(self):
        return "institutions:pemda" if self.kind == "pemda" else "institutions:opd"

    @property
    def url_arg(self):
        return self.code if self.kind == "pemda" else self.pk


@dataclass(frozen=True)
class ProvinceView:
    province: object
    pemda_rows: tuple
    opd_rows: tuple
    models: tuple = ()  # the province's model regulations: (pk, title)


SORT_KEYS = (
    "name", "code", "latest_structure", "type_mismatches", "simplification_percent", "open_mismatches",
    "regulations_enacted", "open_issues",
)


def _count(qs, outer):
    """A correlated COUNT(*) of `qs` grouped by the field `outer` points at, 0 when empty."""
    return Coalesce(
        Subquery(qs.order_by().values(outer).annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()),
        Value(0),
    )


def percent(converted, baseline):
    if not baseline:
        return None
    return (Decimal(converted) * 100 / Decimal(baseline)).quantize(Decimal("0.1"))


def province_view(user, province, *, sort="name", descending=False):
    """Per regency/city and per provincial agency: structure date, type vs workload type,
    simplification percentage, open mismatches, regulations enacted, open issues.

    Every count starts from the models' `visible_to(user)`. Three queries, whatever the size.
    """
    latest_year = (
        WorkloadScore.objects.filter(mapping__pemda_id=OuterRef("opd__pemda_id")).order_by("-mapping__year")
        .values("mapping__year")[:1]
    )
    scores = WorkloadScore.objects.visible_to(user).filter(mapping__year=Subquery(latest_year))
    structures = OrganisationStructure.objects.visible_to(user)
    mismatches = Mismatch.objects.visible_to(user).filter(status__in=Mismatch.OPEN_STATUSES)
    conversions = PostConversion.objects.visible_to(user)
    enacted = Regulation.objects.visible_to(user).filter(status=Regulation.Status.ENACTED)
    issues = StrategicIssue.objects.visible_to(user).filter(status__in=StrategicIssue.OPEN_STATUSES)
    baselines = SimplificationBaseline.objects.visible_to(user)

    pemdas = (
        Pemda.objects.visible_to(user).filter(province=province).select_related("province", "regency")
        .annotate(
            latest_structure=Subquery(
                structures.filter(opd__pemda=OuterRef("pk")).order_by().values("opd__pemda")
                .annotate(d=Max("valid_from")).values("d")[:1]
            ),
            type_mismatches=_count(
                scores.filter(opd__pemda=OuterRef("pk")).exclude(computed_type=F("opd__type")),
                "opd__pemda",
            ),
            converted=_count(conversions.filter(opd__pemda=OuterRef("pk")), "opd__pemda"),
            posts_before=Subquery(baselines.filter(pemda=OuterRef("pk")).values("posts_before")[:1]),
            open_mismatch_count=_count(mismatches.filter(opd__pemda=OuterRef("pk")), "opd__pemda"),
            enacted_count=_count(enacted.filter(pemda=OuterRef("pk")), "pemda"),
            open_issue_count=_count(issues.filter(pemda=OuterRef("pk")), "pemda"),
            adopted=Exists(enacted.filter(pemda=OuterRef("pk"), follows__is_model=True)),
        )
    )
    pemda_rows = [
        ProvinceRow(
            kind="pemda", pk=p.pk, code=p.code, name=p.name, latest_structure=p.latest_structure, opd_type="",
            workload_type=None, type_mismatches=p.type_mismatches,
            simplification_percent=percent(p.converted, p.posts_before), open_mismatches=p.open_mismatch_count,
            regulations_enacted=p.enacted_count, open_issues=p.open_issue_count,
            adopted_model=None if p.is_province else p.adopted,
        )
        for p in pemdas
    ]
    opds = (
        Opd.objects.visible_to(user).filter(pemda__province=province, pemda__level=Pemda.Level.PROVINCE, is_active=True)
        .annotate(
            latest_structure=Subquery(
                structures.filter(opd=OuterRef("pk")).order_by("-valid_from").values("valid_from")[:1]
            ),
            workload_type=Subquery(
                WorkloadScore.objects.visible_to(user).filter(opd=OuterRef("pk")).order_by("-mapping__year")
                .values("computed_type")[:1]
            ),
            converted=_count(conversions.filter(opd=OuterRef("pk")), "opd"),
            open_mismatch_count=_count(mismatches.filter(opd=OuterRef("pk")), "opd"),
        )
    )
    opd_rows = [
        ProvinceRow(
            kind="opd", pk=o.pk, code=o.code, name=o.name, latest_structure=o.latest_structure, opd_type=o.type,
            workload_type=o.workload_type,
            type_mismatches=int(o.workload_type is not None and o.workload_type != (o.type or "")),
            simplification_percent=None, open_mismatches=o.open_mismatch_count, regulations_enacted=0, open_issues=0,
        )
        for o in opds
    ]
    key = sort if sort in SORT_KEYS else "name"
    models = tuple(
        (r.pk, r.title) for r in Regulation.objects.visible_to(user).filter(pemda__province=province, is_model=True)
    )
    return ProvinceView(
        province=province, models=models,
        pemda_rows=tuple(_sorted(pemda_rows, key, descending)),
        opd_rows=tuple(_sorted(opd_rows, key, descending)),
    )


def _sorted(rows, key, descending):
    # Rows without a value go last whichever the direction.
    present = [r for r in rows if getattr(r, key) is not None]
    missing = [r for r in rows if getattr(r, key) is None]
    present.sort(key=lambda r: (getattr(r, key), r.name), reverse=descending)
    return present + sorted(missing, key=lambda r: r.name)


def province_for(user, code=None):
    """The province a user's view starts from: their own, or the one asked for (if visible)."""
    scope = get_scope(user)
    provinces = Province.objects.filter(pk__in=Pemda.objects.visible_to(user).values("province_id"))
    if code:
        return get_object_or_404(provinces, code=code)
    if scope.province_id:
        return get_object_or_404(provinces, pk=scope.province_id)
    return provinces.order_by("code").first()


def visible_provinces(user):
    return Province.objects.filter(pk__in=Pemda.objects.visible_to(user).values("province_id")).order_by("code")


# --- the model regulation matrix ---------------------------------------------------------------


@dataclass(frozen=True)
class AdoptionRow:
    pemda_code: str
    pemda_name: str
    regulation_pk: object
    status: str  # "" (none), "draft", "facilitated", "enacted"
    status_label: str
    number: str
    enacted_on: object

    @property
    def adopted(self):
        return self.status == Regulation.Status.ENACTED


def model_matrix(user, model):
    """Per regency/city of the model's province: its regulation following the model, if any."""
    followers = {
        r.pemda_id: r
        for r in Regulation.objects.visible_to(user).filter(follows=model).order_by("pemda_id", "-updated_at")
    }
    rows = []
    for pemda in Pemda.objects.visible_to(user).filter(
        province_id=model.pemda.province_id, level=Pemda.Level.REGENCY
    ).select_related("regency"):
        r = followers.get(pemda.pk)
        rows.append(AdoptionRow(
            pemda_code=pemda.code, pemda_name=pemda.name, regulation_pk=r.pk if r else None,
            status=r.status if r else "", status_label=r.get_status_display() if r else "",
            number=r.number if r else "", enacted_on=r.enacted_on if r else None,
        ))
    return rows


def adopted_model(user, pemda):
    """Whether this regency/city enacted a regulation following a model of its province."""
    return Regulation.objects.visible_to(user).filter(
        pemda=pemda, follows__is_model=True, status=Regulation.Status.ENACTED
    ).exists()


# --- command line summaries ------------------------------------------------------------------------


@dataclass(frozen=True)
class PemdaSummary:
    code: str
    name: str
    simplification_percent: object
    open_mismatches: int
    regulations_enacted: dict  # Regulation.Kind value -> count
    adopted_model: object  # True/False; None for the province itself

    def as_dict(self):
        return {
            "code": self.code, "name": self.name,
            "simplification_percent": float(self.simplification_percent) if self.simplification_percent is not None
            else None,
            "open_mismatches": self.open_mismatches, "regulations_enacted": self.regulations_enacted,
            "adopted_model": self.adopted_model,
        }


def pemda_summaries(user, province):
    """Per Pemda of the province: what `kelembagaan_summary` prints (four queries in all)."""
    view = province_view(user, province, sort="code")
    enacted = {}
    for pemda_id, kind, n in (
        Regulation.objects.visible_to(user).filter(pemda__province=province, status=Regulation.Status.ENACTED)
        .order_by().values_list("pemda_id", "kind").annotate(n=Count("pk"))
    ):
        enacted.setdefault(pemda_id, {})[kind] = n
    return [
        PemdaSummary(
            code=row.code, name=row.name, simplification_percent=row.simplification_percent,
            open_mismatches=row.open_mismatches, regulations_enacted=enacted.get(row.pk, {}),
            adopted_model=row.adopted_model,
        )
        for row in view.pemda_rows
    ]


def regulations_with_overdue_follow_ups(user, pemda):
    """The Pemda's regulations the user sees, each with `overdue_follow_ups`: the overdue meeting
    follow-ups (those the user sees) that asked for it. Read through the reverse relation, since
    meetings point at regulations and this app does not import meetings."""
    follow_ups = Regulation._meta.get_field("meeting_followups").related_model.objects
    return Regulation.objects.visible_to(user).filter(pemda=pemda).select_related("follows").prefetch_related(
        Prefetch("meeting_followups", queryset=follow_ups.visible_to(user).overdue(), to_attr="overdue_follow_ups")
    )
