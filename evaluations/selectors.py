"""Reads of the evaluations app, for pages, panels, the API and the province report pack."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, Prefetch, Q, When

from agencies.models import Opd
from agencies.scoping import Reach, get_scope

from .models import FollowUp, Framework, Lhe, Objection, Recommendation, Transition
from .predikat import predikat_for
from .querysets import overdue_q

Status = Recommendation.Status


def lhes_for(user):
    """LHE in the user's scope, newest year first, with what a list row shows joined in (the list
    page narrows it with the API's LheFilter)."""
    qs = Lhe.objects.visible_to(user).select_related("pemda__province", "pemda__regency", "framework")
    return qs.order_by("-year", "pemda__province__code", "pemda__regency__code", "kind")


def trend(pemda, *, kind=None):
    """The RB index across years for a Pemda: [{year, kind, index, predikat, delta}], oldest first.

    `delta` is the change from the previous year of the same kind (None for the first).
    """
    qs = Lhe.objects.filter(pemda=pemda).exclude(index=None).order_by("kind", "year")
    if kind:
        qs = qs.filter(kind=kind)
    points, previous = [], {}
    for lhe in qs.only("pk", "year", "kind", "index"):
        before = previous.get(lhe.kind)
        points.append({
            "pk": lhe.pk, "year": lhe.year, "kind": lhe.kind, "kind_label": lhe.get_kind_display(),
            "index": lhe.index, "predikat": predikat_for(lhe.index),
            "delta": lhe.index - before if before is not None else None,
        })
        previous[lhe.kind] = lhe.index
    return sorted(points, key=lambda p: (p["year"], p["kind"]))


def latest_lhes(pemda):
    """The newest LHE of each kind for a Pemda (external and internal), as a dict by kind."""
    latest = {}
    for lhe in Lhe.objects.filter(pemda=pemda).exclude(index=None).order_by("-year"):
        latest.setdefault(lhe.kind, lhe)
    return latest


@dataclass(frozen=True)
class LatestPredikat:
    """A Pemda's newest RB index and predikat (see latest_predikats)."""

    pemda_id: int
    lhe_id: int
    url: str
    year: int
    kind: str
    kind_label: str
    index: object  # Decimal
    predikat: str
    target_predikat: str
    reaches_target: bool


def latest_predikats(user, pemdas):
    """{pemda_id: LatestPredikat} of the newest LHE with an index of each Pemda in `pemdas` that the
    user can see; in a year with both, the external (KemenPAN-RB) one. One query for all Pemdas."""
    latest = {}
    rows = (
        Lhe.objects.visible_to(user)
        .filter(pemda__in=pemdas)
        .exclude(index=None)
        .order_by("pemda_id", "-year", "kind")  # "eksternal" sorts before "internal"
    )
    for lhe in rows:
        if lhe.pemda_id in latest:
            continue
        latest[lhe.pemda_id] = LatestPredikat(
            pemda_id=lhe.pemda_id, lhe_id=lhe.pk, url=lhe.get_absolute_url(), year=lhe.year, kind=lhe.kind,
            kind_label=str(lhe.get_kind_display()), index=lhe.index, predikat=lhe.predikat,
            target_predikat=lhe.target_predikat, reaches_target=lhe.reaches_target,
        )
    return latest


@dataclass(frozen=True)
class OpenRecommendation:
    """An LHE recommendation that is not closed yet, as the province report pack lists it."""

    pk: int
    finding_number: int
    text: str
    opds: str  # the assigned OPDs' short names (else names), comma-separated
    opd_codes: tuple[str, ...]
    status_label: str
    due_date: datetime.date
    is_overdue: bool  # past due, "today" in the Pemda's time zone


def open_recommendations(pemda):
    """Recommendations of a Pemda's LHE that are not closed yet, for the province report pack,
    by due date (two queries). The caller decides who may see them."""
    rows = (
        Recommendation.objects.filter(lhe__pemda=pemda)
        .unfinished()
        .select_related("finding", "lhe__pemda__province")
        .prefetch_related("opds")
        .order_by("due_date", "pk")
    )
    return tuple(
        OpenRecommendation(
            pk=row.pk,
            finding_number=row.finding.number,
            text=row.text,
            opds=", ".join(opd.short_name or opd.name for opd in row.opds.all()),
            opd_codes=tuple(opd.code for opd in row.opds.all()),
            status_label=str(row.get_status_display()),
            due_date=row.due_date,
            is_overdue=row.is_overdue,
        )
        for row in rows
    )


def recommendations_for(user):
    """Recommendations in scope, loaded for a table (finding, LHE, Pemda, province; OPDs prefetched)."""
    return (
        Recommendation.objects.visible_to(user)
        .select_related(
            "finding", "lhe__pemda__province", "lhe__pemda__regency",
            "pd_submission__round", "pd_submission__pemda__province",
        )
        .prefetch_related(Prefetch("opds", queryset=Opd.objects.only("pk", "name", "short_name", "kind", "pemda_id")))
        .order_by("due_date", "pk")
    )


def my_recommendations(user, *, status=None):
    """What an OPD admin has to answer: their OPD's recommendations (closed ones last)."""
    qs = recommendations_for(user)
    if status == "open":
        qs = qs.unfinished()
    elif status:
        qs = qs.filter(status=status)
    return qs


def review_queue(user):
    """Submitted follow-ups an inspector (or a superuser) may review: their own Pemda's."""
    scope = get_scope(user)
    if not (scope.is_superuser or scope.role == "inspector"):
        return Recommendation.objects.none()
    qs = recommendations_for(user).filter(status=Status.SUBMITTED)
    if scope.role == "inspector":
        qs = qs.filter(lhe__pemda_id=scope.pemda_id)
    return qs


def completion_by_opd(user, *, year=None, pemda=None):
    """Follow-up completion per OPD in scope: assigned, closed, submitted, overdue and percent closed."""
    rec = Q()
    if year:
        rec &= Q(lhe_recommendations__lhe__year=year)
    opds = Opd.objects.visible_to(user).filter(lhe_recommendations__isnull=False)
    if year:
        opds = opds.filter(lhe_recommendations__lhe__year=year)
    if pemda:
        opds = opds.filter(pemda=pemda)
    opds = (
        opds.select_related("pemda")
        .annotate(
            total=Count("lhe_recommendations", filter=rec, distinct=True),
            closed=Count("lhe_recommendations", filter=rec & Q(lhe_recommendations__status=Status.CLOSED), distinct=True),
            submitted=Count("lhe_recommendations", filter=rec & Q(lhe_recommendations__status=Status.SUBMITTED), distinct=True),
            overdue=Count("lhe_recommendations", filter=rec & overdue_q("lhe_recommendations__"), distinct=True),
        )
        .order_by("pemda__province__code", "pemda__regency__code", "code")
    )
    rows = []
    for opd in opds:
        opd.percent = (opd.closed * 100 / opd.total) if opd.total else None
        rows.append(opd)
    return rows


def completion_totals(user, *, year=None):
    """Recommendations in scope (each counted once, however many OPDs share it): total, closed, overdue."""
    qs = Recommendation.objects.visible_to(user)
    if year:
        qs = qs.filter(lhe__year=year)
    totals = qs.aggregate(
        total=Count("pk"), closed=Count("pk", filter=Q(status=Status.CLOSED)), overdue=Count("pk", filter=overdue_q())
    )
    totals["percent"] = totals["closed"] * 100 / totals["total"] if totals["total"] else None
    return totals


def recommendation_history(recommendation):
    return Transition.objects.filter(recommendation=recommendation).select_related("actor").order_by("at", "pk")


def follow_ups_of(recommendation, user):
    return (
        FollowUp.objects.visible_to(user)
        .filter(recommendation=recommendation)
        .select_related("opd", "submitted_by", "reviewed_by")
        .order_by("submitted_at", "pk")
    )


def frameworks_for(user):
    # replaced_by: the list marks each version in force or replaced without a query per row
    return (
        Framework.objects.visible_to(user).select_related("replaced_by")
        .annotate(node_count=Count("nodes")).order_by("-year_from", "-version")
    )


def pemdas_with_reach(user):
    """Whether the user looks at more than one Pemda (lists then show a Pemda filter)."""
    return get_scope(user).reach in (Reach.ALL, Reach.PROVINCE)




@dataclass(frozen=True)
class ObjectionCounts:
    """Objections (sanggah) to internal LHE scores, for the report pack."""

    open: int
    accepted: int
    rejected: int

    @property
    def total(self):
        return self.open + self.accepted + self.rejected


def objection_counts(user, *, year=None, pemda=None):
    """How many objections the LHE visible to `user` carry, by state (one query)."""
    qs = Objection.objects.filter(lhe__in=Lhe.objects.visible_to(user))
    if year is not None:
        qs = qs.filter(lhe__year=year)
    if pemda is not None:
        qs = qs.filter(lhe__pemda=pemda)
    S = Objection.Status
    counts = qs.aggregate(
        open=Count("pk", filter=Q(status=S.OPEN)),
        accepted=Count("pk", filter=Q(status=S.ACCEPTED)),
        rejected=Count("pk", filter=Q(status=S.REJECTED)),
    )
    return ObjectionCounts(**counts)


def objections_of(lhe, user):
    """An LHE's objections the user may see (an OPD admin: their own OPD's), open first, with what
    the page shows joined in."""
    return (
        lhe.objections.visible_to(user)
        .select_related("node", "opd", "submitted_by", "decided_by")
        .annotate(is_open=Case(When(status=Objection.Status.OPEN, then=0), default=1))
        .order_by("is_open", "submitted_at", "pk")
    )
