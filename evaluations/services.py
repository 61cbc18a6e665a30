"""Every write of the evaluations app: LHE, scores, findings, recommendations and their follow-up.

Each function is atomic, takes the acting user as keyword-only `by`, checks the rule itself (so the
page, the API and the import all behave the same) and leaves an audit trail: simple_history on the
rows, and a `Transition` row for each step of a recommendation's workflow.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Opd, today_in
from reformportal import formats

from .models import Finding, FollowUp, Framework, Lhe, Objection, Recommendation, Score, Transition
from .predikat import Predikat
from .scoring import ScoredTree

Status = Recommendation.Status

# --- who may do what (facts the pages also show) --------------------------------------------


def can_record_lhe(user, pemda):
    """The Biro/Bagian managing the Pemda, or its inspectors (internal LHE)."""
    scope = user.scope
    return scope.can_manage_pemda(pemda) or scope.can_review_pemda(pemda)


def can_review(user, recommendation):
    """LHE follow-up: the Pemda's inspectors; maturity-evaluation follow-up: the province's Biro."""
    if recommendation.pd_submission_id:
        from .pd.rules import can_verify

        return can_verify(user, recommendation.pd_submission.pemda)
    return user.scope.can_review_pemda(recommendation.lhe.pemda)


def answering_opd(user, recommendation, opds=None):
    """The assigned OPD `user` answers for: an OPD admin's own OPD, or the organisation bureau
    for the Biro/Bagian staff managing the Pemda. None if the user may not answer."""
    scope = user.scope
    opds = list(recommendation.opds.all()) if opds is None else opds
    for opd in opds:
        if scope.role == "opd_admin" and opd.pk == scope.opd_id:
            return opd
    for opd in opds:
        if opd.is_organisation_bureau and scope.can_manage_pemda(opd.pemda):
            return opd
    return None


def parse_decimal(raw):
    """Accept "12,5" and "12.5"; reject "1.234,5", "12,5,0" and other ambiguous text. None if blank."""
    if raw is None:
        return None
    if isinstance(raw, (int, Decimal)):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(str(raw))
    text = str(raw).strip().replace(" ", "")
    if not text:
        return None
    if text.count(",") + text.count(".") > 1:
        raise ValueError(text)
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


# --- LHE and scores ---------------------------------------------------------------------------


def number_text(value):
    """A number as Indonesians write it in a message: 5 → "5", 0.750 → "0,75", 100.01 → "100,01"."""
    text = f"{Decimal(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _check_index(framework, value, field="index_entered"):
    if value is None:
        return
    if value < 0:
        raise ValidationError({field: _("Indeks RB tidak boleh kurang dari 0.")})
    if value > framework.max_total:
        raise ValidationError(
            {field: _("Indeks RB %(value)s melebihi nilai maksimum kerangka (%(max)s).")
             % {"value": number_text(value), "max": number_text(framework.max_total)}}
        )


def compute_index(lhe, scores=None):
    """The LHE's index: from the scored tree when it has scores, else the entered total."""
    if scores is None:
        scores = dict(lhe.scores.values_list("node_id", "value"))
    if scores:
        return ScoredTree(lhe.framework.nodes.all(), scores).index
    return lhe.index_entered


def _refresh_index(lhe):
    index = compute_index(lhe)
    _check_index(lhe.framework, index, field="index")
    lhe.index = index
    lhe.save(update_fields=["index"])
    return lhe


@transaction.atomic
def record_lhe(*, pemda, year, kind, date, by, number="", document=None, index_entered=None,
               target_predikat="", summary=""):
    """Record an LHE for a Pemda and year; the framework is the one in force for that year."""
    if not can_record_lhe(by, pemda):
        raise PermissionDenied
    framework = Framework.objects.for_year(year)
    if framework is None:
        raise ValidationError({"year": _("Belum ada kerangka evaluasi untuk tahun %(year)s.") % {"year": year}})
    if Lhe.objects.filter(pemda=pemda, year=year, kind=kind).exists():
        raise ValidationError(_("LHE %(kind)s tahun %(year)s untuk %(pemda)s sudah ada.")
                              % {"kind": Lhe.Kind(kind).label, "year": year, "pemda": pemda})
    _check_index(framework, index_entered)
    lhe = Lhe(
        pemda=pemda, year=year, kind=kind, framework=framework, date=date, number=number,
        index_entered=index_entered, summary=summary, created_by=by,
    )
    if target_predikat:
        lhe.target_predikat = target_predikat
    if document:
        lhe.document = document
    lhe.index = index_entered
    lhe.save()
    return lhe


@transaction.atomic
def update_lhe(lhe, *, by, **fields):
    """Change an LHE's header (date, number, document, entered total, target, summary)."""
    if not can_record_lhe(by, lhe.pemda):
        raise PermissionDenied
    allowed = {"date", "number", "document", "index_entered", "target_predikat", "summary"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "index_entered" in fields:
        _check_index(lhe.framework, fields["index_entered"])
    if fields.get("target_predikat") and fields["target_predikat"] not in Predikat.values:
        raise ValidationError({"target_predikat": _("Predikat tidak dikenal.")})
    for name, value in fields.items():
        setattr(lhe, name, value)
    lhe.save(update_fields=list(fields) or None)
    return _refresh_index(lhe)


def validate_scores(lhe, values):
    """Check {node: value} against the LHE's framework; returns a list of messages (empty if fine)."""
    errors = []
    for node, value in values.items():
        if node.framework_id != lhe.framework_id:
            errors.append(_("Unsur %(code)s bukan bagian dari kerangka LHE ini.") % {"code": node.code})
        elif value is not None and value < 0:
            errors.append(_("Unsur %(code)s: nilai tidak boleh negatif.") % {"code": node.code})
        elif value is not None and value > node.max_score:
            errors.append(_("Unsur %(code)s: nilai %(value)s melebihi maksimum %(max)s.")
                          % {"code": node.code, "value": number_text(value), "max": number_text(node.max_score)})
    return errors


@transaction.atomic
def set_scores(lhe, values, *, by):
    """Save scores {FrameworkNode: Decimal or None (clear)} and recompute the index.

    All or nothing: any invalid value, or a total outside 0…maximum, saves nothing.
    """
    if not can_record_lhe(by, lhe.pemda):
        raise PermissionDenied
    errors = validate_scores(lhe, values)
    if errors:
        raise ValidationError(errors)
    existing = {score.node_id: score for score in lhe.scores.all()}
    for node, value in values.items():
        score = existing.get(node.pk)
        if value is None:
            if score:
                score.delete()
        elif score is None:
            Score.objects.create(lhe=lhe, node=node, value=value)
        elif score.value != value:
            score.value = value
            score.save(update_fields=["value"])
    return _refresh_index(lhe)


# --- framework versions -------------------------------------------------------------------------


@transaction.atomic
def new_framework_version(framework, *, by):
    """Copy a tree in force into its next version, which replaces it for new LHE.

    The copied version is where the official LKE workbook is imported once the old one has been
    scored on: LHE keep the version they were scored on, so a tree is never rewritten under them.
    """
    if not (by.is_superuser or by.has_perm("evaluations.change_frameworknode")):
        raise PermissionDenied
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    if Framework.objects.filter(replaces=framework).exists():
        raise ValidationError(_("Kerangka ini sudah diganti versi baru; buat versi dari kerangka yang berlaku."))
    latest = Framework.objects.filter(year_from=framework.year_from).order_by("-version").first()
    copy = Framework.objects.create(
        name=framework.name, year_from=framework.year_from, year_to=framework.year_to,
        max_total=framework.max_total, regulation=framework.regulation, source=framework.source,
        notes=framework.notes, version=latest.version + 1, replaces=framework,
    )
    copies = {}
    for node in framework.nodes.order_by("order", "code"):  # parents come before their children
        old_pk, parent_id = node.pk, node.parent_id
        node.pk = node.id = None
        node.framework = copy
        node.parent = copies.get(parent_id)
        node.save()
        copies[old_pk] = node
    return copy


# --- findings and recommendations --------------------------------------------------------------


@transaction.atomic
def add_finding(lhe, *, description, by, node=None):
    if not can_record_lhe(by, lhe.pemda):
        raise PermissionDenied
    if node is not None and node.framework_id != lhe.framework_id:
        raise ValidationError({"node": _("Unsur bukan bagian dari kerangka LHE ini.")})
    last = lhe.findings.order_by("-number").values_list("number", flat=True).first() or 0
    return Finding.objects.create(lhe=lhe, number=last + 1, node=node, description=description)


def _log(recommendation, action, from_status, *, by, comment="", follow_up=None):
    Transition.objects.create(
        recommendation=recommendation, action=action, from_status=from_status,
        to_status=recommendation.status, actor=by, comment=comment, follow_up=follow_up,
    )


@transaction.atomic
def add_recommendation(finding, *, text, opds, due_date, by):
    """A recommendation for a finding, assigned to OPDs (or the Biro) of the evaluated Pemda."""
    lhe = finding.lhe
    if not can_record_lhe(by, lhe.pemda):
        raise PermissionDenied
    return create_recommendation(
        lhe.pemda, finding.recommendations, text=text, opds=opds, due_date=due_date, by=by, lhe=lhe, finding=finding
    )


def create_recommendation(pemda, siblings, *, text, opds, due_date, by, **link):
    """Create a recommendation numbered after `siblings`, assigned to OPDs of `pemda`, and log it.

    `link` ties it to what it follows up: lhe and finding, or a maturity submission
    (pd_submission). The caller has checked the permission.
    """
    opds = list(opds)
    if not opds:
        raise ValidationError({"opds": _("Pilih sedikitnya satu perangkat daerah.")})
    strangers = [opd.name for opd in opds if opd.pemda_id != pemda.pk]
    if strangers:
        raise ValidationError({"opds": _("Bukan perangkat daerah %(pemda)s: %(names)s.")
                               % {"pemda": pemda, "names": ", ".join(strangers)}})
    last = siblings.order_by("-number").values_list("number", flat=True).first() or 0
    recommendation = Recommendation.objects.create(
        number=last + 1, text=text, due_date=due_date, created_by=by, **link
    )
    recommendation.opds.set(opds)
    _log(recommendation, "created", "", by=by)
    return recommendation


def _move(recommendation, to_status, action, *, by, comment="", follow_up=None):
    from_status = recommendation.status
    recommendation.status = to_status
    recommendation.closed_at = timezone.now() if to_status == Status.CLOSED else None
    recommendation.save(update_fields=["status", "closed_at"])
    _log(recommendation, action, from_status, by=by, comment=comment, follow_up=follow_up)


def _locked(recommendation):
    """Re-read the row under a lock so two reviewers cannot both act on the same state."""
    # of=("self",): only this row is locked; its LHE or PD submission is an outer join (one of the
    # two is empty), which PostgreSQL cannot lock.
    return Recommendation.objects.select_for_update(of=("self",)).select_related(
        "lhe__pemda__province", "pd_submission__pemda__province"
    ).get(pk=recommendation.pk)


@transaction.atomic
def start_follow_up(recommendation, *, by):
    """An assigned OPD marks that it is working on the recommendation (open/returned → in progress)."""
    recommendation = _locked(recommendation)
    if answering_opd(by, recommendation) is None:
        raise PermissionDenied
    if recommendation.status not in (Status.OPEN, Status.RETURNED):
        raise ValidationError(_("Tindak lanjut hanya dapat dimulai dari status terbuka atau dikembalikan."))
    _move(recommendation, Status.IN_PROGRESS, "started", by=by)
    return recommendation


@transaction.atomic
def submit_follow_up(recommendation, *, narrative, by, evidence=None, evidence_link=""):
    """An assigned OPD posts its tindak lanjut with evidence and sends it to the inspector."""
    recommendation = _locked(recommendation)
    opd = answering_opd(by, recommendation)
    if opd is None:
        raise PermissionDenied
    if recommendation.status == Status.CLOSED:
        raise ValidationError(_("Rekomendasi sudah ditutup."))
    if not narrative.strip():
        raise ValidationError({"narrative": _("Uraikan tindak lanjut yang telah dilakukan.")})
    if not evidence and not evidence_link:
        raise ValidationError({"evidence": _("Lampirkan data dukung (berkas atau tautan).")})
    if recommendation.follow_ups.filter(opd=opd, outcome=FollowUp.Outcome.PENDING).exists():
        raise ValidationError(_("Tindak lanjut %(opd)s masih menunggu telaah.") % {"opd": opd})
    follow_up = FollowUp(
        recommendation=recommendation, opd=opd, narrative=narrative.strip(),
        evidence_link=evidence_link, submitted_by=by,
    )
    if evidence:
        follow_up.evidence = evidence
    follow_up.save()
    _move(recommendation, Status.SUBMITTED, "submitted", by=by, follow_up=follow_up)
    return follow_up


def _review(recommendation, outcome, to_status, action, *, by, comment):
    recommendation = _locked(recommendation)
    if not can_review(by, recommendation):
        raise PermissionDenied
    if recommendation.status != Status.SUBMITTED:
        raise ValidationError(_("Hanya tindak lanjut yang sudah diajukan yang dapat ditelaah."))
    now = timezone.now()
    pending = list(recommendation.follow_ups.filter(outcome=FollowUp.Outcome.PENDING))
    for follow_up in pending:
        follow_up.outcome = outcome
        follow_up.reviewed_by = by
        follow_up.reviewed_at = now
        follow_up.review_comment = comment
        follow_up.save(update_fields=["outcome", "reviewed_by", "reviewed_at", "review_comment"])
    _move(recommendation, to_status, action, by=by, comment=comment, follow_up=pending[-1] if pending else None)
    return recommendation


@transaction.atomic
def close_recommendation(recommendation, *, by, comment=""):
    """An inspector of the Pemda accepts the submitted follow-up and closes the recommendation."""
    return _review(recommendation, FollowUp.Outcome.ACCEPTED, Status.CLOSED, "closed", by=by, comment=comment)


@transaction.atomic
def return_recommendation(recommendation, *, by, comment):
    """An inspector of the Pemda sends the follow-up back with a comment saying what is missing."""
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Tuliskan alasan pengembalian.")})
    return _review(recommendation, FollowUp.Outcome.RETURNED, Status.RETURNED, "returned", by=by, comment=comment.strip())


# --- objections to an internal LHE's scores (sanggah) -------------------------------------------


def objection_deadline(lhe):
    """The last day the evaluated units may object: the LHE's date plus the window (a setting)."""
    return lhe.date + datetime.timedelta(days=settings.LHE_OBJECTION_WINDOW_DAYS)


def objecting_opd(user, lhe):
    """The unit `user` objects for: an OPD admin's own OPD of the evaluated Pemda, or the Pemda's
    organisation bureau for the Biro/Bagian managing it. None if the user may not object."""
    scope = user.scope
    if scope.role == "opd_admin" and scope.opd_id:
        opd = Opd.objects.filter(pk=scope.opd_id, pemda=lhe.pemda).first()
        if opd:
            return opd
    if scope.can_manage_pemda(lhe.pemda):
        return next((o for o in lhe.pemda.opds.all() if o.is_organisation_bureau), None)
    return None


@transaction.atomic
def file_objection(lhe, *, node, argument, by, proposed_value=None, evidence=None, evidence_link=""):
    """The evaluated unit objects to one score of a published internal LHE, within the window."""
    lhe = Lhe.objects.select_for_update().select_related("pemda__province").get(pk=lhe.pk)
    opd = objecting_opd(by, lhe)
    if opd is None:
        raise PermissionDenied
    if lhe.kind != Lhe.Kind.INTERNAL:
        raise ValidationError(_("Sanggahan hanya untuk LHE internal; nilai LHE eksternal disanggah di portal nasional."))
    deadline = objection_deadline(lhe)
    if today_in(lhe.pemda.province.timezone) > deadline:
        raise ValidationError(_("Masa sanggah berakhir %(date)s.") % {"date": formats.long_date(deadline)})
    score = lhe.scores.filter(node=node).first()
    if score is None:
        raise ValidationError({"node": _("Unsur %(code)s belum dinilai pada LHE ini.") % {"code": node.code}})
    if not argument.strip():
        raise ValidationError({"argument": _("Uraikan alasan sanggahan.")})
    if not evidence and not evidence_link:
        raise ValidationError({"evidence": _("Lampirkan data dukung (berkas atau tautan).")})
    problem = validate_scores(lhe, {node: proposed_value}) if proposed_value is not None else None
    if problem:
        raise ValidationError({"proposed_value": problem})
    if lhe.objections.filter(node=node, opd=opd, status=Objection.Status.OPEN).exists():
        raise ValidationError(_("Sanggahan %(opd)s atas unsur ini masih menunggu keputusan.") % {"opd": opd})
    objection = Objection(
        lhe=lhe, node=node, opd=opd, argument=argument.strip(), proposed_value=proposed_value,
        evidence_link=evidence_link, submitted_by=by,
        old_value=score.value, old_index=lhe.index, old_predikat=lhe.predikat,
    )
    if evidence:
        objection.evidence = evidence
    objection.save()
    return objection


def _decide(objection, *, to, by, reason):
    """Re-read under a lock, check the inspector and the open state, and record the decision."""
    objection = Objection.objects.select_for_update(of=("self",)).select_related("lhe__pemda", "node").get(pk=objection.pk)
    if not by.scope.can_review_pemda(objection.lhe.pemda):
        raise PermissionDenied
    if objection.status != Objection.Status.OPEN:
        raise ValidationError(
            _("Sanggahan berstatus %(status)s sudah diputuskan.") % {"status": objection.get_status_display()}
        )
    objection.status, objection.decided_by, objection.decided_at = to, by, timezone.now()
    objection.reason = reason.strip()
    return objection


@transaction.atomic
def accept_objection(objection, *, new_value, by, reason=""):
    """Accept: the score becomes `new_value`, the index and predikat are recomputed; the values
    before and after stay on the objection (and the score's own history)."""
    if new_value is None:
        raise ValidationError({"new_value": _("Isi nilai baru unsur ini.")})
    objection = _decide(objection, to=Objection.Status.ACCEPTED, by=by, reason=reason)
    lhe = set_scores(objection.lhe, {objection.node: new_value}, by=by)
    objection.new_value, objection.new_index, objection.new_predikat = new_value, lhe.index, lhe.predikat
    objection.save(update_fields=[
        "status", "decided_by", "decided_at", "reason", "new_value", "new_index", "new_predikat",
    ])
    return objection


@transaction.atomic
def reject_objection(objection, *, reason, by):
    """Reject with a reason; the score stays."""
    if not reason.strip():
        raise ValidationError({"reason": _("Tuliskan alasan penolakan.")})
    objection = _decide(objection, to=Objection.Status.REJECTED, by=by, reason=reason)
    objection.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    return objection
