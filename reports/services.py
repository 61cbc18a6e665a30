"""Requesting and generating quarterly reports: every write of the reports package.

Flow: `request_report` (web page, command, beat schedule) fingerprints the input data, returns
an existing report for the same scope, period, language and unchanged data, or creates a queued
`Report` and sends `tasks.generate_report` once the transaction commits. The task calls
`generate`, which claims the row, renders and `finish`es it. The province pack fans out one
`tasks.render_pack_part` per OPD (a Celery chord) and `tasks.merge_pack` joins the parts.

Idempotence: the final file name is derived from the report (`report_upload_to`), and `finish`
writes it under a row lock (select_for_update) only while the report is not done yet, so a
re-delivered or duplicated task never produces a second file. Part files have fixed names too
(one per OPD), so a re-run part overwrites its own file.
"""

import hashlib
import io
import logging
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agencies.models import Opd, Pemda
from agencies.scoping import Reach, get_scope
from reformportal import charts
from reformportal.pdf import merge_pdfs, render_pdf

from .data import annex_opds, fingerprint, opd_report_data, opd_reports_data, province_report_data
from .models import Report, report_upload_to

logger = logging.getLogger(__name__)

PROGRESS_CLAIMED = 5
PROGRESS_DATA = 20
PROGRESS_RENDERED = 90


# --- who may request what -------------------------------------------------------------------


def can_request_opd_report(user, opd):
    """Anyone who sees the OPD may print its report; an OPD admin only its own OPD."""
    return Opd.objects.visible_to(user).filter(pk=opd.pk).exists()


PACK_REACH = (Reach.ALL, Reach.PROVINCE)


def can_request_province_pack(user, pemda):
    """Province packs (every OPD and regency/city of the province): users whose scope covers the
    whole province; not OPD admins, nor the province Pemda's inspectors (their Pemda only)."""
    scope = get_scope(user)
    if scope.reach not in PACK_REACH or not pemda.is_province:
        return False
    return Pemda.objects.visible_to(user).filter(pk=pemda.pk).exists()


def requestable_opds(user):
    return Opd.objects.visible_to(user).filter(is_active=True).select_related("pemda__province", "pemda__regency")


def requestable_pemdas(user):
    if get_scope(user).reach not in PACK_REACH:
        return Pemda.objects.none()
    return Pemda.objects.visible_to(user).filter(level=Pemda.Level.PROVINCE).select_related("province")


# --- inputs ---------------------------------------------------------------------------------


def inputs_for(kind, *, opd=None, pemda=None, year, quarter):
    """(data, fingerprint): what the report prints and the hash that identifies it."""
    if kind == Report.Kind.OPD:
        data = opd_report_data(opd, year, quarter)
        return data, fingerprint("opd", data)
    front = province_report_data(pemda, year, quarter)
    annex = opd_reports_data(annex_opds(pemda, year), year, quarter)
    return (front, annex), fingerprint("province", front, *annex)


# --- requesting -----------------------------------------------------------------------------


def request_report(*, kind, year, quarter, by, opd=None, pemda=None, language="id", regenerate=False,
                   trigger=Report.Trigger.MANUAL, send=True):
    """The report for this scope and period: the existing one when the data did not change.

    Returns (report, created). With `regenerate` a new report is always made. `by` is the
    requesting user, or None for the schedule and the command. `send=False` leaves the
    generation to the caller (the command generates in-process with `generate_inline`).
    """
    if kind == Report.Kind.OPD:
        if opd is None:
            raise ValueError("an OPD report needs an OPD")
        pemda = opd.pemda
        if by is not None and not can_request_opd_report(by, opd):
            raise PermissionDenied
    else:
        if pemda is None or not pemda.is_province:
            raise ValueError("a province pack needs a province Pemda")
        opd = None
        if by is not None and not can_request_province_pack(by, pemda):
            raise PermissionDenied
    if quarter not in (1, 2, 3, 4):
        raise ValueError("quarter must be 1–4")
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE

    if regenerate and by is not None:
        check_regeneration_allowance(by)
    _data, print_hash = inputs_for(kind, opd=opd, pemda=pemda, year=year, quarter=quarter)
    with transaction.atomic():
        same = Report.objects.same_request(
            kind=kind, pemda=pemda, opd=opd, year=year, quarter=quarter, language=language
        ).select_for_update()
        existing = same.filter(fingerprint=print_hash).exclude(status=Report.Status.FAILED).first()
        if existing is not None and not regenerate:
            return existing, False
        report = Report.objects.create(
            kind=kind, pemda=pemda, opd=opd, year=year, quarter=quarter, language=language,
            fingerprint=print_hash, requested_by=by, trigger=trigger,
        )
        if send:
            transaction.on_commit(lambda: _send_generate(report.pk, report.trigger))
    return report, True


class TooManyRegenerations(Exception):
    """The user forced new reports too often this hour; str(exc) is the message for them."""


def check_regeneration_allowance(user):
    """"Buat ulang" always renders anew: each user may force REPORT_REGENERATIONS_PER_HOUR an hour
    (every report the user made in the last hour counts, since each cost a render)."""
    from datetime import timedelta

    limit = settings.REPORT_REGENERATIONS_PER_HOUR
    made = Report.objects.filter(requested_by=user, requested_at__gte=timezone.now() - timedelta(hours=1)).count()
    if made >= limit:
        raise TooManyRegenerations(
            _("Anda sudah membuat %(count)d laporan dalam satu jam terakhir (batas %(limit)d). "
              "Laporan yang ada tetap dapat diunduh; coba buat ulang nanti.") % {"count": made, "limit": limit}
        )


def _send_generate(report_id, trigger):
    from reformportal.taskqueue import TaskQueueUnavailable, send_task_safely

    from .tasks import generate_report

    # Someone waits for a report they asked for; the schedule's packs can wait behind them.
    queue = settings.CELERY_QUEUE_BATCH if trigger == Report.Trigger.SCHEDULE else settings.CELERY_QUEUE_INTERACTIVE
    try:
        send_task_safely(generate_report, report_id, queue=queue)
    except TaskQueueUnavailable as exc:
        # Redis is down: the request answers at once and the report page says why.
        fail(report_id, str(exc))


# --- generating -----------------------------------------------------------------------------


def claim(report_id):
    """Mark the report running and return it, or None when it is finished already.

    A re-delivered task (worker killed, acks_late) finds the row still running and takes over.
    """
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status in (Report.Status.DONE, Report.Status.FAILED):
            return None
        report.status = Report.Status.RUNNING
        report.started_at = report.started_at or timezone.now()
        report.attempts += 1
        report.progress = max(report.progress, PROGRESS_CLAIMED)
        report.save(update_fields=["status", "started_at", "attempts", "progress"])
    return Report.objects.select_related("pemda__province", "pemda__regency", "opd__pemda__province").get(pk=report_id)


def set_progress(report_id, percent):
    Report.objects.filter(pk=report_id, status=Report.Status.RUNNING).update(
        progress=Greatest(F("progress"), min(99, int(percent)))
    )


def finish(report_id, pdf_bytes, *, print_hash=None):
    """Store the PDF once: a report that is done already keeps its file and the bytes are dropped."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.status == Report.Status.DONE:
            logger.info("report %s is done already; duplicate result dropped", report_id)
            return report, False
        name = report_upload_to(report, "report.pdf")
        if default_storage.exists(name):
            default_storage.delete(name)  # a half-finished earlier attempt of this same report
        stored = default_storage.save(name, ContentFile(pdf_bytes))
        report.file.name = stored
        report.sha256 = hashlib.sha256(pdf_bytes).hexdigest()
        report.size = len(pdf_bytes)
        report.pages = count_pages(pdf_bytes)
        report.status = Report.Status.DONE
        report.progress = 100
        report.failure_reason = ""
        report.finished_at = timezone.now()
        fields = ["file", "sha256", "size", "pages", "status", "progress", "failure_reason", "finished_at"]
        if print_hash:
            report.fingerprint = print_hash
            fields.append("fingerprint")
        report.save(update_fields=fields)
    return report, True


def fail(report_id, reason):
    """Record a readable failure reason (an exception or a text); a report that is done stays done.

    The reason is written in the report's language, like the report itself.
    """
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status == Report.Status.DONE:
            return report
        with translation.override(report.language):
            text = failure_message(reason) if isinstance(reason, BaseException) else str(reason)
        report.status = Report.Status.FAILED
        report.failure_reason = text[:2000]
        report.finished_at = timezone.now()
        report.save(update_fields=["status", "failure_reason", "finished_at"])
    cleanup_parts(report)
    return report


def failure_message(exc):
    return _("Laporan gagal dibuat: %(error)s") % {"error": f"{type(exc).__name__}: {exc}"[:500]}


def count_pages(pdf_bytes):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        return len(PdfReader(io.BytesIO(pdf_bytes)).pages)
    except (PdfReadError, ValueError):
        return 0


# --- rendering --------------------------------------------------------------------------------


def period_label(year, quarter):
    from reformportal.formats import long_date

    from .data import quarter_end

    start = quarter_end(year, quarter).replace(day=1, month=quarter * 3 - 2)
    return f"{long_date(start)} – {long_date(quarter_end(year, quarter))}"


def opd_context(data, *, annex=False):
    themes = [(line.name, line.achievement) for line in data.themes]
    return {
        "data": data,
        "annex": annex,
        "cover_facts": [
            (_("Perangkat daerah"), data.opd_name),
            (_("Pemerintah daerah"), data.pemda_name),
            (_("Periode"), period_label(data.year, data.quarter)),
            (_("Jumlah rencana aksi"), str(data.total_plans)),
        ],
        "theme_chart": charts.bar_chart(themes, measure=charts.Measure.ACHIEVEMENT, size=charts.PRINT, limit=44)
        if themes else "",
    }


REPORT_CSS = ("css/report-pdf.css",)
REPORT_TEMPLATES = ("reports/pdf/opd_report.html", "reports/pdf/province_annex.html", "reports/pdf/province_front.html")


def render_opd_report(data, language):
    return render_pdf(REPORT_TEMPLATES[0], opd_context(data), language=language, stylesheets=REPORT_CSS)


def render_opd_annex(data, language):
    return render_pdf(REPORT_TEMPLATES[1], opd_context(data, annex=True), language=language,
                      page_numbers=False, stylesheets=REPORT_CSS)


def province_context(front, language):
    target = front.target_percent
    return {
        "data": front,
        "cover_facts": [
            (_("Provinsi"), front.province_name),
            (_("Periode"), period_label(front.year, front.quarter)),
            (_("Perangkat daerah"), str(front.opds_total)),
            (_("Jumlah rencana aksi"), str(front.total_plans)),
        ],
        "gauge": charts.gauge(front.actual_percent, target, size=charts.PRINT),
        "theme_chart": charts.bar_chart([(t.name, t.achieved_percent) for t in front.themes], target=target,
                                        size=charts.PRINT),
        "opd_chart": charts.bar_chart(
            [(o.short_name or o.name, o.achieved_percent)
             for o in sorted(front.ranking, key=lambda o: -(o.achieved_percent or 0)) if o.plans], target=target,
            size=charts.PRINT, limit=34,
        ),
        "regency_chart": charts.bar_chart([(r.name, r.achieved_percent) for r in front.regencies], target=target,
                                          size=charts.PRINT) if front.regencies else "",
    }


def render_province_front(front, language):
    return render_pdf(REPORT_TEMPLATES[2], province_context(front, language), language=language,
                      page_numbers=False, stylesheets=REPORT_CSS)


def generate(report_id, *, queue=None):
    """Generate one report (the task `reports.generate_report`); returns what happened.

    An OPD report renders here. A province pack fans out: its front pages and one part per OPD of
    the annex render as tasks of their own, in parallel, and `merge_pack` joins them (a Celery
    chord), on `queue` when given. A re-delivered task (the worker died after sending the
    fan-out) finds `parts_total` recorded and sends nothing again; one that died before recording
    it sends the fan-out a second time, which is harmless (parts overwrite their own files,
    `finish` writes once).
    """
    report = claim(report_id)
    if report is None:
        return "finished-already"
    if report.kind == Report.Kind.OPD:
        generate_opd(report)
        return "done"
    if report.parts_total and report.attempts > 1:
        return "fan-out-sent"
    opd_ids = start_pack(report)
    _send_pack(report_id, opd_ids, queue)
    mark_fanned_out(report_id, len(opd_ids))
    return "fanned-out"


def _send_pack(report_id, opd_ids, queue):
    from celery import chord, group

    from .tasks import merge_pack, render_pack_front, render_pack_part

    options = {"queue": queue} if queue else {}
    # The front pages first, so they render beside the first OPD parts, not after the last.
    parts = group([render_pack_front.si(report_id).set(**options)]
                  + [render_pack_part.si(report_id, opd_id, len(opd_ids)).set(**options) for opd_id in opd_ids])
    chord(parts, merge_pack.si(report_id, opd_ids).set(**options)).apply_async()


def generate_opd(report):
    data = opd_report_data(report.opd, report.year, report.quarter)
    set_progress(report.pk, PROGRESS_DATA)
    pdf_bytes = render_opd_report(data, report.language)
    set_progress(report.pk, PROGRESS_RENDERED)
    return finish(report.pk, pdf_bytes, print_hash=fingerprint("opd", data))


# --- province pack parts ------------------------------------------------------------------------


def parts_dir(report):
    return f"reports/parts/{report.uuid.hex}"


def part_name(report, opd_id):
    return f"{parts_dir(report)}/{int(opd_id):08d}.pdf"


FRONT_PART = "front.pdf"


def front_part_name(report):
    return f"{parts_dir(report)}/{FRONT_PART}"


def _save_part(name, pdf_bytes):
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(pdf_bytes))


def start_pack(report):
    """The ids of the OPDs whose pages form the annex (the front pages' data is read once, by
    render_front_part)."""
    return [opd.pk for opd in annex_opds(report.pemda, report.year)]


def mark_fanned_out(report_id, parts):
    """Record that the per-OPD tasks were sent (a re-delivered generate task then does not resend them)."""
    Report.objects.filter(pk=report_id).update(parts_total=parts, progress=Greatest(F("progress"), PROGRESS_DATA))


def render_part(report_id, opd_id, total=0):
    """Render one OPD's annex pages to its own part file (overwritten if the task runs again)."""
    report = Report.objects.select_related("pemda").get(pk=report_id)
    if report.status != Report.Status.RUNNING:
        return None
    total = total or report.parts_total or 1
    opd = Opd.objects.select_related("pemda__province", "pemda__regency").get(pk=opd_id)
    data = opd_report_data(opd, report.year, report.quarter)
    pdf_bytes = render_opd_annex(data, report.language)
    name = part_name(report, opd_id)
    _save_part(name, pdf_bytes)
    done = count_part_files(report)
    Report.objects.filter(pk=report_id, status=Report.Status.RUNNING).update(
        parts_done=Greatest(F("parts_done"), done),
        progress=Greatest(F("progress"), min(PROGRESS_RENDERED, PROGRESS_DATA + (PROGRESS_RENDERED - PROGRESS_DATA) * done // total)),
    )
    return name


def count_part_files(report):
    try:
        _dirs, files = default_storage.listdir(parts_dir(report))
    except FileNotFoundError:
        return 0
    return sum(1 for name in files if name.endswith(".pdf") and name != FRONT_PART)


def render_front_part(report_id):
    """The pack's front pages (cover, summary, charts) as a part of their own.

    Sent in the same chord as the OPD parts, so the front renders in parallel with them instead
    of serially in the merge. The one place a pack reads its front-page data.
    """
    report = Report.objects.select_related("pemda__province", "pemda__regency").get(pk=report_id)
    if report.status != Report.Status.RUNNING:
        return None
    front = province_report_data(report.pemda, report.year, report.quarter)
    name = front_part_name(report)
    _save_part(name, render_province_front(front, report.language))
    return name


def merge_pack(report_id, opd_ids):
    """Front part + every OPD's part, numbered "Halaman x dari y" across the whole pack."""
    report = Report.objects.select_related("pemda__province", "pemda__regency").get(pk=report_id)
    if report.status != Report.Status.RUNNING:
        return report, False
    names = {"front": front_part_name(report), **{opd_id: part_name(report, opd_id) for opd_id in opd_ids}}
    missing = [key for key, name in names.items() if not default_storage.exists(name)]
    if missing:
        raise RuntimeError(f"missing parts {missing}")
    parts = []
    for name in names.values():
        with default_storage.open(name, "rb") as handle:
            parts.append(handle.read())
    pdf_bytes = merge_pdfs(parts, language=report.language, number_pages=True)
    # The fingerprint stays the one taken at request time: hashing every OPD's data again here
    # would cost as much as the request did.
    result = finish(report.pk, pdf_bytes)
    cleanup_parts(report)
    return result


def cleanup_parts(report):
    """Delete a pack's part files once merged, on the local disk and on an object store alike."""
    if report is None:
        return
    folder = parts_dir(report)
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        default_storage.delete(f"{folder}/{name}")
    try:
        Path(default_storage.path(folder)).rmdir()  # the emptied folder of a local disk
    except (NotImplementedError, OSError):
        pass


def generate_province_inline(report):
    """The whole pack in one process (the command and the benchmark's single-worker baseline)."""
    opd_ids = start_pack(report)
    mark_fanned_out(report.pk, len(opd_ids))
    render_front_part(report.pk)
    for opd_id in opd_ids:
        render_part(report.pk, opd_id, len(opd_ids))
    return merge_pack(report.pk, opd_ids)


def generate_inline(report_id):
    """Generate a report in this process, without Celery; failures are recorded and re-raised."""
    report = claim(report_id)
    if report is None:
        return Report.objects.get(pk=report_id)
    try:
        if report.kind == Report.Kind.OPD:
            generate_opd(report)
        else:
            generate_province_inline(report)
    except Exception as exc:
        fail(report_id, exc)
        raise
    return Report.objects.get(pk=report_id)


def prune_superseded_reports(*, older_than_days):
    """Delete finished reports (file and row) that a newer finished report of the same scope,
    period and language replaced more than `older_than_days` ago. Returns how many went."""
    from datetime import timedelta

    from django.db.models import Exists, OuterRef, Q

    cutoff = timezone.now() - timedelta(days=older_than_days)
    newer = Report.objects.filter(
        Q(opd_id=OuterRef("opd_id")) | Q(opd__isnull=True, kind=Report.Kind.PROVINCE),
        kind=OuterRef("kind"), pemda_id=OuterRef("pemda_id"), year=OuterRef("year"),
        quarter=OuterRef("quarter"), language=OuterRef("language"), status=Report.Status.DONE,
        finished_at__gt=OuterRef("finished_at"), finished_at__lt=cutoff,
    )
    superseded = Report.objects.filter(Exists(newer), status=Report.Status.DONE)
    pruned = 0
    for report in superseded:
        if report.file:
            report.file.delete(save=False)
        report.delete()
        pruned += 1
    return pruned
