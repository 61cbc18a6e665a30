from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from actionplans.models import quarter_label
from actionplans.selectors import default_period
from agencies.scoping import Reach, get_scope
from reformportal.jobs import file_response, status_response

from . import services
from .forms import ReportRequestForm
from .models import Report
from .national import DEFAULT_SORT, SORT_KEYS, national_overview

PAGE_SIZE = 25


def get_report_for_user(user, pk):
    """A report in the user's scope, or 404 (an OPD admin sees only its own OPD's reports)."""
    qs = Report.objects.visible_to(user).select_related("pemda__province", "pemda__regency", "opd", "requested_by")
    return get_object_or_404(qs, pk=pk)


@require_http_methods(["GET", "POST"])
def report_list(request):
    """History of reports in scope, and the form to request one."""
    form = ReportRequestForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report, created = services.request_report(
                kind=data["kind"], opd=data.get("opd"), pemda=data.get("pemda"), year=data["year"],
                quarter=data["quarter"], language=get_language() or "id", regenerate=data["regenerate"],
                by=request.user,
            )
        except services.TooManyRegenerations as exc:
            messages.error(request, str(exc))
            status = 429
        else:
            if not created:
                messages.info(request, _("Data tidak berubah sejak laporan ini dibuat; laporan yang ada ditampilkan."))
            return redirect(report)
    reports = Report.objects.visible_to(request.user).select_related("pemda", "opd", "requested_by")
    year = request.GET.get("year", "").strip()
    if year.isdigit():
        reports = reports.filter(year=int(year))
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/list.html", {"form": form, "page": page, "year": year,
                                                 "querystring": f"year={year}" if year.isdigit() else ""},
                  status=status)


@require_GET
def report_detail(request, pk):
    report = get_report_for_user(request.user, pk)
    return render(request, "reports/detail.html", {"report": report})


@require_GET
def report_status(request, pk):
    """JSON for the live progress bar (static/js/reports.js polls it)."""
    report = get_report_for_user(request.user, pk)
    return status_response(report, reverse("reports:download", args=[report.pk]), pages=report.pages)


@require_GET
def report_download(request, pk):
    return file_response(get_report_for_user(request.user, pk), _("Berkas laporan belum tersedia."))


def national_period(request, year_param="tahun", quarter_param="tw"):
    """(year, quarter) of the national overview: the query's, else the period pages open on."""
    year = request.GET.get(year_param, "")
    quarter = request.GET.get(quarter_param, "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None
    quarter = int(quarter) if quarter in ("1", "2", "3", "4") else None
    if year is None or quarter is None:
        default_year, default_quarter = default_period(request.user)
        year, quarter = year or default_year, quarter or default_quarter
    return year, quarter


def require_national(user):
    if get_scope(user).reach != Reach.ALL:
        raise PermissionDenied


@require_GET
def national(request):
    """Every province: plans, achievement against its own target, reporting rate, latest predikat."""
    require_national(request.user)
    year, quarter = national_period(request)
    sort = request.GET.get("urut", DEFAULT_SORT)
    sort = sort if sort in SORT_KEYS else DEFAULT_SORT
    descending = request.GET.get("arah") == "turun"
    rows = national_overview(request.user, year, quarter, sort=sort, descending=descending)
    columns = [
        (key, label, "turun" if key == sort and not descending else "naik")
        for key, label in [
            ("provinsi", _("Provinsi")), ("rencana", _("Rencana aksi")), ("capaian", _("Capaian tertimbang")),
            ("target", _("Tercapai terhadap target")), ("pelaporan", _("Tingkat pelaporan")),
            ("predikat", _("Predikat terakhir")),
        ]
    ]
    return render(request, "reports/national.html", {
        "rows": rows, "year": year, "quarter": quarter, "quarter_label": quarter_label(quarter),
        "quarters": [(q, quarter_label(q)) for q in (1, 2, 3, 4)], "sort": sort, "descending": descending,
        "columns": columns,
        "with_plans": sum(1 for r in rows if r.figures.plans),
        "met": sum(1 for r in rows if r.figures.met),
    })
