"""Writes with rules: action plans, quarterly reports and their workflow, evidence.

Workflow of a progress report (each step logged as a ReportTransition with who/when/comment):

    draft ──submit──▶ submitted ──verify──▶ verified (locked)
      ▲                   │                    │
      └──(edit)── returned ◀──return──┘  ◀──reopen (Biro only)──┘

- submit: the OPD admin of the plan's OPD (or a superuser), from draft or returned;
- verify / return (comment required): Biro staff of the province, Bagian staff of the regency
  (scope.can_manage_pemda);
- reopen (comment required): Biro staff of the province only (or a superuser); a verified
  report goes back to "returned" so the OPD can correct and resubmit it;
- content and evidence change only while the report is draft or returned.
"""

import datetime
import hashlib
import io
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.roles import Role
from reformportal.formats import long_date

from reformportal.uploads import already_checked

from . import rollups
from .columns import PLAN_FIELDS
from .models import (
    ActionPlan,
    Evidence,
    ImportLog,
    KegiatanUtama,
    Programme,
    ProgressReport,
    ReportTransition,
    SasaranTematik,
    Theme,
    quarter_label,
)

Status = ProgressReport.Status
logger = logging.getLogger(__name__)

REPORT_FIELDS = ["realisation", "narrative", "supporting_factors", "obstacles", "solutions"]


# --- who may do what (facts used by views and templates too) ---------------------------------


def can_edit_plans(user, opd):
    scope = user.scope
    return not scope.is_read_only and scope.role != Role.INSPECTOR and scope.can_edit_opd_data(opd)


def can_submit(user, report):
    scope = user.scope
    if scope.is_superuser:
        return True
    return scope.role == Role.OPD_ADMIN and scope.opd_id == report.plan.opd_id


def can_review(user, report):
    return user.scope.can_manage_pemda(report.plan.opd.pemda)


def can_reopen(user, report):
    scope = user.scope
    if scope.is_superuser:
        return True
    return scope.role == Role.BIRO and report.plan.opd.pemda.province_id == scope.province_id


def can_edit_report(user, report):
    return report.is_editable and can_edit_plans(user, report.plan.opd)


def allowed_actions(user, report):
    """The workflow actions `user` may take on `report` now: subset of submit/verify/return/reopen."""
    actions = []
    if report.pk and report.status in (Status.DRAFT, Status.RETURNED) and can_submit(user, report):
        actions.append("submit")
    if report.status == Status.SUBMITTED and can_review(user, report):
        actions += ["verify", "return"]
    if report.status == Status.VERIFIED and can_reopen(user, report):
        actions.append("reopen")
    return actions


# --- plans ------------------------------------------------------------------------------------


def _check_theme(plan, *, new=False):
    """The theme is of the plan's year; the kegiatan utama / sasaran tematik are its Pemda's, of that
    year and of the right programme. A new RB General plan needs a kegiatan utama; an older plan
    without one keeps working (it shows and exports without it) until someone links it."""
    if plan.theme.programme.year != plan.year:
        raise ValidationError({"theme": _("Tema/area bukan milik tahun %(year)s.") % {"year": plan.year}})
    errors = {}
    general = plan.theme.programme.kind == Programme.Kind.GENERAL
    ku, goal = plan.kegiatan_utama, plan.sasaran_tematik
    if ku is not None and not general:
        errors["kegiatan_utama"] = _("Kegiatan utama hanya untuk rencana aksi RB General.")
    elif ku is not None and (ku.pemda_id != plan.opd.pemda_id or ku.year != plan.year):
        errors["kegiatan_utama"] = _("Kegiatan utama bukan milik pemerintah daerah ini tahun %(year)s.") % {"year": plan.year}
    elif ku is None and general and new:
        errors["kegiatan_utama"] = _("Pilih kegiatan utama rencana aksi RB General ini.")
    if goal is not None and general:
        errors["sasaran_tematik"] = _("Sasaran tematik hanya untuk rencana aksi RB Tematik/Berdampak.")
    elif goal is not None and (goal.pemda_id != plan.opd.pemda_id or goal.year != plan.year or goal.theme_id != plan.theme_id):
        errors["sasaran_tematik"] = _("Sasaran tematik bukan milik tema ini di pemerintah daerah ini tahun %(year)s.") % {"year": plan.year}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_plan(*, opd, year, by, **data):
    """Create an action plan for `opd` and `year`."""
    if not can_edit_plans(by, opd):
        raise PermissionDenied
    plan = ActionPlan(opd=opd, year=year, **{k: v for k, v in data.items() if k in PLAN_FIELDS})
    _check_theme(plan, new=True)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def update_plan(plan, *, by, **data):
    """Change an action plan's fields; the code stays unique per OPD and year."""
    if not can_edit_plans(by, plan.opd):
        raise PermissionDenied
    changed = []
    for key, value in data.items():
        if key in PLAN_FIELDS and getattr(plan, key) != value:
            setattr(plan, key, value)
            changed.append(key)
    if not changed:
        return plan
    _check_theme(plan)
    plan.full_clean()
    plan.save(update_fields=[*changed, "updated_at"])
    return plan


@transaction.atomic
def delete_plan(plan, *, by):
    if not can_edit_plans(by, plan.opd):
        raise PermissionDenied
    if plan.reports.exclude(status=Status.DRAFT).exists():
        raise ValidationError(_("Rencana aksi yang sudah dilaporkan tidak dapat dihapus."))
    plan.delete()


# --- a Pemda's Portal RB reference data (kegiatan utama, sasaran tematik) ----------------------

KEGIATAN_UTAMA_FIELDS = ("code", "name", "indicator", "unit", "target")
SASARAN_TEMATIK_FIELDS = ("theme", "code", "name", "indicator", "unit", "annual_target")


def _save_reference(model, fields, instance, *, pemda, year, by, data):
    if not by.scope.can_manage_pemda(pemda):
        raise PermissionDenied
    row = instance or model(pemda=pemda, year=year)
    if instance is not None and (instance.pemda_id, instance.year) != (pemda.pk, year):
        raise PermissionDenied
    # a new row takes every field given (its empty relations cannot be read for comparison)
    changed = [key for key in fields if key in data and (instance is None or getattr(row, key) != data[key])]
    for key in changed:
        setattr(row, key, data[key])
    if instance is not None and not changed:
        return row
    theme = getattr(row, "theme", None)
    if theme is not None and (theme.programme.year != year or theme.programme.kind == Programme.Kind.GENERAL):
        raise ValidationError({"theme": _("Pilih tema RB Tematik/Berdampak tahun %(year)s.") % {"year": year}})
    if model.objects.filter(pemda=pemda, year=year, code__iexact=row.code).exclude(pk=row.pk).exists():
        raise ValidationError({"code": _("Kode ini sudah dipakai pada tahun %(year)s.") % {"year": year}})
    row.full_clean(exclude=["pemda"])
    if instance is None:
        row.save()
    else:
        row.save(update_fields=changed)
    return row


@transaction.atomic
def save_kegiatan_utama(pemda, year, *, by, instance=None, **data):
    """Create (or change `instance`) a kegiatan utama of `pemda` for `year`: its Biro/Bagian only."""
    return _save_reference(KegiatanUtama, KEGIATAN_UTAMA_FIELDS, instance, pemda=pemda, year=year, by=by, data=data)


@transaction.atomic
def save_sasaran_tematik(pemda, year, *, by, instance=None, **data):
    """Create (or change `instance`) a sasaran tematik of `pemda` for `year`: its Biro/Bagian only."""
    return _save_reference(SasaranTematik, SASARAN_TEMATIK_FIELDS, instance, pemda=pemda, year=year, by=by, data=data)


# --- reports ----------------------------------------------------------------------------------


def _log(report, from_status, *, by, comment=""):
    ReportTransition.objects.create(report=report, from_status=from_status, to_status=report.status, by=by, comment=comment)


@transaction.atomic
def save_report(plan, quarter, *, by, **data):
    """Create or change the draft (or returned) report of `plan` for triwulan `quarter`."""
    if quarter not in (1, 2, 3, 4):
        raise ValidationError(_("Triwulan harus 1 sampai 4."))
    if not can_edit_plans(by, plan.opd):
        raise PermissionDenied
    report, _created = ProgressReport.objects.select_for_update().get_or_create(plan=plan, quarter=quarter)
    if not report.is_editable:
        raise ValidationError(_("Laporan berstatus %(status)s tidak dapat diubah.") % {"status": report.get_status_display()})
    changed = []
    for key in REPORT_FIELDS:
        if key in data and getattr(report, key) != data[key]:
            setattr(report, key, data[key])
            changed.append(key)
    if changed:
        report.full_clean(exclude=["plan"])
        report.save(update_fields=[*changed, "updated_at"])
    return report


def _transition(report, *, to, by, comment="", allowed_from, check):
    report = ProgressReport.objects.select_for_update().select_related("plan__opd__pemda").get(pk=report.pk)
    if not check(by, report):
        raise PermissionDenied
    if report.status not in allowed_from:
        raise ValidationError(
            _("Laporan berstatus %(status)s tidak dapat diproses dengan tindakan ini.")
            % {"status": report.get_status_display()}
        )
    previous = report.status
    report.status = to
    fields = ["status", "updated_at"]
    now = timezone.now()
    if to == Status.SUBMITTED:
        report.submitted_at, report.submitted_by = now, by
        fields += ["submitted_at", "submitted_by"]
    else:
        report.reviewed_at, report.reviewed_by = now, by
        report.comment = comment
        fields += ["reviewed_at", "reviewed_by", "comment"]
    report.save(update_fields=fields)
    _log(report, previous, by=by, comment=comment)
    return report


@transaction.atomic
def submit_report(report, *, by):
    """OPD admin submits a draft or returned report to the Biro/Bagian."""
    if report.realisation is None:
        raise ValidationError(_("Isi realisasi sebelum mengajukan laporan."))
    if report.status == Status.DRAFT:
        # A first submission needs the province's window open (or reopened for the OPD); a report
        # the verifier returned may always be corrected and resubmitted.
        from .windows import check_open

        check_open(report.plan.opd, report.plan.year, report.quarter)
    return _transition(report, to=Status.SUBMITTED, by=by, allowed_from=(Status.DRAFT, Status.RETURNED), check=can_submit)


@transaction.atomic
def verify_report(report, *, by, comment=""):
    """Biro (province) or Bagian (regency) verifies a submitted report; it is then locked."""
    return _transition(
        report, to=Status.VERIFIED, by=by, comment=comment, allowed_from=(Status.SUBMITTED,), check=can_review
    )


@transaction.atomic
def return_report(report, *, by, comment):
    """Biro/Bagian sends a submitted report back to the OPD with a comment."""
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Tuliskan catatan mengapa laporan dikembalikan.")})
    return _transition(
        report, to=Status.RETURNED, by=by, comment=comment.strip(), allowed_from=(Status.SUBMITTED,), check=can_review
    )


@transaction.atomic
def reopen_report(report, *, by, comment):
    """Only the Biro re-opens a verified (locked) report; it goes back to the OPD as returned."""
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Tuliskan alasan membuka kembali laporan.")})
    return _transition(
        report, to=Status.RETURNED, by=by, comment=comment.strip(), allowed_from=(Status.VERIFIED,), check=can_reopen
    )


WORKFLOW = {"submit": submit_report, "verify": verify_report, "return": return_report, "reopen": reopen_report}


def run_action(report, action, *, by, comment=""):
    """Dispatch a workflow action by name (views and the API use it)."""
    if action not in WORKFLOW:
        raise ValidationError(_("Tindakan tidak dikenal."))
    if action == "submit":
        return submit_report(report, by=by)
    return WORKFLOW[action](report, by=by, comment=comment)


# --- evidence ---------------------------------------------------------------------------------


@transaction.atomic
def add_evidence(report, *, by, label, file=None, url=""):
    """Attach a file (already through the upload gate) or a link to an editable report."""
    report = ProgressReport.objects.select_for_update().select_related("plan__opd__pemda").get(pk=report.pk)
    if not can_edit_report(by, report):
        if not can_edit_plans(by, report.plan.opd):
            raise PermissionDenied
        raise ValidationError(_("Data dukung hanya dapat ditambah selama laporan berstatus draf atau dikembalikan."))
    if bool(file) == bool(url):
        raise ValidationError(_("Unggah satu berkas atau isi satu tautan."))
    evidence = Evidence(report=report, label=label.strip() or (getattr(file, "name", "") or url)[:200], uploaded_by=by)
    if file:
        checked = getattr(file, "checked", None)
        evidence.original_name = checked.label if checked else getattr(file, "name", "")[:255]
        evidence.file = file
    else:
        evidence.url = url
    evidence.save()
    return evidence


@transaction.atomic
def remove_evidence(evidence, *, by):
    report = evidence.report
    if not can_edit_report(by, report):
        raise PermissionDenied
    name, storage = evidence.file.name, evidence.file.storage
    evidence.delete()
    if name:
        # The file goes only once the row is really gone.
        transaction.on_commit(lambda: storage.delete(name))


# --- the Excel blank --------------------------------------------------------------------------


@dataclass
class ImportOutcome:
    log: object  # ImportLog
    rows: list = field(default_factory=list)  # normalised rows (preview)
    errors: list = field(default_factory=list)
    bad_cells: dict = field(default_factory=dict)  # {(row number, column key): reason}
    row_status: dict = field(default_factory=dict)  # {row number: "new" | "update" | "skip"} from the dry run
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self):
        return not self.errors


def read_blank(fileobj, *, opd, year):
    """Gate, open and normalise an uploaded blank; returns ParsedBlank (errors never raise)."""
    from reformportal.spreadsheets import open_workbook

    from .blank import BlankReader, ParsedBlank

    try:
        checked = already_checked(fileobj, "blank")
        workbook = open_workbook(fileobj, read_only=True)
    except ValidationError as exc:
        return ParsedBlank(errors=list(exc.messages), gate_refused=True)
    try:
        parsed = BlankReader(opd, year).read(workbook, fileobj)
    except ValidationError as exc:
        parsed = ParsedBlank(errors=list(exc.messages))
    finally:
        workbook.close()
    parsed.checked = checked
    return parsed


def _run_resource(parsed, *, opd, year, by, dry_run):
    """Feed normalised rows to ActionPlanResource through import_all_or_nothing.

    Returns (created, updated, unchanged, errors, {row number: "new" | "update" | "skip"}).
    """
    import tablib

    from reformportal.spreadsheets import describe_errors, import_all_or_nothing, import_failed

    from .blank import COLUMNS
    from .resources import ActionPlanResource

    # only the columns the blank has: a column an older blank lacks leaves the field unchanged
    present = parsed.rows[0].keys() if parsed.rows else ()
    keys = [c.key for c in COLUMNS if c.key != "code" and c.key in present]
    dataset = tablib.Dataset(headers=["opd", "year", "code", *keys])
    for row in parsed.rows:
        values = [getattr(row.get(k), "pk", row.get(k)) if k in REFERENCE_MODELS else row.get(k) for k in keys]
        dataset.append([opd.pk, year, row["code"], *values])
    resource = ActionPlanResource(user=by)
    result = import_all_or_nothing(resource, dataset, dry_run=dry_run, user=by, max_rows=max(len(dataset), 1))
    if import_failed(result):
        return 0, 0, 0, describe_errors(result), {}
    totals = result.totals
    # result.rows follow the dataset, which follows parsed.rows (skipped rows are reported too).
    status = {row["row"]: str(outcome.import_type) for row, outcome in zip(parsed.rows, result.rows, strict=False)}
    return totals.get("new", 0), totals.get("update", 0), totals.get("skip", 0), [], status


def _save_log(log, parsed, outcome_counts, errors, status):
    log.row_count = len(parsed.rows)
    log.created_count, log.updated_count, log.unchanged_count = outcome_counts
    log.errors = errors
    log.status = status
    if status == ImportLog.Status.COMMITTED:
        log.committed_at = timezone.now()
    log.save()


@transaction.atomic
def preview_blank(upload, *, opd, year, by):
    """Check and dry-run an uploaded blank; keep the file and an ImportLog (status preview or invalid).

    Nothing but the log is written. Confirm a clean preview with commit_import(log, by=...).
    """
    if not can_edit_plans(by, opd):
        raise PermissionDenied
    parsed = read_blank(upload, opd=opd, year=year)
    log = ImportLog(opd=opd, year=year, by=by, original_name=_label(upload))
    counts, errors, status = (0, 0, 0), list(parsed.errors), {}
    if parsed.ok:
        *counts, errors, status = _run_resource(parsed, opd=opd, year=year, by=by, dry_run=True)
    if not parsed.gate_refused:
        upload.seek(0)
        log.sha256 = parsed.checked.sha256
        log.file.save("blank.xlsx", ContentFile(upload.read()), save=False)
        # the one copy of the preview: the page shows these rows and confirming writes them
        log.rows = _rows_to_json(parsed.rows, status=status, bad_cells=parsed.bad_cells)
    _save_log(log, parsed, tuple(counts), errors, ImportLog.Status.INVALID if errors else ImportLog.Status.PREVIEW)
    return ImportOutcome(log=log, rows=parsed.rows, errors=errors, created=counts[0], updated=counts[1], unchanged=counts[2],
                         bad_cells=parsed.bad_cells, row_status=status)


@transaction.atomic
def commit_import(log, *, by):
    """Write a previewed blank, all rows or none.

    The rows are the ones the preview normalised from the stored file (kept in the log, never
    sent by the client); if the stored file no longer matches its checksum, it is read again.
    """
    log = ImportLog.objects.select_for_update().select_related("opd__pemda").get(pk=log.pk)
    if not can_edit_plans(by, log.opd):
        raise PermissionDenied
    if log.status != ImportLog.Status.PREVIEW:
        raise ValidationError(_("Impor ini sudah diproses atau ditolak; unggah ulang blanko."))
    with log.file.open("rb") as fh:
        data = io.BytesIO(fh.read())
    data.name = "blank.xlsx"
    if log.rows and hashlib.sha256(data.getvalue()).hexdigest() == log.sha256:
        parsed = _rows_from_json(log.rows)
    else:
        parsed = read_blank(data, opd=log.opd, year=log.year)
    counts, errors = (0, 0, 0), list(parsed.errors)
    if parsed.ok:
        *counts, errors, _status = _run_resource(parsed, opd=log.opd, year=log.year, by=by, dry_run=False)
    if errors:
        # import_all_or_nothing rolled the rows back already; only the log records the failure.
        _save_log(log, parsed, (0, 0, 0), errors, ImportLog.Status.INVALID)
        return ImportOutcome(log=log, rows=parsed.rows, errors=errors)
    # the resource writes in bulk, which skips the signals that keep the stored roll-ups
    rollups.refresh({(log.opd_id, log.year)})
    log.rows = []
    _save_log(log, parsed, tuple(counts), [], ImportLog.Status.COMMITTED)
    return ImportOutcome(log=log, rows=parsed.rows, created=counts[0], updated=counts[1], unchanged=counts[2])


# The blank's columns that hold a row of another table (stored in the preview as its pk).
REFERENCE_MODELS = {"theme": Theme, "kegiatan_utama": KegiatanUtama, "sasaran_tematik": SasaranTematik}

# Each stored preview row also carries what the page marks on it (not written by the import).
PREVIEW_MARKS = "_preview"


def _rows_to_json(rows, *, status=None, bad_cells=None):
    """Rows as JSON for ImportLog.rows, each with its dry-run status and its bad cells for the page."""
    bad_by_row = {}
    for (number, key), reason in (bad_cells or {}).items():
        bad_by_row.setdefault(number, {})[key] = reason
    out = []
    for row in rows:
        item = {}
        for key, value in row.items():
            if key in REFERENCE_MODELS and value is not None:
                value = value.pk
            elif isinstance(value, (Decimal, datetime.date)):
                value = str(value) if isinstance(value, Decimal) else value.isoformat()
            item[key] = value
        bad = bad_by_row.get(row.get("row"), {})
        # "invalid" for a row with a bad cell; else the dry run's "new", "update" or "skip".
        item[PREVIEW_MARKS] = {"status": "invalid" if bad else (status or {}).get(row.get("row"), ""), "bad": bad}
        out.append(item)
    return out


def _rows_from_json(items):
    from .blank import COLUMNS, ParsedBlank

    kinds = {c.key: c.kind for c in COLUMNS}
    references = {
        key: (model.objects.select_related("programme") if model is Theme else model.objects).in_bulk(
            {item[key] for item in items if item.get(key)})
        for key, model in REFERENCE_MODELS.items()
    }
    rows = []
    for item in items:
        row = {}
        for key, value in item.items():
            if key == PREVIEW_MARKS:
                continue
            kind = kinds.get(key)
            if value is None:
                pass
            elif key in REFERENCE_MODELS:
                value = references[key].get(value)
                if value is None:
                    return ParsedBlank(errors=[_("Data acuan pada blanko (tema, kegiatan utama atau sasaran tematik) sudah tidak tersedia; unggah ulang blanko.")])
            elif kind in ("number", "money"):
                value = Decimal(value)
            elif kind == "date":
                value = datetime.date.fromisoformat(value)
            row[key] = value
        rows.append(row)
    return ParsedBlank(rows=rows)


def import_blank(upload, *, opd, year, by, dry_run=False):
    """Preview and, unless dry_run, commit in one go (the import_blank command uses it)."""
    outcome = preview_blank(upload, opd=opd, year=year, by=by)
    if outcome.errors or dry_run:
        return outcome
    return commit_import(outcome.log, by=by)


def _label(upload):
    from reformportal.uploads import clean_label

    try:
        return clean_label(getattr(upload, "name", ""))[:255]
    except ValidationError:
        return "berkas.xlsx"


# --- reminders --------------------------------------------------------------------------------


def due_reminders(*, now=None):
    """[(province, deadline, kind)] due now: a week before each deadline and on the deadline day,
    both in the province's own time zone (WIB/WITA/WIT), on the province's own closing date
    (ReportingWindow) where the Biro set one."""
    import datetime

    from agencies.models import Province

    from .models import ReminderSent, ReportingDeadline

    from .models import ReportingWindow

    now = now or timezone.now()
    deadlines = list(ReportingDeadline.objects.all())
    # A province's own window closes its triwulan instead of the national deadline.
    own = {(w.province_id, w.year, w.quarter): w.closes_on for w in ReportingWindow.objects.all()}
    due = []
    for province in Province.objects.filter(pemdas__opds__action_plans__isnull=False).distinct():
        today = province.today(now)
        for national in deadlines:
            closes = own.get((province.pk, national.year, national.quarter), national.due_date)
            deadline = national if closes == national.due_date else ReportingDeadline(
                year=national.year, quarter=national.quarter, due_date=closes
            )
            if deadline.due_date == today:
                due.append((province, deadline, ReminderSent.Kind.DEADLINE))
            elif deadline.due_date - datetime.timedelta(days=7) <= today < deadline.due_date:
                due.append((province, deadline, ReminderSent.Kind.WEEK_BEFORE))
    return due


def send_due_reminders(*, now=None):
    """E-mail the OPD admins whose report for a triwulan is missing, once per OPD, triwulan and kind.

    Idempotent: each sent reminder is recorded (ReminderSent) in the same transaction as the
    sending, so a re-run, a second beat or a retried task never sends it twice. Returns the
    number of e-mails sent.
    """
    from django.core.mail import send_mail

    from agencies.models import Membership, Opd

    from .models import ReminderSent
    from .selectors import opd_reporting

    sent = 0
    for province, deadline, kind in due_reminders(now=now):
        opds = opd_reporting(Opd.objects.filter(pemda__province=province), deadline.year, deadline.quarter)
        missing = [o for o in opds if o.n_plans and o.n_reported < o.n_plans]
        already = set(
            ReminderSent.objects.filter(
                opd__in=missing, year=deadline.year, quarter=deadline.quarter, kind=kind
            ).values_list("opd_id", flat=True)
        )
        admins = {}
        for m in Membership.objects.filter(role=Role.OPD_ADMIN, opd__in=missing, user__is_active=True).exclude(user__email="").select_related("user"):
            admins.setdefault(m.opd_id, []).append(m.user.email)
        for opd in missing:
            if opd.pk in already or not admins.get(opd.pk):
                continue
            with transaction.atomic():
                _reminder, created = ReminderSent.objects.get_or_create(
                    opd=opd, year=deadline.year, quarter=deadline.quarter, kind=kind,
                    defaults={"recipients": ", ".join(admins[opd.pk])},
                )
                if not created:
                    continue
                tw = f"{quarter_label(deadline.quarter)} {deadline.year}"
                when = long_date(deadline.due_date, "id")
                if kind == ReminderSent.Kind.DEADLINE:
                    when = _("%(date)s, hari ini") % {"date": when}
                subject = _("Pengingat: laporan rencana aksi %(tw)s belum lengkap") % {"tw": tw}
                body = _(
                    "Yth. admin %(opd)s,\n\n%(missing)s dari %(plans)s rencana aksi belum dilaporkan untuk %(tw)s. "
                    "Batas waktu pelaporan: %(when)s (%(tz)s).\n\nSilakan isi dan ajukan laporan di Portal RB.\n"
                ) % {
                    "opd": opd.name, "missing": opd.n_plans - opd.n_reported, "plans": opd.n_plans, "tw": tw,
                    "when": when, "tz": province.timezone_abbreviation,
                }
                send_mail(subject, body, None, admins[opd.pk])
                sent += 1
    return sent


# --- reference data a province sets -----------------------------------------------------------


def can_set_province_target(user, province):
    scope = user.scope
    return scope.is_superuser or (scope.role == Role.BIRO and scope.province_id == province.pk)


@transaction.atomic
def set_province_target(province, year, *, quarter, min_percent, by, basis=None):
    """The Biro sets its province's target for a year ("≥ min_percent % achieved by TW quarter")."""
    from .models import ProvinceTarget

    if not can_set_province_target(by, province):
        raise PermissionDenied
    if quarter not in (1, 2, 3, 4) or not (0 <= Decimal(min_percent) <= 100):
        raise ValidationError(_("Target harus 0–100 % pada TW I–IV."))
    if basis is not None and basis not in ProvinceTarget.Basis.values:
        raise ValidationError(_("Dasar capaian tidak dikenal."))
    target, created = ProvinceTarget.objects.get_or_create(
        province=province, year=year,
        defaults={"quarter": quarter, "min_percent": min_percent, "basis": basis or ProvinceTarget.Basis.QUARTER},
    )
    basis = basis or target.basis  # a caller that does not name the basis keeps it
    if not created and (target.quarter, target.min_percent, target.basis) != (quarter, Decimal(min_percent), basis):
        target.quarter, target.min_percent, target.basis = quarter, min_percent, basis
        target.save(update_fields=["quarter", "min_percent", "basis"])
    return target


def prune_old_blanks(*, older_than_days):
    """Delete the stored files of blank uploads older than the keep time; their import logs stay.

    Returns how many files were deleted. Run nightly by `actionplans.prune_old_blanks`.
    """
    cutoff = timezone.now() - datetime.timedelta(days=older_than_days)
    pruned = 0
    for log in ImportLog.objects.filter(at__lt=cutoff).exclude(file=""):
        log.file.delete(save=False)
        log.file = ""
        log.save(update_fields=["file"])
        pruned += 1
    return pruned

# --- a new reference year ---------------------------------------------------------------------


def can_create_reference_year(user):
    scope = user.scope
    return scope.is_superuser or scope.role == Role.BIRO


@transaction.atomic
def create_reference_year(year, *, by):
    """Set up `year` as a copy of `year - 1`, to be reviewed: programmes and themes, reporting
    deadlines (same day and month, one year on) and every province target of the previous year.

    The content of a year is never invented: it is copied from the last year someone set up, and
    the Biro and the admin then correct what the new year's regulation changed (themes in the
    admin, their province target on the target page). Each row created is recorded in the audit
    trail with `by`. Refused when `year` already has reference data or `year - 1` has none.
    """
    from .models import Programme, ProvinceTarget, ReportingDeadline

    if not can_create_reference_year(by):
        raise PermissionDenied
    if Programme.objects.select_for_update().filter(year=year).exists():
        raise ValidationError(_("Data acuan tahun %(year)s sudah ada.") % {"year": year})
    previous = list(Programme.objects.filter(year=year - 1).prefetch_related("themes"))
    if not previous:
        raise ValidationError(
            _("Tahun %(previous)s tidak memiliki data acuan untuk disalin.") % {"previous": year - 1}
        )

    def create(model, **fields):
        row = model(**fields)
        row._history_user = by
        row.save()
        return row

    for old in previous:
        programme = create(Programme, year=year, kind=old.kind, name=old.name, regulation=old.regulation)
        for theme in old.themes.all():
            create(Theme, programme=programme, code=theme.code, name=theme.name, order=theme.order)
    for deadline in ReportingDeadline.objects.filter(year=year - 1):
        due = deadline.due_date
        if (due.month, due.day) == (2, 29):  # no twin next year
            due = due.replace(day=28)
        create(ReportingDeadline, year=year, quarter=deadline.quarter, due_date=due.replace(year=due.year + 1))
    for target in ProvinceTarget.objects.filter(year=year - 1):
        create(ProvinceTarget, province_id=target.province_id, year=year, quarter=target.quarter,
               min_percent=target.min_percent)
    logger.info("reference year created year=%s from=%s by=%s", year, year - 1, by)
    return Programme.objects.filter(year=year)


# --- the national export (issue 17) ------------------------------------------------------


def can_export_nation(user):
    """Every province's plans in one workbook: for national roles (the national observer)."""
    from agencies.scoping import Reach

    return user.scope.reach == Reach.ALL


@transaction.atomic
def request_national_export(year, *, by):
    """Queue the national export of `year` for `by`; while one of theirs for that year is still
    queued or running, that one is returned instead of a second."""
    from reformportal.taskqueue import send_on_commit

    from .models import NationalExport
    from .tasks import build_national_export

    if not can_export_nation(by):
        raise PermissionDenied
    export = NationalExport.objects.filter(requested_by=by, year=year, status__in=NationalExport.ACTIVE).first()
    if export is None:
        export = NationalExport.objects.create(year=year, requested_by=by)
        logger.info("national export %s of %s requested by %s", export.pk, year, by.pk)
        send_on_commit(build_national_export, export.pk)
    return export


def build_national_export(export_id):
    """Write the workbook (constant memory, through a temporary file) and store it. Safe to run
    twice (the task is acknowledged late): a finished export is left alone, and a rerun after a
    lost worker writes the file again and replaces what the first run stored."""
    import tempfile

    from django.core.files import File
    from django.db.models import F
    from django.db.models.functions import Greatest

    from .export import write_national_export
    from .models import NationalExport

    export = NationalExport.objects.select_related("requested_by").get(pk=export_id)
    if export.is_done:
        return export
    rows = NationalExport.objects.filter(pk=export_id)
    rows.update(status=NationalExport.Status.RUNNING, failure_reason="")

    def progress(done, total):
        rows.update(progress=Greatest(F("progress"), min(99, 100 * done // max(total, 1))))

    try:
        with tempfile.TemporaryFile() as out:
            count = write_national_export(export.year, user=export.requested_by, fileobj=out, progress=progress)
            out.seek(0)
            if export.file:
                export.file.delete(save=False)
            export.file.save(export.download_name(), File(out), save=False)
    except Exception:
        logger.exception("national export %s failed", export_id)
        rows.update(status=NationalExport.Status.FAILED, failure_reason=_("Ekspor gagal dibuat. Silakan minta ulang."))
        raise
    export.status, export.progress, export.rows, export.finished_at = NationalExport.Status.DONE, 100, count, timezone.now()
    export.save(update_fields=["file", "status", "progress", "rows", "finished_at"])
    return export
