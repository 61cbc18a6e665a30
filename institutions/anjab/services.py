"""Writes with rules for Anjab/ABK: versions, workflow, the blank, the job map PDF.

Workflow of one agency's ABK for one year (each step audited through the model's history):

    draft ──submit──▶ submitted ──verify──▶ verified (locked)
      ▲                   │
      └──(edit)── returned ◀──return (comment required)

- submit: the agency's OPD admin (or a superuser), from draft or returned;
- verify / return: the Bagian Organisasi of the regency/city for a regency's agencies, the
  Biro Organisasi of the province for the province's agencies (can_verify);
- positions and tasks change only while the ABK is draft or returned (can_edit);
- a new year's ABK starts as a copy of the agency's latest earlier one (start_abk).
"""

import datetime
import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from agencies.roles import Role
from agencies.scoping import Reach, get_scope
from reformportal.taskqueue import send_on_commit
from reformportal.uploads import check_upload

from .models import Abk, AbkImportLog, JobMapDocument, Position, Task

Status = Abk.Status
logger = logging.getLogger(__name__)


# --- who may do what ------------------------------------------------------------------------


def can_edit_data(user, opd):
    """Whether the user may write this agency's Anjab/ABK at all (its admin or its managers)."""
    scope = get_scope(user)
    return not scope.is_read_only and scope.role != Role.INSPECTOR and scope.can_edit_opd_data(opd)


def can_edit(user, abk):
    return abk.status in (Status.DRAFT, Status.RETURNED) and can_edit_data(user, abk.opd)


def can_submit(user, abk):
    scope = get_scope(user)
    if abk.status not in (Status.DRAFT, Status.RETURNED):
        return False
    return scope.is_superuser or (scope.role == Role.OPD_ADMIN and scope.opd_id == abk.opd_id)


def can_verify_opd(user, opd):
    """Bagian Organisasi for a regency's agencies, the Biro of the province for the province's."""
    scope = get_scope(user)
    if scope.is_superuser:
        return True
    pemda = opd.pemda
    if pemda.is_province:
        return scope.role == Role.BIRO and scope.reach == Reach.PROVINCE and scope.province_id == pemda.province_id
    return scope.role == Role.BAGIAN and scope.pemda_id == pemda.pk


def can_verify(user, abk):
    return abk.status == Status.SUBMITTED and can_verify_opd(user, abk.opd)


# --- versions -------------------------------------------------------------------------------


def latest_structure(opd, year):
    from institutions.models import OrganisationStructure

    return (
        OrganisationStructure.objects.filter(opd=opd, valid_from__lte=datetime.date(year, 12, 31))
        .order_by("-valid_from").first()
        or OrganisationStructure.objects.filter(opd=opd).order_by("valid_from").first()
    )


@transaction.atomic
def start_abk(opd, year, *, by):
    """Open the agency's ABK for `year`, copying the positions and tasks of its latest earlier one."""
    if by is not None and not can_edit_data(by, opd):
        raise PermissionDenied
    if Abk.objects.filter(opd=opd, year=year).exists():
        raise ValidationError(_("ABK %(opd)s tahun %(year)s sudah ada.") % {"opd": opd.name, "year": year})
    previous = Abk.objects.filter(opd=opd, year__lt=year).order_by("-year").first()
    structure = latest_structure(opd, year) or (previous.structure if previous else None)
    abk = Abk.objects.create(opd=opd, year=year, structure=structure, based_on=previous)
    if previous is not None:
        _copy_positions(previous, abk)
    return abk


def _copy_positions(source, target):
    positions = list(Position.objects.filter(abk=source).prefetch_related("tasks").order_by("order", "pk"))
    copies = [
        Position(abk=target, **{f: getattr(p, f) for f in ("unit_id", "code", "kind", "functional_level", "name", "grade",
                                                           "summary", "education", "training", "experience", "in_post", "order")})
        for p in positions
    ]
    copies = bulk_create_with_history(copies, Position)
    ids = dict(Position.objects.filter(abk=target).values_list("code", "pk"))
    tasks = [
        Task(position_id=ids[p.code], **{f: getattr(t, f) for f in ("order", "description", "output", "output_unit",
                                                                    "volume", "period", "time_norm")})
        for p in positions for t in p.tasks.all()
    ]
    bulk_create_with_history(tasks, Task)


# --- workflow -------------------------------------------------------------------------------


def _transition(abk, *, to, by, comment="", allowed_from, check):
    abk = Abk.objects.select_for_update().select_related("opd__pemda").get(pk=abk.pk)
    if abk.status not in allowed_from:
        raise ValidationError(
            _("ABK berstatus %(status)s tidak dapat diproses dengan tindakan ini.") % {"status": abk.get_status_display()}
        )
    if not check(by, abk):
        raise PermissionDenied
    now = timezone.now()
    abk.status = to
    fields = ["status"]
    if to == Status.SUBMITTED:
        abk.submitted_at, abk.submitted_by = now, by
        fields += ["submitted_at", "submitted_by"]
    else:
        abk.verified_at, abk.verified_by, abk.comment = now, by, comment
        fields += ["verified_at", "verified_by", "comment"]
    abk._change_reason = f"abk.{to}"
    abk.save(update_fields=fields)
    return abk


@transaction.atomic
def submit_abk(abk, *, by):
    """The agency submits its ABK for verification."""
    if abk.status in (Status.DRAFT, Status.RETURNED) and not can_submit(by, abk):
        raise PermissionDenied
    if not Position.objects.filter(abk=abk).exists():
        raise ValidationError(_("ABK tanpa jabatan tidak dapat diajukan."))
    return _transition(abk, to=Status.SUBMITTED, by=by, allowed_from=(Status.DRAFT, Status.RETURNED), check=can_submit)


@transaction.atomic
def verify_abk(abk, *, by, comment=""):
    """Bagian/Biro verifies a submitted ABK; it is locked from then on."""
    return _transition(abk, to=Status.VERIFIED, by=by, comment=comment, allowed_from=(Status.SUBMITTED,), check=can_verify)


@transaction.atomic
def return_abk(abk, *, by, comment):
    """Bagian/Biro returns a submitted ABK to the agency with a comment."""
    if not (comment or "").strip():
        raise ValidationError(_("Tulis catatan mengapa ABK dikembalikan."))
    return _transition(abk, to=Status.RETURNED, by=by, comment=comment.strip(), allowed_from=(Status.SUBMITTED,), check=can_verify)


# --- positions and tasks by hand -------------------------------------------------------------


def _editable(abk, by):
    """The ABK re-read under a lock; PermissionDenied unless `by` may change it now (draft/returned)."""
    abk = Abk.objects.select_for_update().select_related("opd__pemda").get(pk=abk.pk)
    if not can_edit(by, abk):
        raise PermissionDenied
    return abk


def position_problems(abk, *, code, kind, functional_level, unit, exclude_pk=None):
    """What is wrong with a position's code, level and unit in `abk`: {field: message} (empty when fine)."""
    problems = {}
    if code is not None and Position.objects.filter(abk=abk, code=code).exclude(pk=exclude_pk).exists():
        problems["code"] = _("Kode jabatan ini sudah dipakai pada ABK ini.")
    if kind and (kind == Position.Kind.FUNGSIONAL) != bool(functional_level):
        problems["functional_level"] = _("Jenjang diisi untuk jabatan fungsional saja, dan wajib untuknya.")
    if unit is not None and not structure_units_queryset(abk).filter(pk=unit.pk).exists():
        problems["unit"] = _("Unit bukan bagian dari struktur organisasi ABK ini.")
    return problems


POSITION_WRITE_FIELDS = ("unit", "code", "kind", "functional_level", "name", "grade", "summary", "education", "training",
                         "experience", "in_post")
TASK_WRITE_FIELDS = ("order", "description", "output", "output_unit", "volume", "period", "time_norm")


def _save_checked(row, *, reason, problems=None):
    if problems:
        raise ValidationError(problems)
    row.full_clean(validate_constraints=False)
    row._change_reason = reason
    row.save()
    return row


@transaction.atomic
def create_position(abk, *, by, **fields):
    """Add a position to a draft/returned ABK (the API; the page goes through save_position)."""
    abk = _editable(abk, by)
    fields["code"] = (fields.get("code") or "").strip()
    position = Position(abk=abk, order=Position.objects.filter(abk=abk).count() + 1,
                        **{f: v for f, v in fields.items() if f in POSITION_WRITE_FIELDS})
    problems = position_problems(abk, code=position.code, kind=position.kind, functional_level=position.functional_level,
                                 unit=fields.get("unit"))
    return _save_checked(position, reason="position.created", problems=problems)


@transaction.atomic
def update_position(position, *, by, **fields):
    """Change a position of a draft/returned ABK; only the fields given."""
    _editable(position.abk, by)
    position = Position.objects.select_for_update().get(pk=position.pk)
    if "code" in fields:
        fields["code"] = (fields["code"] or "").strip()
    for name, value in fields.items():
        if name in POSITION_WRITE_FIELDS:
            setattr(position, name, value)
    problems = position_problems(
        position.abk, code=fields.get("code"), kind=position.kind, functional_level=position.functional_level,
        unit=fields.get("unit"), exclude_pk=position.pk,
    )
    return _save_checked(position, reason="position.changed", problems=problems)


@transaction.atomic
def delete_position(position, *, by):
    """Remove a position and its tasks from a draft/returned ABK (the history keeps them)."""
    _editable(position.abk, by)
    position._change_reason = "position.deleted"
    position.delete()


@transaction.atomic
def create_task(position, *, by, **fields):
    """Add a task to a position of a draft/returned ABK (numbered after the last one unless `order` is given)."""
    _editable(position.abk, by)
    task = Task(position=position, **{f: v for f, v in fields.items() if f in TASK_WRITE_FIELDS})
    if fields.get("order") is None:
        task.order = Task.objects.filter(position=position).count() + 1
    return _save_checked(task, reason="task.created")


@transaction.atomic
def update_task(task, *, by, **fields):
    _editable(task.position.abk, by)
    task = Task.objects.select_for_update().get(pk=task.pk)
    for name, value in fields.items():
        if name in TASK_WRITE_FIELDS:
            setattr(task, name, value)
    return _save_checked(task, reason="task.changed")


@transaction.atomic
def delete_task(task, *, by):
    _editable(task.position.abk, by)
    task._change_reason = "task.deleted"
    task.delete()


@transaction.atomic
def save_position(form, formset, *, abk, by):
    """Save a position and its tasks from the edit page (forms already valid)."""
    abk = _editable(abk, by)
    position = form.save(commit=False)
    position.abk = abk
    if position.pk is None:
        position.order = Position.objects.filter(abk=abk).count() + 1
    position.save()
    formset.instance = position
    formset.save()
    return position


# --- the blank ------------------------------------------------------------------------------


@dataclass
class ImportOutcome:
    log: AbkImportLog
    parsed: object
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0


def structure_units(abk):
    from institutions.models import OrgUnit

    if abk.structure_id:
        return list(OrgUnit.objects.filter(structure_id=abk.structure_id))
    return list(OrgUnit.objects.filter(positions__abk=abk).distinct())


def structure_units_queryset(abk):
    from institutions.models import OrgUnit

    if abk.structure_id:
        return OrgUnit.objects.filter(structure_id=abk.structure_id).order_by("order", "pk")
    return OrgUnit.objects.filter(positions__abk=abk).distinct().order_by("order", "pk")


def read_blank(fileobj, abk):
    """Gate, open and normalise an uploaded blank; a ParsedBlank (errors never raise)."""
    from reformportal.spreadsheets import open_workbook

    from .blank import ParsedBlank, read_blank_workbook

    try:
        check_upload(fileobj, "blank")
        workbook = open_workbook(fileobj, read_only=True)
    except ValidationError as exc:
        return ParsedBlank(errors=list(exc.messages))
    try:
        return read_blank_workbook(workbook, abk, structure_units(abk))
    finally:
        workbook.close()


def _plan(abk, parsed):
    """What writing `parsed` would do: (creates, updates, unchanged, removes), by position code."""
    from .blank import POSITION_FIELDS, TASK_FIELDS

    existing = {p.code: p for p in Position.objects.filter(abk=abk).prefetch_related("tasks")}
    creates, updates, unchanged = [], [], []
    for row in parsed.positions:
        current = existing.get(row["code"])
        if current is None:
            creates.append(row)
            continue
        same = current.unit_id == row["unit"].pk and all(getattr(current, f) == row[f] for f in POSITION_FIELDS)
        old_tasks = [tuple(getattr(t, f) for f in TASK_FIELDS) for t in sorted(current.tasks.all(), key=lambda t: (t.order, t.pk))]
        new_tasks = [tuple(t[f] for f in TASK_FIELDS) for t in row["tasks"]]
        (unchanged if same and old_tasks == new_tasks else updates).append((current, row, old_tasks != new_tasks))
    codes = {row["code"] for row in parsed.positions}
    removes = [p for code, p in existing.items() if code not in codes]
    return creates, updates, unchanged, removes


def _label(upload):
    from reformportal.uploads import clean_label

    return clean_label(getattr(upload, "name", "") or "blanko.xlsx")


@transaction.atomic
def preview_blank(upload, *, abk, by):
    """Check an uploaded blank and keep it with an import log (status preview or invalid)."""
    if not can_edit(by, abk):
        raise PermissionDenied
    parsed = read_blank(upload, abk)
    log = AbkImportLog(abk=abk, by=by, original_name=_label(upload))
    if parsed.ok:
        upload.seek(0)
        log.file.save("abk.xlsx", ContentFile(upload.read()), save=False)
        creates, updates, unchanged, removes = _plan(abk, parsed)
        log.created_count, log.updated_count = len(creates), len(updates)
        log.unchanged_count, log.removed_count = len(unchanged), len(removes)
        log.status = AbkImportLog.Status.PREVIEW
    else:
        log.status = AbkImportLog.Status.INVALID
    log.errors = parsed.errors
    log.position_count, log.task_count = len(parsed.positions), parsed.task_count
    log.save()
    return ImportOutcome(log, parsed, log.created_count, log.updated_count, log.unchanged_count, log.removed_count)


def preview_rows(log):
    """The normalised positions of a previewed upload, read again from the stored file."""
    from .blank import ParsedBlank

    if not log.file:
        return ParsedBlank(errors=list(log.errors))
    with log.file.open("rb") as fh:
        return read_blank(fh, log.abk)


@transaction.atomic
def commit_import(log, *, by):
    """Write a previewed blank: every position and task, or nothing (all-or-nothing)."""
    log = AbkImportLog.objects.select_for_update().select_related("abk__opd__pemda").get(pk=log.pk)
    abk = Abk.objects.select_for_update().get(pk=log.abk_id)
    if not can_edit(by, abk):
        raise PermissionDenied
    if log.status != AbkImportLog.Status.PREVIEW:
        raise ValidationError(_("Impor ini sudah diproses atau ditolak; unggah ulang blanko."))
    with log.file.open("rb") as fh:
        parsed = read_blank(fh, abk)
    if not parsed.ok:
        log.status, log.errors = AbkImportLog.Status.INVALID, parsed.errors
        log.save(update_fields=["status", "errors"])
        return ImportOutcome(log, parsed)
    outcome = apply_blank(abk, parsed)
    log.status = AbkImportLog.Status.COMMITTED
    log.created_count, log.updated_count = outcome.created, outcome.updated
    log.unchanged_count, log.removed_count = outcome.unchanged, outcome.removed
    log.committed_at = timezone.now()
    log.save(update_fields=["status", "created_count", "updated_count", "unchanged_count", "removed_count", "committed_at"])
    outcome.log = log
    return outcome


def apply_blank(abk, parsed):
    """Write parsed positions to `abk` by their codes (caller holds the transaction)."""
    from .blank import POSITION_FIELDS

    creates, updates, unchanged, removes = _plan(abk, parsed)
    order = {row["code"]: index for index, row in enumerate(parsed.positions, 1)}
    if removes:
        Position.objects.filter(pk__in=[p.pk for p in removes]).delete()
    new_positions = bulk_create_with_history(
        [Position(abk=abk, unit=row["unit"], code=row["code"], order=order[row["code"]], **{f: row[f] for f in POSITION_FIELDS})
         for row in creates],
        Position,
    )
    ids = dict(Position.objects.filter(abk=abk, code__in=[row["code"] for row in creates]).values_list("code", "pk"))
    tasks = [(ids[row["code"]], row["tasks"]) for row in creates]
    for current, row, tasks_changed in updates:
        current.unit = row["unit"]
        current.order = order[row["code"]]
        for f in POSITION_FIELDS:
            setattr(current, f, row[f])
        current.save()
        if tasks_changed:
            Task.objects.filter(position=current).delete()
            tasks.append((current.pk, row["tasks"]))
    for current, row, _changed in unchanged:
        if current.order != order[row["code"]]:
            current.order = order[row["code"]]
            current.save(update_fields=["order"])
    bulk_create_with_history(
        [Task(position_id=pk, **{f: t[f] for f in ("order", "description", "output", "output_unit", "volume", "period", "time_norm")})
         for pk, rows in tasks for t in rows],
        Task,
    )
    return ImportOutcome(None, parsed, len(new_positions), len(updates), len(unchanged), len(removes))


# --- the job map PDF ------------------------------------------------------------------------

JOB_MAP_TEMPLATE = "institutions/anjab/pdf/job_map.html"
JOB_MAP_CSS = ("css/anjab-pdf.css",)


def request_job_map(abk, *, by, language):
    """Queue the job map PDF of `abk`; the task renders it after this transaction commits."""
    from .tasks import render_job_map_task

    with transaction.atomic():
        document = JobMapDocument.objects.create(abk=abk, language=language, requested_by=by)
        send_on_commit(render_job_map_task, document.pk)
    return document


def job_map_context(abk):
    from .selectors import job_map

    roots, grand = job_map(abk)
    head = next((r.position for root in roots for r in root.positions if r.position.kind == Position.Kind.JPT_PRATAMA), None)
    return {"abk": abk, "opd": abk.opd, "roots": roots, "nodes": [n for root in roots for n in root.walk()],
            "totals": grand, "head_position": head, "today": timezone.localdate()}


def render_job_map(document_id):
    """Render one job map document (idempotent: a finished document is left as it is)."""
    from reformportal.pdf import render_pdf

    with transaction.atomic():
        document = JobMapDocument.objects.select_for_update().select_related("abk__opd__pemda__province").get(pk=document_id)
        if document.status == JobMapDocument.Status.READY:
            return document
    try:
        pdf = render_pdf(JOB_MAP_TEMPLATE, job_map_context(document.abk), language=document.language, stylesheets=JOB_MAP_CSS)
    except (OperationalError, InterfaceError):
        raise  # transient: the task retries
    except Exception as exc:  # noqa: BLE001 - a broken document is reported on its page, not retried
        logger.exception("job map %s failed", document_id)
        JobMapDocument.objects.filter(pk=document.pk).update(
            status=JobMapDocument.Status.FAILED, error=str(exc)[:500], finished_at=timezone.now()
        )
        return document
    with transaction.atomic():
        document = JobMapDocument.objects.select_for_update().get(pk=document_id)
        if document.status != JobMapDocument.Status.READY:
            document.file.save(f"peta-jabatan-{document.abk_id}-{document.pk}.pdf", ContentFile(pdf), save=False)
            document.status, document.finished_at, document.error = JobMapDocument.Status.READY, timezone.now(), ""
            document.save(update_fields=["file", "status", "finished_at", "error"])
    return document
