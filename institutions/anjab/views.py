"""Pages of Anjab/ABK: an agency's ABK and job map, the blank, the workflow, the Biro's overview."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.audit import history_for
from agencies.form_errors import commit_or_refuse, flash_form_errors
from agencies.models import Opd, Pemda
from agencies.scoping import get_visible_or_404
from reformportal.spreadsheets import xlsx_download
from reformportal.taskqueue import TaskQueueUnavailable
from reformportal.uploads import serve_upload

from . import selectors, services
from .blank import build_blank
from .export import overview_xlsx
from .forms import BlankUploadForm, ReturnForm
from .models import Abk, AbkImportLog, JobMapDocument, Position, Task

# --- access helpers: 404 outside scope, 403 when visible but not allowed ----------------------


def get_abk_for_user(user, pk, *, write=False):
    qs = Abk.objects.select_related("opd__pemda__province", "opd__pemda__regency", "structure")
    return get_visible_or_404(qs, user, pk=pk, write=write, may_edit=lambda abk: services.can_edit(user, abk))


def get_opd_for_user(user, pk, *, write=False):
    qs = Opd.objects.select_related("pemda__province", "pemda__regency")
    return get_visible_or_404(qs, user, pk=pk, write=write, may_edit=lambda opd: services.can_edit_data(user, opd))


def get_import_for_user(user, pk, *, write=False):
    qs = AbkImportLog.objects.select_related("abk__opd__pemda", "by")
    return get_visible_or_404(qs, user, pk=pk, write=write, may_edit=lambda log: services.can_edit(user, log.abk))


def _year(request, default=None):
    try:
        year = int(request.GET.get("tahun") or request.POST.get("tahun") or 0)
    except ValueError:
        year = 0
    return year if 2000 <= year <= 2100 else (default or timezone.localdate().year)


# --- the Biro's overview ------------------------------------------------------------------------


def _pemda_filter(request):
    pemdas = Pemda.objects.visible_to(request.user).select_related("province", "regency")
    code = request.GET.get("pemda") or ""
    selected = None
    if code:
        selected = next((p for p in pemdas if p.code == code), None)
        if selected is None:
            raise Http404
    return pemdas, selected


def overview(request):
    year = _year(request)
    pemdas, selected = _pemda_filter(request)
    data = selectors.overview(request.user, year, pemda=selected)
    return render(request, "institutions/anjab/overview.html", {
        "data": data, "year": year, "pemdas": pemdas, "selected": selected,
        "years": range(timezone.localdate().year + 1, timezone.localdate().year - 5, -1),
    })


def overview_export(request):
    year = _year(request)
    _pemdas, selected = _pemda_filter(request)
    data = selectors.overview(request.user, year, pemda=selected)
    return xlsx_download(overview_xlsx(data), f"rekap-abk-{year}.xlsx")


# --- one agency ----------------------------------------------------------------------------------


def opd_abk(request, opd_pk):
    """The agency's ABK of a year, or the offer to start it."""
    opd = get_opd_for_user(request.user, opd_pk)
    year = _year(request)
    abk = Abk.objects.filter(opd=opd, year=year).first()
    if abk is not None:
        return redirect(abk)
    previous = Abk.objects.filter(opd=opd, year__lt=year).order_by("-year").first()
    return render(request, "institutions/anjab/start.html", {
        "opd": opd, "year": year, "previous": previous, "can_start": services.can_edit_data(request.user, opd),
    })


@require_POST
def abk_start(request, opd_pk):
    opd = get_opd_for_user(request.user, opd_pk, write=True)
    year = _year(request)
    try:
        abk = services.start_abk(opd, year, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(f"{reverse('institutions:abk_opd', args=[opd.pk])}?tahun={year}")
    messages.success(request, _("ABK %(year)s dibuat.") % {"year": year})
    return redirect(abk)


def abk_detail(request, pk):
    abk = get_abk_for_user(request.user, pk)
    rows, totals = selectors.abk_summary(abk)
    return render(request, "institutions/anjab/abk_detail.html", {
        "abk": abk, "rows": rows, "totals": totals,
        "can_edit": services.can_edit(request.user, abk),
        "can_submit": services.can_submit(request.user, abk),
        "can_verify": services.can_verify(request.user, abk),
        "imports": AbkImportLog.objects.filter(abk=abk).select_related("by")[:5],
        "job_maps": JobMapDocument.objects.filter(abk=abk)[:3],
        "upload_form": BlankUploadForm(),
        "return_form": ReturnForm(),
        "history": history_for(abk, request.user),
    })


def position_detail(request, pk):
    qs = Position.objects.visible_to(request.user).select_related("abk__opd__pemda", "unit").prefetch_related(
        Prefetch("tasks", queryset=Task.objects.order_by("order", "pk"))
    )
    position = get_object_or_404(qs, pk=pk)
    from .workload import figures

    tasks = list(position.tasks.all())
    workload = sum((t.workload_minutes for t in tasks), 0)
    return render(request, "institutions/anjab/position_detail.html", {
        "position": position, "abk": position.abk, "tasks": tasks, "figures": figures(workload, position.in_post),
        "can_edit": services.can_edit(request.user, position.abk),
        "history": history_for(position, request.user),
    })


@require_POST
def abk_action(request, pk, action):
    abk = get_abk_for_user(request.user, pk)
    try:
        if action == "submit":
            services.submit_abk(abk, by=request.user)
            messages.success(request, _("ABK diajukan untuk diverifikasi."))
        elif action == "verify":
            services.verify_abk(abk, by=request.user, comment=request.POST.get("comment", ""))
            messages.success(request, _("ABK terverifikasi dan terkunci."))
        elif action == "return":
            services.return_abk(abk, by=request.user, comment=request.POST.get("comment", ""))
            messages.success(request, _("ABK dikembalikan ke perangkat daerah."))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(abk)


# --- the job map ---------------------------------------------------------------------------------


def job_map(request, pk):
    abk = get_abk_for_user(request.user, pk)
    return render(request, "institutions/anjab/job_map.html", {
        **services.job_map_context(abk),
        "job_maps": JobMapDocument.objects.filter(abk=abk)[:3],
    })


@require_POST
def job_map_pdf_request(request, pk):
    abk = get_abk_for_user(request.user, pk)
    try:
        document = services.request_job_map(abk, by=request.user, language=translation.get_language() or "id")
    except TaskQueueUnavailable as exc:
        messages.error(request, str(exc))
        return redirect("institutions:abk_job_map", abk.pk)
    return redirect("institutions:abk_job_map_pdf", document.pk)


def job_map_pdf(request, pk):
    document = get_object_or_404(JobMapDocument.objects.visible_to(request.user).select_related("abk__opd"), pk=pk)
    if document.status == JobMapDocument.Status.READY and document.file:
        return serve_upload(document.file, f"peta-jabatan-{document.abk.opd.code}-{document.abk.year}.pdf", inline=True)
    return render(request, "institutions/anjab/job_map_pending.html", {"document": document, "abk": document.abk})


# --- the blank -----------------------------------------------------------------------------------


def blank_download(request, pk):
    abk = get_abk_for_user(request.user, pk)
    return xlsx_download(build_blank(abk), f"blanko-abk-{abk.opd.pemda.code}-{abk.opd.code}-{abk.year}.xlsx")


@require_POST
def blank_upload(request, pk):
    abk = get_abk_for_user(request.user, pk, write=True)
    form = BlankUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(abk)
    outcome = services.preview_blank(form.cleaned_data["file"], abk=abk, by=request.user)
    return redirect("institutions:abk_import", outcome.log.pk)


def import_preview(request, pk):
    log = get_import_for_user(request.user, pk)
    parsed = services.preview_rows(log) if log.status == AbkImportLog.Status.PREVIEW else None
    return render(request, "institutions/anjab/import_preview.html", {
        "log": log, "abk": log.abk, "parsed": parsed,
        "can_commit": log.status == AbkImportLog.Status.PREVIEW and services.can_edit(request.user, log.abk),
    })


@require_POST
def import_commit(request, pk):
    log = get_import_for_user(request.user, pk, write=True)
    outcome = commit_or_refuse(request, lambda: services.commit_import(log, by=request.user),
                               rejected=lambda outcome: not outcome.parsed.ok)
    if outcome is None:
        return redirect("institutions:abk_import", log.pk)
    messages.success(request, _("Blanko tersimpan: %(c)s jabatan baru, %(u)s diperbarui, %(s)s tidak berubah, %(r)s dihapus.")
                     % {"c": outcome.created, "u": outcome.updated, "s": outcome.unchanged, "r": outcome.removed})
    return redirect(log.abk)


def import_file(request, pk):
    log = get_import_for_user(request.user, pk)
    if not log.file:
        raise Http404
    return serve_upload(log.file, log.original_name or "blanko-abk.xlsx")


def position_edit(request, abk_pk, pk=None):
    """Add a position to a draft/returned ABK, or change one, with its tasks."""
    from .forms import PositionForm, task_formset_class

    abk = get_abk_for_user(request.user, abk_pk, write=True)
    position = get_object_or_404(Position.objects.filter(abk=abk), pk=pk) if pk else Position(abk=abk)
    units = services.structure_units_queryset(abk)
    form = PositionForm(request.POST or None, instance=position, abk=abk, units=units)
    formset = task_formset_class()(request.POST or None, instance=position, prefix="tasks")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        position = services.save_position(form, formset, abk=abk, by=request.user)
        messages.success(request, _("Jabatan %(code)s tersimpan.") % {"code": position.code})
        return redirect(position)
    return render(request, "institutions/anjab/position_form.html", {"abk": abk, "position": position, "form": form, "formset": formset})
