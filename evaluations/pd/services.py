"""Every write of the maturity evaluation: rounds, assessments, answers, verification, follow-up.

Each function is atomic, takes the actor as keyword-only `by`, checks the rule itself
(evaluations.pd.rules), so the pages, the API and the demo behave the same, and logs the step
(a PdStep row; the rows themselves keep simple_history).

Workflow of a regency/city's set (PdSubmission):
    draft ──submit (Bagian)──▶ submitted ──every answer accepted/adjusted (Biro)──▶ verified
Each answer of a submitted set is verified on its own: accept, adjust (another level, with a
note) or return (with a note). A returned answer is answered again by the agency or the Bagian
and waits for verification again; the set stays submitted.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Opd
from evaluations import services as evaluation_services

from . import rules
from .models import LEVELS, PdAnswer, PdAssessment, PdInstrument, PdRound, PdStep, PdSubmission

Status = PdSubmission.Status
Answer = PdAnswer.Status


def _step(submission, action, *, by, answer=None, level=None, comment=""):
    PdStep.objects.create(submission=submission, answer=answer, action=action, level=level, actor=by, comment=comment)


def _locked_submission(submission):
    """Re-read the set under a lock, so a submit and a verification cannot cross."""
    return PdSubmission.objects.select_for_update(of=("self",)).select_related("round", "pemda__province").get(pk=submission.pk)


def _check_level(level, field="level"):
    if level in (None, ""):
        raise ValidationError({field: _("Pilih tingkat I–V.")})
    try:
        level = int(level)
    except (TypeError, ValueError):
        raise ValidationError({field: _("Tingkat harus antara I dan V.")}) from None
    if level not in LEVELS:
        raise ValidationError({field: _("Tingkat harus antara I dan V.")})
    return level


# --- rounds and sets ------------------------------------------------------------------------


@transaction.atomic
def open_round(*, pemda, year, by):
    """The Biro opens a year's evaluation of its province's regencies/cities (instrument in force)."""
    if not pemda.is_province:
        raise ValidationError({"pemda": _("Evaluasi dijalankan oleh pemerintah provinsi.")})
    if not rules.can_manage_round(by, pemda):
        raise PermissionDenied
    instrument = PdInstrument.objects.for_year(year)
    if instrument is None:
        raise ValidationError({"year": _("Belum ada instrumen kematangan untuk tahun %(year)s.") % {"year": year}})
    if PdRound.objects.filter(pemda=pemda, year=year).exists():
        raise ValidationError(_("Evaluasi tahun %(year)s untuk %(pemda)s sudah ada.") % {"year": year, "pemda": pemda})
    return PdRound.objects.create(pemda=pemda, year=year, instrument=instrument, created_by=by)


@transaction.atomic
def add_assessment(round, opd, *, by):
    """Start an agency's assessment (and its regency/city's set if needed). Idempotent."""
    pemda = opd.pemda
    if pemda.is_province or pemda.province_id != round.pemda.province_id:
        raise ValidationError({"opd": _("Perangkat daerah bukan milik kabupaten/kota di provinsi ini.")})
    if not rules.can_answer(by, opd):
        raise PermissionDenied
    submission, _created = PdSubmission.objects.get_or_create(round=round, pemda=pemda)
    if submission.status == Status.VERIFIED:
        raise ValidationError(_("Penilaian %(pemda)s sudah terverifikasi.") % {"pemda": pemda})
    assessment, _created = PdAssessment.objects.get_or_create(submission=submission, opd=opd)
    return assessment


def _may_answer(submission, answer):
    if submission.status == Status.DRAFT:
        return True
    return submission.status == Status.SUBMITTED and answer is not None and answer.status == Answer.RETURNED


@transaction.atomic
def answer_variable(assessment, variable, *, level, by, note="", evidence=None, evidence_link=""):
    """The agency (or its Bagian/Biro) claims a level for one variable, with evidence and a note.

    While the set is a draft any answer may change; once submitted only a returned one.
    """
    submission = _locked_submission(assessment.submission)
    if not rules.can_answer(by, assessment.opd):
        raise PermissionDenied
    if variable.instrument_id != submission.round.instrument_id:
        raise ValidationError({"variable": _("Variabel bukan bagian dari instrumen tahun ini.")})
    level = _check_level(level)
    answer = PdAnswer.objects.select_for_update(of=("self",)).filter(assessment=assessment, variable=variable).first()
    if not _may_answer(submission, answer):
        raise ValidationError(_("Jawaban tidak dapat diubah: penilaian sudah diajukan dan jawaban ini tidak dikembalikan."))
    note = (note or "").strip()
    if submission.status == Status.SUBMITTED and not (evidence or evidence_link or note):
        raise ValidationError({"note": _("Jelaskan perbaikan atas jawaban yang dikembalikan.")})
    answer = answer or PdAnswer(assessment=assessment, variable=variable)
    answer.level, answer.note, answer.evidence_link = level, note, evidence_link or answer.evidence_link
    if evidence:
        answer.evidence = evidence
    answer.status, answer.verified_level = Answer.PENDING, None
    answer.answered_by, answer.answered_at = by, timezone.now()
    answer.save()
    _step(submission, PdStep.Action.ANSWERED, by=by, answer=answer, level=level, comment=note)
    return answer


@transaction.atomic
def submit_set(submission, *, by):
    """The Bagian Organisasi sends its regency/city's assessments to the Biro (all answered)."""
    submission = _locked_submission(submission)
    if not rules.can_submit(by, submission.pemda):
        raise PermissionDenied
    if submission.status != Status.DRAFT:
        raise ValidationError(_("Hanya penilaian yang masih diisi yang dapat diajukan."))
    expected = submission.round.instrument.variables.count()
    assessments = list(submission.assessments.select_related("opd"))
    if not assessments:
        raise ValidationError(_("Belum ada perangkat daerah yang dinilai."))
    counts = _answer_counts(submission)
    missing = [a.opd.short_name or a.opd.name for a in assessments if counts.get(a.pk, 0) < expected]
    if missing:
        raise ValidationError(
            _("Jawaban belum lengkap (%(expected)s variabel) untuk: %(names)s.")
            % {"expected": expected, "names": ", ".join(missing)}
        )
    submission.status, submission.submitted_by, submission.submitted_at = Status.SUBMITTED, by, timezone.now()
    submission.save(update_fields=["status", "submitted_by", "submitted_at"])
    _step(submission, PdStep.Action.SUBMITTED, by=by)
    return submission


def _answer_counts(submission):
    rows = PdAnswer.objects.filter(assessment__submission=submission).values("assessment_id").annotate(n=Count("pk"))
    return {row["assessment_id"]: row["n"] for row in rows}


DECISIONS = ("accept", "adjust", "return")


@transaction.atomic
def verify_answer(answer, *, decision, by, level=None, note=""):
    """The Biro verifies one answer of a submitted set: accept, adjust (another level + note) or return (+ note)."""
    answer = PdAnswer.objects.select_related("assessment__submission").get(pk=answer.pk)
    submission = _locked_submission(answer.assessment.submission)
    answer = PdAnswer.objects.select_for_update(of=("self",)).get(pk=answer.pk)
    if not rules.can_verify(by, submission.pemda):
        raise PermissionDenied
    if submission.status != Status.SUBMITTED:
        raise ValidationError(_("Hanya penilaian yang sudah diajukan yang dapat diverifikasi."))
    if answer.status != Answer.PENDING:
        raise ValidationError(_("Jawaban ini tidak sedang menunggu verifikasi."))
    note = (note or "").strip()
    if decision == "accept":
        answer.status, answer.verified_level, action = Answer.ACCEPTED, answer.level, PdStep.Action.ACCEPTED
    elif decision == "adjust":
        level = _check_level(level)
        if level == answer.level:
            raise ValidationError({"level": _("Pilih tingkat yang berbeda dari yang diajukan, atau terima jawabannya.")})
        if not note:
            raise ValidationError({"note": _("Tuliskan alasan penyesuaian tingkat.")})
        answer.status, answer.verified_level, action = Answer.ADJUSTED, level, PdStep.Action.ADJUSTED
    elif decision == "return":
        if not note:
            raise ValidationError({"note": _("Tuliskan alasan pengembalian.")})
        answer.status, answer.verified_level, action = Answer.RETURNED, None, PdStep.Action.RETURNED
    else:
        raise ValidationError({"decision": _("Keputusan tidak dikenal.")})
    answer.review_note, answer.reviewed_by, answer.reviewed_at = note, by, timezone.now()
    answer.save(update_fields=["status", "verified_level", "review_note", "reviewed_by", "reviewed_at"])
    _step(submission, action, by=by, answer=answer, level=answer.verified_level, comment=note)
    unverified = PdAnswer.objects.filter(assessment__submission=submission).exclude(status__in=PdAnswer.VERIFIED)
    if not unverified.exists():
        submission.status = Status.VERIFIED
        submission.save(update_fields=["status"])
        _step(submission, PdStep.Action.VERIFIED, by=by)
    return answer


# --- follow-up (the LHE's recommendation flow) -------------------------------------------


@transaction.atomic
def add_recommendation(submission, *, text, opds, due_date, by):
    """A recommendation of the Biro to a regency/city (its Bagian Organisasi) or to its agencies.

    It is an evaluations.Recommendation tied to the set, so the agencies answer it and the Biro
    closes or returns it through the same follow-up flow as an LHE recommendation.
    """
    if not rules.can_verify(by, submission.pemda):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Tuliskan rekomendasinya.")})
    return evaluation_services.create_recommendation(
        submission.pemda, submission.recommendations, text=text, opds=opds, due_date=due_date, by=by,
        pd_submission=submission,
    )


def bagian_of(pemda):
    """The regency/city's Bagian Organisasi (recommendations "to the regency" go to it)."""
    return Opd.objects.filter(pemda=pemda, kind=Opd.Kind.BAGIAN_ORGANISASI, is_active=True).first()

