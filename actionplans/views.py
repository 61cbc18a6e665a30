"""Pages of action plans: OPD admins plan, report and upload blanks; the Biro verifies and watches targets."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agencies.filters import page_filters
from agencies.form_errors import commit_or_refuse, flash_form_errors
from agencies.models import Opd, Pemda
from agencies.roles import Role
from agencies.scoping import get_visible_or_404
from reformportal import charts
from reformportal.jobs import file_response, status_response
from reformportal.paging import bounded_count, keyset_page
from reformportal.spreadsheets import csv_response, xlsx_download, xlsx_response
from reformportal.uploads import serve_upload

from . import selectors, services
from .blank import build_blank
from .filters import PeriodFilter, VerificationQueueFilter
from .forms import BlankUploadForm, CommentForm, EvidenceForm, PlanForm, ProvinceTargetForm, ReportForm
from .models import QUARTERS, ActionPlan, Evidence, ImportLog, ProgressReport, Theme, quarter_label

# --- access helpers: 404 outside scope, 403 when visible but not editable ---------------------


def get_opd_for_user(user, pk, *, write=False):
    qs = Opd.objects.select_related("pemda__province", "pemda__regency")
    return get_visible_or_404(qs, user, pk=pk, write=write, may_edit=lambda opd: services.can_edit_plans(user, opd))


def get_plan_for_user(user, pk, *, write=False):
    # kegiatan utama / sasaran tematik: shown on the plan page, joined (issue 13)
    qs = ActionPlan.objects.select_related(
        "opd__pemda__province", "opd__pemda__regency", "theme__programme", "kegiatan_utama", "sasaran_tematik"
    )
    return get_visible_or_404(
        qs, user, pk=pk, write=write, may_edit=lambda plan: services.can_edit_plans(user, plan.opd)
    )


def get_evidence_for_user(user, pk, *, write=False):
    qs = Evidence.objects.select_related("report__plan__opd__pemda")
    return get_visible_or_404(
        qs, user, pk=pk, write=write, may_edit=lambda evidence: services.can_edit_plans(user, evidence.report.plan.opd)
    )


def get_import_for_user(user, pk, *, write=False):
    qs = ImportLog.objects.select_related("opd__pemda", "by")
    return get_visible_or_404(qs, user, pk=pk, write=write, may_edit=lambda log: services.can_edit_plans(user, log.opd))


# --- small helpers ------------------------------------------------------------------------------


def _params(request, data=None):
    """?tahun=&tw=&pemda= (or the same fields of `data`) read through PeriodFilter, the API's
    filters under the pages' names: a bad value is named in a message (once) and left out."""
    if data is not None:
        return page_filters(request, PeriodFilter, data=data).form.cleaned_data
    if not hasattr(request, "period_params"):
        request.period_params = page_filters(request, PeriodFilter).form.cleaned_data
    return request.period_params


def _year(request, data=None):
    """?tahun= (or the form's), defaulting to the year of the latest reported triwulan in scope."""
    return _params(request, data).get("tahun") or selectors.default_period(request.user)[0]


def _period(request):
    """(year, quarter) from ?tahun=&tw=, defaulting to the latest reported triwulan in scope."""
    params = _params(request)
    year = params.get("tahun")
    quarter = int(params["tw"]) if params.get("tw") else None
    if year is None or quarter is None:
        default_year, default_quarter = selectors.default_period(request.user)
        year = year or default_year
        quarter = quarter or default_quarter
    return year, quarter


def _pemda(request):
    """The Pemda a Biro-side page looks at: ?pemda=<pk> within scope, else the user's own."""
    scope = request.user.scope
    pemdas = Pemda.objects.visible_to(request.user).select_related("province", "regency")
    pk = _params(request).get("pemda") or scope.pemda_id
    if pk is None:
        # national roles: the first province that has action plans
        provinces = pemdas.filter(level=Pemda.Level.PROVINCE)
        with_plans = Exists(ActionPlan.objects.filter(opd__pemda=OuterRef("pk")))
        pemda = provinces.filter(with_plans).first() or provinces.first()
        if pemda is None:
            raise PermissionDenied
        return pemda
    return get_object_or_404(pemdas, pk=pk)


def _no_reference_data(year):
    return _("Data acuan tahun %(year)s belum ditetapkan: belum ada tema/area perubahan untuk tahun ini. "
             "Hubungi Biro Organisasi.") % {"year": year}


def _period_context(year, quarter):
    return {"year": year, "quarter": quarter, "quarter_label": quarter_label(quarter), "quarters": [(q, quarter_label(q)) for q in QUARTERS]}


# --- entry --------------------------------------------------------------------------------------


def index(request):
    scope = request.user.scope
    if scope.role == Role.OPD_ADMIN:
        return redirect("actionplans:opd", scope.opd_id)
    if scope.reach == "none":
        raise PermissionDenied
    return redirect("actionplans:targets")


def my_plans(request):
    scope = request.user.scope
    if not scope.opd_id:
        return redirect("actionplans:index")
    return redirect("actionplans:opd", scope.opd_id)


# --- OPD side -----------------------------------------------------------------------------------


IMPORT_ROWS = 5


def opd_plans(request, opd_pk):
    opd = get_opd_for_user(request.user, opd_pk)
    year, quarter = _period(request)
    rows = selectors.opd_plan_rows(opd, year, quarter)
    all_imports = ImportLog.objects.filter(opd=opd, year=year)
    show_all = request.GET.get("unggahan") == "semua"
    imports = list(all_imports.select_related("by")[: None if show_all else IMPORT_ROWS])
    import_count = all_imports.count() if len(imports) == IMPORT_ROWS and not show_all else len(imports)
    return render(
        request,
        "actionplans/opd_plans.html",
        {
            "opd": opd,
            "rows": rows,
            "imports": imports,
            "can_edit": services.can_edit_plans(request.user, opd),
            "upload_form": BlankUploadForm(),
            "import_count": import_count,
            "all_imports_url": f"?tahun={year}&tw={quarter}&unggahan=semua",
            **_period_context(year, quarter),
        },
    )


def plan_create(request, opd_pk):
    opd = get_opd_for_user(request.user, opd_pk, write=True)
    year = _year(request, None if request.GET.get("tahun") else request.POST)
    form = PlanForm(request.POST or None, year=year, opd=opd)
    if not form.fields["theme"].queryset.exists():
        messages.warning(request, _no_reference_data(year))
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(opd=opd, year=year, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Rencana aksi %(code)s tersimpan.") % {"code": plan.code})
            return redirect(plan)
    return render(request, "actionplans/plan_form.html", {"form": form, "opd": opd, "year": year, "plan": None})


def plan_edit(request, pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    form = PlanForm(request.POST or None, instance=plan, year=plan.year, opd=plan.opd)
    if request.method == "POST" and form.is_valid():
        plan = ActionPlan.objects.get(pk=plan.pk)
        try:
            services.update_plan(plan, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Rencana aksi %(code)s diperbarui.") % {"code": plan.code})
            return redirect(plan)
    return render(request, "actionplans/plan_form.html", {"form": form, "opd": plan.opd, "year": plan.year, "plan": plan})


def plan_detail(request, pk):
    plan = selectors.with_reports(get_plan_for_user(request.user, pk))
    reports = {r.quarter: r for r in plan.reports.all()}
    latest_year, latest_quarter = selectors.default_period(request.user)
    quarter = latest_quarter if plan.year == latest_year else 4
    # meetings links its follow-ups here (actionplans never imports it); only those in the user's scope.
    followups = (
        list(plan.meeting_followups.visible_to(request.user)) if hasattr(plan, "meeting_followups") else None
    )
    return render(
        request,
        "actionplans/plan_detail.html",
        {
            "plan": plan,
            "row": selectors.plan_row(plan, quarter),
            "quarter_label": quarter_label(quarter),
            "reports": [(q, quarter_label(q), plan.target_for(q), reports.get(q)) for q in QUARTERS],
            "can_edit": services.can_edit_plans(request.user, plan.opd),
            "followups": followups,
        },
    )


def report_form(request, pk, quarter):
    if quarter not in QUARTERS:
        raise PermissionDenied
    plan = get_plan_for_user(request.user, pk)
    report = plan.reports.filter(quarter=quarter).first()  # report.plan is this plan: no query for it
    can_edit = services.can_edit_plans(request.user, plan.opd) and (report is None or report.is_editable)
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                report = services.save_report(plan, quarter, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if "submit" in request.POST:
                    try:
                        services.submit_report(report, by=request.user)
                    except (ValidationError, PermissionDenied) as exc:
                        messages.error(request, " ".join(getattr(exc, "messages", [str(exc) or _("Tidak diizinkan.")])))
                    else:
                        messages.success(request, _("Laporan %(tw)s diajukan untuk verifikasi.") % {"tw": report.quarter_label})
                else:
                    messages.success(request, _("Laporan %(tw)s tersimpan sebagai draf.") % {"tw": report.quarter_label})
                return redirect("actionplans:report", plan.pk, quarter)
    evidence = list(report.evidence.all()) if report else []
    transitions = list(report.transitions.select_related("by")) if report else []
    return render(
        request,
        "actionplans/report_form.html",
        {
            "plan": plan,
            "report": report,
            "quarter": quarter,
            "quarter_label": quarter_label(quarter),
            "target": plan.target_for(quarter),
            "form": form,
            "evidence_form": EvidenceForm(),
            "comment_form": CommentForm(),
            "evidence": evidence,
            "transitions": transitions,
            "can_edit": can_edit,
            "actions": services.allowed_actions(request.user, report) if report else [],
        },
    )


@require_POST
def report_action(request, pk, quarter):
    plan = get_plan_for_user(request.user, pk)
    report = get_object_or_404(ProgressReport.objects.select_related("plan__opd__pemda"), plan=plan, quarter=quarter)
    action = request.POST.get("action", "")
    form = CommentForm(request.POST)
    form.is_valid()
    try:
        services.run_action(report, action, by=request.user, comment=form.cleaned_data.get("comment", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        labels = {"submit": _("diajukan"), "verify": _("diverifikasi"), "return": _("dikembalikan"), "reopen": _("dibuka kembali")}
        messages.success(request, _("Laporan %(tw)s %(what)s.") % {"tw": report.quarter_label, "what": labels.get(action, "")})
    next_url = request.POST.get("next")
    if next_url == "queue":
        return redirect("actionplans:queue")
    return redirect("actionplans:report", plan.pk, quarter)


@require_POST
def evidence_add(request, pk, quarter):
    plan = get_plan_for_user(request.user, pk, write=True)
    if quarter not in QUARTERS:
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            report = ProgressReport.objects.filter(plan=plan, quarter=quarter).first() or services.save_report(
                plan, quarter, by=request.user
            )
            services.add_evidence(
                report, by=request.user, label=form.cleaned_data["label"], file=form.cleaned_data.get("file"),
                url=form.cleaned_data.get("url") or "",
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Data dukung ditambahkan."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("actionplans:report", plan.pk, quarter)


def evidence_download(request, pk):
    evidence = get_evidence_for_user(request.user, pk)
    if evidence.url:
        return redirect(evidence.url)
    return serve_upload(evidence.file, evidence.original_name or evidence.label)


@require_POST
def evidence_delete(request, pk):
    evidence = get_evidence_for_user(request.user, pk, write=True)
    report = evidence.report
    try:
        services.remove_evidence(evidence, by=request.user)
    except PermissionDenied:
        messages.error(request, _("Data dukung laporan yang diajukan atau terverifikasi tidak dapat dihapus."))
    return redirect("actionplans:report", report.plan_id, report.quarter)


# --- the blank ----------------------------------------------------------------------------------


def blank_download(request, opd_pk):
    opd = get_opd_for_user(request.user, opd_pk)
    year = _year(request)
    if not Theme.objects.filter(programme__year=year).exists():
        # A blank without themes could never be filled in correctly.
        messages.error(request, _no_reference_data(year))
        return redirect(f"{reverse('actionplans:opd', args=[opd.pk])}?tahun={year}")
    return xlsx_download(build_blank(opd, year), f"blanko-rencana-aksi-{opd.pemda.code}-{opd.code}-{year}.xlsx")


@require_POST
def blank_upload(request, opd_pk):
    opd = get_opd_for_user(request.user, opd_pk, write=True)
    year = _year(request, request.POST)
    form = BlankUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(f"{reverse('actionplans:opd', args=[opd.pk])}?tahun={year}")
    outcome = services.preview_blank(form.cleaned_data["file"], opd=opd, year=year, by=request.user)
    return redirect("actionplans:import", outcome.log.pk)


PREVIEW_ROWS = 500


def import_preview(request, pk):
    log = get_import_for_user(request.user, pk)
    rows = selectors.preview_rows(log, limit=PREVIEW_ROWS)
    return render(
        request,
        "actionplans/import_preview.html",
        {
            "log": log, "rows": rows, "upload_form": BlankUploadForm(),
            "can_commit": log.status == ImportLog.Status.PREVIEW and services.can_edit_plans(request.user, log.opd),
            "can_upload": services.can_edit_plans(request.user, log.opd),
        },
    )


@require_POST
def import_commit(request, pk):
    log = get_import_for_user(request.user, pk, write=True)
    outcome = commit_or_refuse(request, lambda: services.commit_import(log, by=request.user),
                               rejected=lambda outcome: outcome.errors)
    if outcome is None:
        return redirect("actionplans:import", log.pk)
    messages.success(
        request,
        _("Blanko tersimpan: %(c)s baru, %(u)s diperbarui, %(s)s tidak berubah.")
        % {"c": outcome.created, "u": outcome.updated, "s": outcome.unchanged},
    )
    return redirect(f"{reverse('actionplans:opd', args=[log.opd_id])}?tahun={log.year}")


def import_file(request, pk):
    log = get_import_for_user(request.user, pk)
    if not log.file:
        raise PermissionDenied
    return serve_upload(log.file, log.original_name or "blanko.xlsx")


# --- Biro side ----------------------------------------------------------------------------------


def _pemda_choices(request):
    # the select of _period_filter.html / _portal_reference_head.html: its key and name (552 for a national role)
    return Pemda.objects.visible_to(request.user).only("name")


def matrix(request):
    pemda = _pemda(request)
    year, quarter = _period(request)
    data = selectors.province_matrix(Opd.objects.visible_to(request.user).filter(pemda=pemda), year)
    return render(
        request,
        "actionplans/matrix.html",
        {"pemda": pemda, "pemdas": _pemda_choices(request), "matrix": data, **_period_context(year, quarter)},
    )


QUEUE_PAGE_SIZE = 50
# Counted exactly up to here; beyond it the page says "more than 1,000" instead of counting a
# nation's submitted reports on every visit.
QUEUE_COUNT_LIMIT = 1000


def queue(request):
    """Submitted reports waiting for the verifier: filtered (the current period unless the user
    chose otherwise), paged by key (?setelah=/?sebelum=: the last page costs what the first
    does), and counted, so no report falls off the end unseen."""
    data = request.GET.copy()
    if not any(key in data for key in VerificationQueueFilter.FIELDS):
        data["tahun"], data["tw"] = selectors.default_period(request.user)
    pending = selectors.verification_queue(request.user)
    filterset = VerificationQueueFilter(data, queryset=pending, request=request)
    order = {"field": "submitted_at", "size": QUEUE_PAGE_SIZE, "within": filterset.held}
    try:
        page = keyset_page(filterset.qs, **order, after=request.GET.get("setelah"), before=request.GET.get("sebelum"))
    except ValidationError:
        messages.error(request, _("Alamat halaman tidak valid; ditampilkan halaman pertama."))
        page = keyset_page(filterset.qs, **order)
    reports = selectors.count_evidence(page.rows)
    scope = request.user.scope
    for report in reports:
        report.can_review = scope.can_manage_pemda(report.plan.opd.pemda)
    querystring = data.copy()
    for key in ("page", "setelah", "sebelum"):
        querystring.pop(key, None)
    return render(
        request,
        "actionplans/queue.html",
        {
            "page": page,
            "reports": reports,
            "filter": filterset,
            "count": bounded_count(filterset.qs, QUEUE_COUNT_LIMIT),
            "total": bounded_count(pending, QUEUE_COUNT_LIMIT),
            "querystring": querystring.urlencode(),
            "comment_form": CommentForm(),
        },
    )


def not_reported(request):
    pemda = _pemda(request)
    year, quarter = _period(request)
    from .windows import reporting_timeliness

    opds = Opd.objects.visible_to(request.user).filter(pemda=pemda)
    summary = selectors.reporting_summary(opds, year, quarter)
    return render(
        request,
        "actionplans/not_reported.html",
        {"pemda": pemda, "pemdas": _pemda_choices(request), "summary": summary, **_period_context(year, quarter),
         "timeliness": reporting_timeliness(pemda.province, opds, year, quarter)},
    )


def targets(request):
    pemda = _pemda(request)
    year, quarter = _period(request)
    summary = selectors.pemda_quarter_summary(pemda, year, quarter, scope=request.user.scope)
    target = summary["target"]
    drawn = {
        "themes": charts.bar_chart(
            [(f"{t['code']} {t['name']}", t["achieved_percent"]) for t in summary["themes"]],
            target=target["target"], title=_("Rencana aksi tercapai per tema (%)"),
        ),
        "opds": charts.bar_chart(
            [
                (r["opd"].short_name or r["opd"].name, r["achieved_percent"])
                for r in sorted(summary["opd_ranking"], key=lambda r: -(r["achieved_percent"] or 0))
            ],
            target=target["target"], title=_("Rencana aksi tercapai per perangkat daerah (%)"),
        ),
        "regencies": charts.bar_chart(
            [(r["pemda"].short_name, r["achieved_percent"]) for r in summary["regencies"]],
            target=target["target"], title=_("Rencana aksi tercapai per kabupaten/kota (%)"),
        ) if summary["regencies"] else "",
        "gauge": charts.gauge(target["actual"], target["target"]),
    }
    return render(
        request,
        "actionplans/targets.html",
        {
            "pemda": pemda, "pemdas": _pemda_choices(request), "summary": summary, "target": target, "charts": drawn,
            "can_set_target": services.can_set_province_target(request.user, pemda.province), **_period_context(year, quarter),
        },
    )


def target_edit(request):
    pemda = _pemda(request)
    province = pemda.province
    if not services.can_set_province_target(request.user, province):
        raise PermissionDenied
    year = _year(request)
    from .achievement import target_for

    quarter, minimum = target_for(province.pk, year)
    from .models import ProvinceTarget

    row = ProvinceTarget.objects.filter(province=province, year=year).first()
    form = ProvinceTargetForm(request.POST or None, initial={
        "quarter": quarter, "min_percent": minimum, "basis": row.basis if row else ProvinceTarget.Basis.QUARTER,
    })
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "basis": form.cleaned_data.get("basis") or None}
        services.set_province_target(province, year, by=request.user, **data)
        messages.success(request, _("Target provinsi %(year)s tersimpan.") % {"year": year})
        return redirect(f"{reverse('actionplans:targets')}?pemda={pemda.pk}&tahun={year}")
    return render(request, "actionplans/target_form.html", {"form": form, "pemda": pemda, "province": province, "year": year})


def export(request):
    """The Pemda's Portal RB workbook (?format=csv: its plans as one CSV, streamed as read)."""
    from .export import pemda_csv_rows, pemda_sheets

    pemda = _pemda(request)
    year = _year(request)
    name = f"portal-rb-{pemda.code}-{year}"
    if request.GET.get("format") == "csv":
        return csv_response(pemda_csv_rows(pemda, year, user=request.user), f"{name}.csv")
    return xlsx_response(pemda_sheets(pemda, year, user=request.user), f"{name}.xlsx")



@require_POST
def reference_year_create(request):
    """The Biro's button under "Data acuan tahun … belum ditetapkan": copy the previous year."""
    if not services.can_create_reference_year(request.user):
        raise PermissionDenied
    year = _params(request, request.POST).get("tahun")
    if year is None:
        messages.error(request, _("Tahun tidak valid."))
        return redirect("agencies:home")
    try:
        services.create_reference_year(year, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "Data acuan tahun %(year)s dibuat dari tahun %(previous)s: tema, batas waktu pelaporan dan target "
                "provinsi disalin. Periksa dan sesuaikan dengan ketentuan tahun %(year)s."
            ) % {"year": year, "previous": year - 1},
        )
    return redirect("agencies:home")
def reporting_windows(request):
    """The province's reporting windows for a year; its Biro sets them and reopens one for an OPD."""
    from .forms import ReportingWindowForm, WindowReopenForm
    from .models import ReportingWindow, WindowReopening
    from . import windows as w

    pemda = _pemda(request)
    province = pemda.province
    year = _year(request)
    can_set = services.can_set_province_target(request.user, province)
    # province: the window choices are labelled with it
    rows = ReportingWindow.objects.filter(province=province, year=year).select_related("province").order_by("quarter")
    opds = Opd.objects.visible_to(request.user).filter(pemda__province=province, is_active=True).select_related("pemda")
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not can_set:
        raise PermissionDenied
    window_form = ReportingWindowForm(request.POST if action == "window" else None)
    reopen_form = WindowReopenForm(request.POST if action == "reopen" else None, windows=rows, opds=opds)
    form = {"window": window_form, "reopen": reopen_form}.get(action)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "window":
                w.set_reporting_window(province, year, data["quarter"], opens_on=data["opens_on"],
                                       closes_on=data["closes_on"], by=request.user)
            else:
                w.reopen_window(data["window"], opd=data["opd"], until=data["until"], reason=data["reason"], by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Masa pelaporan tersimpan."))
            return redirect(f"{reverse('actionplans:windows')}?pemda={pemda.pk}&tahun={year}")
    reopenings = (
        WindowReopening.objects.filter(window__in=rows, opd__in=opds)
        .select_related("window", "opd", "by").order_by("window__quarter", "opd__name", "-until")
    )
    return render(request, "actionplans/windows.html", {
        "pemda": pemda, "province": province, "year": year, "windows": rows, "reopenings": reopenings,
        "can_set": can_set, "window_form": window_form, "reopen_form": reopen_form,
    })


# --- a Pemda's Portal RB reference data: kegiatan utama, sasaran tematik -------------------------

PORTAL_REFERENCE = {
    # url name: (model, form, service)
    "kegiatan_utama": ("KegiatanUtama", "KegiatanUtamaForm", "save_kegiatan_utama"),
    "sasaran_tematik": ("SasaranTematik", "SasaranTematikForm", "save_sasaran_tematik"),
}


def _portal_reference(request, kind):
    """The list of a Pemda's kegiatan utama (or sasaran tematik) of a year, with the form that adds
    one or changes ?ubah=<pk>; everyone who sees the Pemda reads it, its Biro/Bagian writes it."""
    from . import forms as plan_forms
    from . import models

    model_name, form_name, service_name = PORTAL_REFERENCE[kind]
    model, form_class = getattr(models, model_name), getattr(plan_forms, form_name)
    pemda = _pemda(request)
    year = _year(request)
    can_manage = request.user.scope.can_manage_pemda(pemda)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    rows = model.objects.visible_to(request.user).filter(pemda=pemda, year=year).order_by("code")
    if model is models.SasaranTematik:
        rows = rows.select_related("theme")  # the theme column
    # the plans the user sees (an OPD admin: their own OPD's)
    rows = rows.annotate(plan_count=Count("plans", filter=request.user.scope.opd_q("plans__opd")))
    edit_pk = request.GET.get("ubah", "")
    if edit_pk and not edit_pk.isdigit():
        raise Http404  # not a key, like every other route
    instance = get_object_or_404(rows, pk=int(edit_pk)) if can_manage and edit_pk else None
    form = form_class(request.POST or None, instance=instance, year=year) if can_manage else None
    if form is not None and request.method == "POST" and form.is_valid():
        # the form has written its values onto `instance`; the service compares with the stored row
        stored = model.objects.get(pk=instance.pk) if instance else None
        try:
            getattr(services, service_name)(pemda, year, by=request.user, instance=stored, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Data tersimpan."))
            return redirect(f"{reverse(f'actionplans:{kind}')}?pemda={pemda.pk}&tahun={year}")
    return render(request, f"actionplans/{kind}.html", {
        "pemda": pemda, "pemdas": _pemda_choices(request), "year": year, "rows": rows, "form": form,
        "instance": instance, "can_manage": can_manage,
    })


def kegiatan_utama(request):
    return _portal_reference(request, "kegiatan_utama")


def sasaran_tematik(request):
    return _portal_reference(request, "sasaran_tematik")


# --- the national export: a Celery task with a progress bar (issue 17) ---------------------


def get_national_export_for_user(user, pk):
    """One of the user's own national exports, or 404: nobody else's download is reachable."""
    from .models import NationalExport

    return get_object_or_404(NationalExport.objects.visible_to(user), pk=pk)


@require_http_methods(["GET", "POST"])
def national_export(request):
    """The national observer asks for every province's plans of a year; the newest request's
    progress is shown live (static/js/reports.js, the report packs' bar) until it can be downloaded."""
    from reformportal.taskqueue import TaskQueueUnavailable

    from .models import NationalExport

    if not services.can_export_nation(request.user):
        raise PermissionDenied
    if request.method == "POST":
        year = _params(request, request.POST).get("tahun")
        if year is None:
            messages.error(request, _("Tahun tidak valid."))
        else:
            try:
                services.request_national_export(year, by=request.user)
            except TaskQueueUnavailable as exc:
                messages.error(request, str(exc))
            return redirect("actionplans:national_export")
    exports = list(NationalExport.objects.visible_to(request.user)[:10])
    return render(request, "actionplans/national_export.html", {
        "exports": exports, "latest": exports[0] if exports else None,
        "year": selectors.default_period(request.user)[0],
    })


@require_GET
def national_export_status(request, pk):
    """JSON for the progress bar, in the report packs' shape (static/js/reports.js)."""
    export = get_national_export_for_user(request.user, pk)
    return status_response(export, reverse("actionplans:national_export_file", args=[export.pk]), rows=export.rows)


@require_GET
def national_export_file(request, pk):
    return file_response(get_national_export_for_user(request.user, pk), _("Berkas ekspor belum tersedia."))
