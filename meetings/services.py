"""Every write to meetings: one atomic, audited function per action, actor as keyword `by`.

`by=None` is the system itself (demo seeding, data migrations); everything a person does passes
their user, and the rules of agencies.scoping decide whether they may.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Opd
from institutions import services as issue_services
from institutions.models import Regulation, StrategicIssue

from .models import AgendaItem, Attachment, Attendance, Decision, FollowUp, Meeting, MeetingRecommendation

MEETING_FIELDS = (
    "kind", "title", "starts_at", "ends_at", "venue", "online_link", "chair_name", "chair_title", "chair_nip",
    "other_units", "declared_participants", "minutes", "organiser",
)
AGENDA_FIELDS = ("order", "title", "speaker", "notes")
DECISION_FIELDS = ("order", "text")
RECOMMENDATION_FIELDS = (
    "order", "text", "addressee_kind", "addressee_opd", "addressee_pemda", "addressee_external", "addressee_note",
    "strategic_issue",
)
FOLLOW_UP_FIELDS = (
    "title", "description", "opd", "due_date", "recommendation", "action_plan", "lhe_recommendation", "regulation",
)


@dataclass
class RowChange:
    """One row of a child list as a form submitted it: new (instance None), changed, or deleted."""

    data: dict = field(default_factory=dict)
    instance: object = None
    delete: bool = False


# --- rules ---------------------------------------------------------------------------------


def can_manage_meeting(user, meeting):
    scope = user.scope
    return not scope.is_read_only and scope.can_manage_pemda(meeting.pemda)


def can_update_follow_up(user, follow_up):
    """May the user report on this item now? A closed item is reopened only by the organiser."""
    return follow_up.can_edit(user) and (not follow_up.is_closed or can_manage_meeting(user, follow_up.meeting))


def _require_manager(meeting, by):
    if by is not None and not can_manage_meeting(by, meeting):
        raise PermissionDenied(_("Anda tidak berwenang mengelola rapat ini."))


def _require_follow_up_editor(follow_up, by):
    if by is not None and not follow_up.can_edit(by):
        raise PermissionDenied(_("Anda tidak berwenang mengubah tindak lanjut ini."))


def _check_meeting(meeting):
    if meeting.ends_at and meeting.starts_at and meeting.ends_at < meeting.starts_at:
        raise ValidationError({"ends_at": _("Waktu selesai tidak boleh sebelum waktu mulai.")})
    if not (meeting.venue or meeting.online_link):
        raise ValidationError({"venue": _("Isi tempat rapat atau tautan daring.")})
    if meeting.organiser_id and meeting.organiser.pemda_id != meeting.pemda_id:
        raise ValidationError({"organiser": _("Unit penyelenggara harus perangkat daerah pemerintah daerah penyelenggara.")})


def _check_unit_in_province(meeting, opd, field_name):
    if opd is not None and opd.pemda.province_id != meeting.pemda.province_id:
        raise ValidationError({field_name: _("%(opd)s tidak berada di provinsi penyelenggara rapat.") % {"opd": opd}})


def _check_link(instance, field_name, model, by, message):
    """A changed link must point at a row `by` sees; a stored link `by` cannot see is kept (their
    form never showed it, so leaving it empty is not removing it)."""
    new = getattr(instance, f"{field_name}_id")
    stored = None
    if instance.pk is not None:
        stored = type(instance).objects.filter(pk=instance.pk).values_list(f"{field_name}_id", flat=True).first()
    if new == stored or by is None:
        return
    if new is None:
        if not model.objects.visible_to(by).filter(pk=stored).exists():
            setattr(instance, f"{field_name}_id", stored)
        return
    if not model.objects.visible_to(by).filter(pk=new).exists():
        raise ValidationError({field_name: message})


def _check_follow_up(follow_up, by=None):
    _check_unit_in_province(follow_up.meeting, follow_up.opd, "opd")
    plan = getattr(follow_up, "action_plan", None)
    if plan is not None and plan.opd.pemda.province_id != follow_up.meeting.pemda.province_id:
        raise ValidationError({"action_plan": _("Rencana aksi berasal dari provinsi lain.")})
    lhe_rec = getattr(follow_up, "lhe_recommendation", None)
    if lhe_rec is not None and lhe_rec.lhe.pemda.province_id != follow_up.meeting.pemda.province_id:
        raise ValidationError({"lhe_recommendation": _("Rekomendasi LHE berasal dari provinsi lain.")})
    if follow_up.recommendation_id and follow_up.recommendation.meeting_id != follow_up.meeting_id:
        raise ValidationError({"recommendation": _("Rekomendasi berasal dari rapat lain.")})
    regulation = getattr(follow_up, "regulation", None)
    if regulation is not None and regulation.pemda.province_id != follow_up.meeting.pemda.province_id:
        raise ValidationError({"regulation": _("Regulasi berasal dari provinsi lain.")})
    _check_link(follow_up, "regulation", Regulation, by, _("Regulasi tidak ditemukan."))


# --- meetings --------------------------------------------------------------------------------


@transaction.atomic
def create_meeting(*, by, pemda, invited=(), attending=(), external=(), strategic_issues=(), key=None, **fields):
    """Create a meeting of `pemda`; `fields` are Meeting fields (MEETING_FIELDS)."""
    meeting = Meeting(pemda=pemda, created_by=by, key=key, **_pick(fields, MEETING_FIELDS + ("status",)))
    _require_manager(meeting, by)
    if meeting.status == Meeting.Status.APPROVED:
        raise ValidationError(_("Notulen disetujui melalui tombol persetujuan, bukan saat membuat rapat."))
    _check_meeting(meeting)
    meeting.save()
    _set_units(meeting, invited=invited, attending=attending, external=external)
    if strategic_issues:
        set_strategic_issues(meeting, strategic_issues, by=by)
    return meeting


@transaction.atomic
def update_meeting(meeting, *, by, invited=None, attending=None, external=None, strategic_issues=None, **fields):
    _require_manager(meeting, by)
    fields = _pick(fields, MEETING_FIELDS + ("status",))
    if meeting.minutes_locked and "minutes" in fields and fields["minutes"] != meeting.minutes:
        from .sanitize import clean_minutes

        if clean_minutes(fields["minutes"]) != meeting.minutes:
            raise ValidationError({"minutes": _("Notulen sudah disetujui dan tidak dapat diubah.")})
    if fields.get("status") == Meeting.Status.APPROVED and meeting.status != Meeting.Status.APPROVED:
        raise ValidationError({"status": _("Gunakan persetujuan notulen untuk menyetujui notulen.")})
    if meeting.status == Meeting.Status.APPROVED:
        fields.pop("status", None)
    for name, value in fields.items():
        setattr(meeting, name, value)
    _check_meeting(meeting)
    meeting.save()
    _set_units(meeting, invited=invited, attending=attending, external=external)
    if strategic_issues is not None:
        set_strategic_issues(meeting, strategic_issues, by=by)
    return meeting


def _set_units(meeting, *, invited, attending, external):
    for relation, units in (("invited_opds", invited), ("attending_opds", attending)):
        if units is None:
            continue
        for opd in units:
            _check_unit_in_province(meeting, opd, relation)
        getattr(meeting, relation).set(units)
    if external is not None:
        meeting.external_units.set(external)


@transaction.atomic
def mark_held(meeting, *, by):
    _require_manager(meeting, by)
    if meeting.status != Meeting.Status.PLANNED:
        return meeting
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["status", "updated_at"])
    return meeting


@transaction.atomic
def approve_minutes(meeting, *, by):
    """Approve the minutes of a held meeting; afterwards they can no longer change."""
    _require_manager(meeting, by)
    if meeting.status == Meeting.Status.APPROVED:
        raise ValidationError(_("Notulen rapat ini sudah disetujui."))
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError(_("Notulen hanya dapat disetujui setelah rapat terlaksana."))
    if not meeting.minutes.strip():
        raise ValidationError(_("Notulen masih kosong."))
    meeting.status = Meeting.Status.APPROVED
    meeting.minutes_approved_at = timezone.now()
    meeting.minutes_approved_by = by
    meeting.save(update_fields=["status", "minutes_approved_at", "minutes_approved_by", "updated_at"])
    return meeting


# --- child lists (agenda, decisions, recommendations, follow-ups) ------------------------------


@transaction.atomic
def save_meeting_lists(meeting, *, by, agenda=(), decisions=(), recommendations=(), follow_ups=()):
    """Apply what the meeting form submitted for its lists (each a sequence of RowChange)."""
    _require_manager(meeting, by)
    _apply_rows(meeting, AgendaItem, agenda, AGENDA_FIELDS, by=by)
    _apply_rows(meeting, Decision, decisions, DECISION_FIELDS, by=by)
    _apply_rows(meeting, MeetingRecommendation, recommendations, RECOMMENDATION_FIELDS, by=by,
                check=_check_recommendation, after=_escalate_issue)
    _apply_rows(meeting, FollowUp, follow_ups, FOLLOW_UP_FIELDS, by=by, check=_check_follow_up)
    return meeting


def _apply_rows(meeting, model, rows, allowed, *, by, check=None, after=None):
    next_order = None
    for row in rows:
        instance = row.instance
        if instance is not None and instance.pk and instance.meeting_id != meeting.pk:
            raise ValidationError(_("Baris milik rapat lain."))
        if row.delete:
            if instance is not None and instance.pk:
                instance.delete()
            continue
        if instance is None or not instance.pk:
            instance = model(meeting=meeting)
        for name, value in _pick(row.data, allowed).items():
            setattr(instance, name, value)
        if "order" in allowed and not instance.order:
            # rows typed without a number go after the existing ones, in form order
            if next_order is None:
                next_order = (model.objects.filter(meeting=meeting).aggregate(m=models.Max("order"))["m"] or 0) + 1
            instance.order, next_order = next_order, next_order + 1
        if check:
            check(instance, by)
        instance.save()
        if after:
            after(instance)


def _check_recommendation(rec, by=None):
    kind = MeetingRecommendation.Addressee
    if rec.addressee_kind not in kind.values:  # the API and the schema promise one of the choices
        raise ValidationError({"addressee_kind": _("Pilih jenis penerima rekomendasi.")})
    if rec.addressee_kind == kind.OPD and not rec.addressee_opd_id:
        raise ValidationError({"addressee_opd": _("Pilih perangkat daerah penerima rekomendasi.")})
    if rec.addressee_kind == kind.CENTRAL and not (rec.addressee_external_id or rec.addressee_note):
        raise ValidationError({"addressee_external": _("Pilih instansi pusat penerima rekomendasi.")})
    if rec.addressee_kind == kind.REGENCY and not (rec.addressee_pemda_id or rec.addressee_note):
        raise ValidationError({"addressee_pemda": _("Pilih kabupaten/kota penerima, atau tulis keterangannya.")})
    if rec.addressee_pemda_id and rec.addressee_pemda.province_id != rec.meeting.pemda.province_id:
        raise ValidationError({"addressee_pemda": _("Pemerintah daerah penerima berada di provinsi lain.")})
    _check_unit_in_province(rec.meeting, rec.addressee_opd, "addressee_opd")
    issue = getattr(rec, "strategic_issue", None)
    if issue is not None and issue.pemda.province_id != rec.meeting.pemda.province_id:
        raise ValidationError({"strategic_issue": _("Isu strategis berasal dari provinsi lain.")})
    _check_link(rec, "strategic_issue", StrategicIssue, by, _("Isu strategis tidak ditemukan."))


def _escalate_issue(rec):
    """A recommendation to the central government made from an issue escalates the issue."""
    if rec.strategic_issue_id and rec.addressee_kind == MeetingRecommendation.Addressee.CENTRAL:
        issue_services.note_issue_step(rec.strategic_issue, status=StrategicIssue.Status.ESCALATED)


def _check_issues(meeting, issues, by):
    if any(issue.pemda.province_id != meeting.pemda.province_id for issue in issues):
        raise ValidationError({"strategic_issues": _("Isu strategis berasal dari provinsi lain.")})
    if by is not None:
        visible = set(StrategicIssue.objects.visible_to(by).filter(pk__in=[i.pk for i in issues]).values_list("pk", flat=True))
        if any(issue.pk not in visible for issue in issues):
            raise ValidationError({"strategic_issues": _("Isu strategis tidak ditemukan.")})


def _mark_discussed(issues):
    for issue in issues:
        issue_services.note_issue_step(issue, status=StrategicIssue.Status.DISCUSSED)


@transaction.atomic
def attach_strategic_issues(meeting, issues, *, by):
    """Attach the regencies' strategic issues (kelembagaan) to the meeting that discusses them.

    Only issues `by` sees, of the meeting's province; an open issue becomes "discussed".
    """
    _require_manager(meeting, by)
    issues = list(issues)
    _check_issues(meeting, issues, by)
    meeting.strategic_issues.add(*issues)
    _mark_discussed(issues)
    return meeting


def set_strategic_issues(meeting, issues, *, by):
    """The meeting's issues become `issues`, among those `by` sees; issues `by` cannot see stay.

    (The Biro may attach a regency's issue to another regency's meeting; that regency's Bagian,
    editing its meeting, neither sees nor removes it.)
    """
    _require_manager(meeting, by)
    issues = list(issues)
    _check_issues(meeting, issues, by)
    current = meeting.strategic_issues.all()
    hidden = list(current.exclude(pk__in=StrategicIssue.objects.visible_to(by).values("pk"))) if by else []
    linked = set(current.values_list("pk", flat=True))
    added = [issue for issue in issues if issue.pk not in linked]
    meeting.strategic_issues.set([*issues, *hidden])
    _mark_discussed(added)
    return meeting


@transaction.atomic
def add_decision(meeting, *, by, text, order=None):
    _require_manager(meeting, by)
    order = meeting.decisions.count() + 1 if order is None else order
    return Decision.objects.create(meeting=meeting, text=text, order=order)


@transaction.atomic
def add_recommendation(meeting, *, by, text, addressee_kind, order=None, **addressee):
    _require_manager(meeting, by)
    rec = MeetingRecommendation(
        meeting=meeting,
        text=text,
        addressee_kind=addressee_kind,
        order=meeting.recommendations.count() + 1 if order is None else order,
        **_pick(addressee, RECOMMENDATION_FIELDS),
    )
    _check_recommendation(rec, by)
    rec.save()
    _escalate_issue(rec)
    return rec


@transaction.atomic
def add_follow_up(meeting, *, by, title, opd, due_date, key=None, **extra):
    """Assign a follow-up item of the meeting to one OPD (in the organising province)."""
    _require_manager(meeting, by)
    follow_up = FollowUp(meeting=meeting, title=title, opd=opd, due_date=due_date, key=key, **_pick(extra, FOLLOW_UP_FIELDS))
    _check_follow_up(follow_up, by)
    follow_up.save()
    return follow_up


# --- follow-up progress (the owing OPD, or the organiser) ---------------------------------------


@transaction.atomic
def update_follow_up(follow_up, *, by, status=None, progress_note=None, evidence_file=None, evidence_link=None):
    """Report progress; setting status "done" closes the item and needs evidence."""
    _require_follow_up_editor(follow_up, by)
    if status == FollowUp.Status.DONE:
        return close_follow_up(
            follow_up, by=by, note=progress_note, evidence_file=evidence_file, evidence_link=evidence_link
        )
    if follow_up.is_closed and status not in (None, FollowUp.Status.DONE):
        return reopen_follow_up(follow_up, by=by, note=progress_note, status=status)
    if status is not None:
        follow_up.status = status
    if progress_note is not None:
        follow_up.progress_note = progress_note
    if evidence_file:
        follow_up.evidence_file = evidence_file
    if evidence_link is not None:
        follow_up.evidence_link = evidence_link
    follow_up.save()
    return follow_up


@transaction.atomic
def close_follow_up(follow_up, *, by, note=None, evidence_file=None, evidence_link=None):
    """Mark a follow-up done. Evidence (a file or a link) is required."""
    _require_follow_up_editor(follow_up, by)
    if follow_up.is_closed:
        raise ValidationError(_("Tindak lanjut ini sudah selesai."))
    if evidence_file:
        follow_up.evidence_file = evidence_file
    if evidence_link:
        follow_up.evidence_link = evidence_link
    if not follow_up.has_evidence:
        raise ValidationError({"evidence_file": _("Lampirkan bukti (berkas atau tautan) untuk menyelesaikan tindak lanjut.")})
    if note is not None:
        follow_up.progress_note = note
    follow_up.status = FollowUp.Status.DONE
    follow_up.closed_at = timezone.now()
    follow_up.closed_by = by
    follow_up.save()
    return follow_up


@transaction.atomic
def reopen_follow_up(follow_up, *, by, note=None, status=FollowUp.Status.IN_PROGRESS):
    """Only the organiser may reopen a closed item (e.g. the evidence did not hold)."""
    if by is not None and not can_manage_meeting(by, follow_up.meeting):
        raise PermissionDenied(_("Hanya penyelenggara rapat yang dapat membuka kembali tindak lanjut."))
    follow_up.status = status
    follow_up.closed_at = None
    follow_up.closed_by = None
    if note is not None:
        follow_up.progress_note = note
    follow_up.save()
    return follow_up


# --- attendance and attachments --------------------------------------------------------------


@transaction.atomic
def record_attendance(meeting, rows, *, by):
    """Replace the attendance list with `rows` (dicts: name, unit_name, position, mode[, opd]).

    Unit names that match an OPD of the province link the row to it, and that OPD is counted as
    attending. A planned meeting with attendance is marked held.
    """
    import tablib

    from reformportal.spreadsheets import describe_errors, import_all_or_nothing, import_failed

    from .resources import COLUMNS, AttendanceResource

    _require_manager(meeting, by)
    for number, row in enumerate(rows, start=1):
        if (row.get("mode") or Attendance.Mode.IN_PERSON) not in Attendance.Mode.values:
            raise ValidationError({"rows": _("Baris %(row)s: cara hadir tidak dikenal.") % {"row": number}})
    opds_by_name = {
        opd.name.casefold(): opd
        for opd in Opd.objects.filter(pemda__province_id=meeting.pemda.province_id).select_related("pemda")
    }
    dataset = tablib.Dataset(headers=COLUMNS)
    linked_opds = {}
    for number, row in enumerate(rows, start=1):
        opd = row.get("opd") or opds_by_name.get((row.get("unit_name") or "").strip().casefold())
        if opd is not None:
            linked_opds[opd.pk] = opd
        dataset.append([
            number, row["name"].strip(), (row.get("unit_name") or "").strip(), (row.get("position") or "").strip(),
            row.get("mode") or Attendance.Mode.IN_PERSON, opd.pk if opd else None,
        ])
    resource = AttendanceResource(meeting, user=by)
    result = import_all_or_nothing(resource, dataset, dry_run=False, user=by, max_rows=max(len(dataset), 1))
    if import_failed(result):
        raise ValidationError(describe_errors(result))
    new_rows = resource.written
    for attendance in new_rows:
        attendance.opd = linked_opds.get(attendance.opd_id)  # the rows carry the id; no query each
    if linked_opds:
        meeting.attending_opds.add(*linked_opds.values())
    if meeting.status == Meeting.Status.PLANNED and new_rows:
        meeting.status = Meeting.Status.HELD
        meeting.save(update_fields=["status", "updated_at"])
    return new_rows


@transaction.atomic
def add_attachment(meeting, *, by, file, label):
    _require_manager(meeting, by)
    return Attachment.objects.create(
        meeting=meeting, file=file, label=label, original_name=getattr(file, "name", "")[:255], uploaded_by=by
    )


@transaction.atomic
def delete_attachment(attachment, *, by):
    _require_manager(attachment.meeting, by)
    attachment.file.delete(save=False)
    attachment.delete()


def _pick(data, allowed):
    return {k: v for k, v in data.items() if k in allowed}
