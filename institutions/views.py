import datetime
import io
from decimal import Decimal

import openpyxl
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.audit import history_for
from agencies.form_errors import add_service_errors
from reformportal.pdf import render_pdf
from reformportal.spreadsheets import neutralise, xlsx_download
from reformportal.uploads import serve_upload

from . import orgchart, services, sheets, workload
from .forms import (
    BaselineForm,
    ConversionForm,
    EnactForm,
    IssueForm,
    IssueStatusForm,
    LegalBasisForm,
    MismatchForm,
    ProposalForm,
    RegulationForm,
    StructureForm,
    UnitForm,
    VerifyForm,
    WorkloadForm,
    WorkloadUploadForm,
)
from .selectors import (
    SORT_KEYS,
    active_opds,
    conversions,
    get_issue_for_user,
    get_mismatch_for_user,
    get_opd_for_user,
    get_pemda_for_user,
    get_regulation_for_user,
    get_structure_for_user,
    get_unit_for_user,
    mismatches,
    model_matrix,
    opd_structures,
    opds_with_latest_structure,
    percent,
    province_for,
    province_view,
    regulations_with_overdue_follow_ups,
    simplification_baseline,
    strategic_issues,
    visible_provinces,
    workload_mapping,
    workload_mappings,
)

UPLOAD_SESSION_KEY = "institutions-workload-%s-%s"


def _take_upload(data, field):
    """A checked upload goes to the service with its cleaned label (`<field>_name`); none: unchanged."""
    upload = data.pop(field)
    if upload:
        data[field] = upload
        data[f"{field}_name"] = upload.checked.label


# --- the province view -------------------------------------------------------------------------


def _view_params(request):
    sort = request.GET.get("sort", "name")
    descending = sort.startswith("-")
    return sort.lstrip("-"), descending


def index(request):
    province = province_for(request.user, request.GET.get("province"))
    sort, descending = _view_params(request)
    if province is None:  # a user without a place sees an empty page, not an error
        return render(request, "institutions/index.html", {"view": None})
    view = province_view(request.user, province, sort=sort, descending=descending)
    return render(request, "institutions/index.html", {
        "view": view, "sort": sort, "descending": descending, "sort_keys": SORT_KEYS,
        "provinces": visible_provinces(request.user),
    })


EXPORT_COLUMNS = ("kind", "code", "name", "latest_structure", "opd_type", "workload_type", "type_mismatches",
                  "simplification_percent", "open_mismatches", "regulations_enacted", "open_issues")


def index_export(request):
    province = province_for(request.user, request.GET.get("province"))
    sort, descending = _view_params(request)
    view = province_view(request.user, province, sort=sort, descending=descending) if province else None
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = _("Kelembagaan")
    ws.append([_("Jenis"), _("Kode"), _("Nama"), _("Struktur terakhir"), _("Tipe"), _("Tipe hasil pemetaan"),
               _("Tipe tidak sesuai"), _("Penyederhanaan (%)"), _("Ketidaksesuaian terbuka"),
               _("Regulasi ditetapkan"), _("Isu terbuka")])
    for row in (*view.pemda_rows, *view.opd_rows) if view else ():
        values = [getattr(row, column) for column in EXPORT_COLUMNS]
        values[0] = _("Pemda") if row.kind == "pemda" else _("Perangkat daerah")
        values[7] = float(values[7]) if values[7] is not None else None
        ws.append([neutralise(value) for value in values])
    out = io.BytesIO()
    wb.save(out)
    return xlsx_download(out.getvalue(), f"kelembagaan-{province.code if province else 'kosong'}.xlsx")


# --- a Pemda and an agency ---------------------------------------------------------------------


def pemda_detail(request, code):
    pemda = get_pemda_for_user(request.user, code)
    return render(request, "institutions/pemda_detail.html", {
        "pemda": pemda, "rows": opds_with_latest_structure(request.user, pemda),
        "mappings": workload_mappings(request.user, pemda), "can_manage": services.can_manage(request.user, pemda),
        "this_year": datetime.date.today().year,
    })


def opd_detail(request, pk):
    opd = get_opd_for_user(request.user, pk)
    structures = opd_structures(request.user, opd)
    current = structures[0] if structures else None
    chart = orgchart.layout(list(current.units.all())) if current else None
    scores = opd.workload_scores.select_related("mapping").order_by("-mapping__year")
    return render(request, "institutions/opd_detail.html", {
        "opd": opd, "structures": structures, "current": current, "chart": chart, "scores": scores,
        "conversions": conversions(request.user, opd=opd), "mismatches": mismatches(request.user, opd=opd),
        "can_manage": services.can_manage(request.user, opd.pemda),
    })


# --- structures --------------------------------------------------------------------------------


def structure_create(request, pk):
    opd = get_opd_for_user(request.user, pk, write=True)
    form = StructureForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        copy_units = data.pop("copy_units")
        _take_upload(data, "legal_file")
        try:
            structure = services.create_structure(opd, by=request.user, copy_units=copy_units, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Struktur organisasi baru disimpan."))
            return redirect(structure)
    return render(request, "institutions/structure_form.html", {"opd": opd, "form": form})


def structure_detail(request, pk):
    structure = get_structure_for_user(request.user, pk)
    units = list(structure.units.select_related("parent"))  # the table names each unit's parent
    can_manage = services.can_manage(request.user, structure.opd.pemda)
    return render(request, "institutions/structure_detail.html", {
        "structure": structure, "opd": structure.opd, "units": units, "chart": orgchart.layout(units),
        "can_manage": can_manage, "unit_form": UnitForm(structure=structure) if can_manage else None,
        "history": history_for(structure, request.user),
    })


def structure_edit(request, pk):
    """Correct a version's legal basis (numbers, dates, file); its units are edited on its page."""
    structure = get_structure_for_user(request.user, pk, write=True)
    initial = {f: getattr(structure, f) for f in ("perda_number", "perda_date", "perkada_number", "perkada_date")}
    form = LegalBasisForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        _take_upload(data, "legal_file")
        try:
            services.update_structure(structure, by=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Dasar hukum diperbarui."))
            return redirect(structure)
    return render(request, "institutions/structure_edit.html", {"structure": structure, "form": form})


def structure_pdf(request, pk):
    structure = get_structure_for_user(request.user, pk)
    chart = orgchart.layout(list(structure.units.all()))
    pdf = render_pdf("institutions/pdf/org_chart.html", {"structure": structure, "opd": structure.opd, "chart": chart})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bagan-{structure.opd.code}-{structure.valid_from:%Y%m%d}.pdf"'
    return response


def structure_file(request, pk):
    structure = get_structure_for_user(request.user, pk)
    if not structure.legal_file:
        raise Http404
    return serve_upload(structure.legal_file, structure.legal_file_name or "dasar-hukum")


@require_POST
def unit_add(request, pk):
    structure = get_structure_for_user(request.user, pk, write=True)
    form = UnitForm(request.POST, structure=structure)
    if form.is_valid():
        try:
            services.save_unit(structure, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Unit ditambahkan."))
    else:
        messages.error(request, _("Unit tidak disimpan: %(errors)s") % {
            "errors": "; ".join(f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}"
                                for f, e in form.errors.items())})
    return redirect(structure)


def unit_edit(request, pk):
    unit = get_unit_for_user(request.user, pk)
    form = UnitForm(request.POST or None, instance=unit, structure=unit.structure)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        unit.refresh_from_db()
        try:
            services.save_unit(unit.structure, by=request.user, unit=unit, **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Unit diperbarui."))
            return redirect(unit.structure)
    return render(request, "institutions/unit_form.html", {"unit": unit, "form": form, "structure": unit.structure})


@require_POST
def unit_delete(request, pk):
    unit = get_unit_for_user(request.user, pk)
    structure = unit.structure
    services.delete_unit(unit, by=request.user)
    messages.success(request, _("Unit dihapus."))
    return redirect(structure)


# --- workload (PP 18/2016) ---------------------------------------------------------------------


def _workload_context(pemda, year, mapping):
    level = "province" if pemda.is_province else "regency"
    return {
        "pemda": pemda, "year": year, "mapping": mapping, "scales": workload.SCALES[level],
        "thresholds": workload.THRESHOLDS, "thresholds_source": workload.THRESHOLDS_SOURCE,
        "thresholds_verified": workload.THRESHOLDS_VERIFIED, "verified": workload.is_verified(level),
    }


def workload_view(request, code, year):
    pemda = get_pemda_for_user(request.user, code, write=request.method == "POST")
    opds = list(active_opds(request.user, pemda))
    mapping = workload_mapping(pemda, year)
    scores = {s.opd_id: s for s in mapping.scores.select_related("opd")} if mapping else {}
    initial = {"population": mapping.population, "area_km2": mapping.area_km2, "apbd": mapping.apbd,
               "source": mapping.source} if mapping else None
    form = WorkloadForm(request.POST or None, initial=initial, opds=opds,
                        initial_scores={pk: s.technical_score for pk, s in scores.items()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_workload(pemda, year, by=request.user, population=data["population"],
                                   area_km2=data["area_km2"], apbd=data["apbd"], source=data["source"],
                                   technical_scores=form.technical_scores())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Pemetaan beban kerja disimpan."))
            return redirect("institutions:workload", code=code, year=year)
    context = _workload_context(pemda, year, mapping)
    context.update(form=form, rows=[(opd, field, scores.get(opd.pk)) for opd, field in form.technical_rows()],
                   can_manage=services.can_manage(request.user, pemda), upload_form=WorkloadUploadForm())
    return render(request, "institutions/workload.html", context)


def workload_xlsx(request, code, year):
    pemda = get_pemda_for_user(request.user, code)
    opds = list(active_opds(request.user, pemda))
    mapping = workload_mapping(pemda, year)
    scores = {s.opd_id: s.technical_score for s in mapping.scores.all()} if mapping else {}
    content = sheets.build_workbook(pemda, year, opds, mapping=mapping, scores=scores)
    return xlsx_download(content, f"beban-kerja-{pemda.code}-{year}.xlsx")


def workload_upload(request, code, year):
    """Upload → preview (computed scores and types, or every bad cell) → confirm; nothing is
    written before the confirmation, and nothing at all when a cell is wrong."""
    pemda = get_pemda_for_user(request.user, code, write=True)
    opds = list(active_opds(request.user, pemda))
    key = UPLOAD_SESSION_KEY % (pemda.pk, year)
    context = _workload_context(pemda, year, None)
    if request.method == "POST" and request.POST.get("confirm"):
        stored = request.session.pop(key, None)
        if not stored:
            messages.error(request, _("Pratinjau sudah kedaluwarsa; unggah ulang berkasnya."))
            return redirect("institutions:workload_upload", code=code, year=year)
        by_code = {opd.code: opd for opd in opds}
        try:
            services.save_workload(
                pemda, year, by=request.user, population=int(stored["population"]),
                area_km2=Decimal(stored["area_km2"]), apbd=Decimal(stored["apbd"]),
                technical_scores={by_code[c]: Decimal(v) for c, v in stored["scores"].items() if c in by_code},
                source=_("Unggahan lembar kerja"),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("institutions:workload_upload", code=code, year=year)
        messages.success(request, _("Pemetaan beban kerja dari lembar kerja disimpan."))
        return redirect("institutions:workload", code=code, year=year)
    form = WorkloadUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            parsed = sheets.parse_workbook(form.cleaned_data["file"], opds)
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            missing = [k for k in ("population", "area_km2", "apbd") if k not in parsed.general]
            if parsed.ok and not missing:
                level = "province" if pemda.is_province else "regency"
                by_code = {opd.code: opd for opd in opds}
                preview = [
                    (by_code[c], workload.assess(level, technical_score=v, **parsed.general))
                    for c, v in parsed.scores.items()
                ]
                request.session[key] = {
                    "population": parsed.general["population"], "area_km2": str(parsed.general["area_km2"]),
                    "apbd": str(parsed.general["apbd"]), "scores": {c: str(v) for c, v in parsed.scores.items()},
                }
                context.update(preview=preview, general=parsed.general)
            else:
                context["errors"] = parsed.errors
    context["form"] = form
    return render(request, "institutions/workload_upload.html", context)


# --- simplification, penyetaraan, mismatches ---------------------------------------------------


def simplification(request, code):
    pemda = get_pemda_for_user(request.user, code)
    can_manage = services.can_manage(request.user, pemda)
    form = ConversionForm(request.POST or None, pemda=pemda) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.record_conversion(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Penyetaraan jabatan dicatat."))
                return redirect("institutions:simplification", code=code)
    converted = conversions(request.user, opd__pemda=pemda)
    baseline = simplification_baseline(request.user, pemda)
    return render(request, "institutions/simplification.html", {
        "pemda": pemda, "form": form, "baseline": baseline,
        "conversions": converted, "mismatches": mismatches(request.user, opd__pemda=pemda),
        "percent": percent(converted.count(), baseline.posts_before if baseline else None),
        "baseline_form": BaselineForm(initial={"posts_before": baseline.posts_before, "note": baseline.note}
                                      if baseline else None) if can_manage else None,
        "can_manage": can_manage, "can_raise": services.can_raise_mismatch_in(request.user, pemda),
        "mapping_source": services.PENYETARAAN_SOURCE, "mapping_verified": services.PENYETARAAN_VERIFIED,
        "mapping": [(level.label, functional) for level, functional in services.FUNCTIONAL_LEVEL.items()],
    })


@require_POST
def baseline(request, code):
    pemda = get_pemda_for_user(request.user, code, write=True)
    form = BaselineForm(request.POST)
    if form.is_valid():
        services.set_baseline(pemda, by=request.user, **form.cleaned_data)
        messages.success(request, _("Jumlah jabatan sebelum penyederhanaan disimpan."))
    else:
        messages.error(request, _("Jumlah jabatan harus bilangan bulat lebih dari nol."))
    return redirect("institutions:simplification", code=code)


def mismatch_create(request, code):
    pemda = get_pemda_for_user(request.user, code)
    # pemda: whether the user may raise a mismatch is asked of each agency's Pemda
    opds = active_opds(request.user, pemda).select_related("pemda")
    writable = [o.pk for o in opds if services.can_raise_mismatch(request.user, o)]
    if not writable:
        raise PermissionDenied
    form = MismatchForm(request.POST or None, opds=opds.filter(pk__in=writable))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            mismatch = services.raise_mismatch(data.pop("opd"), by=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Ketidaksesuaian dicatat."))
            return redirect(mismatch)
    return render(request, "institutions/mismatch_form.html", {"pemda": pemda, "form": form})


def mismatch_detail(request, pk):
    mismatch = get_mismatch_for_user(request.user, pk)
    return render(request, "institutions/mismatch_detail.html", {
        "mismatch": mismatch, "pemda": mismatch.opd.pemda,
        "proposal_form": ProposalForm() if services.can_propose_resolution(request.user, mismatch) else None,
        "verify_form": VerifyForm() if services.can_verify_resolution(request.user, mismatch) else None,
        "history": history_for(mismatch, request.user),
    })


@require_POST
def mismatch_propose(request, pk):
    mismatch = get_mismatch_for_user(request.user, pk)
    if not services.can_manage(request.user, mismatch.opd.pemda):
        raise PermissionDenied
    form = ProposalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tuliskan usulan penyelesaiannya."))
        return redirect(mismatch)
    try:
        services.propose_resolution(mismatch, by=request.user, proposal=form.cleaned_data["proposal"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Usulan penyelesaian dikirim ke Biro Organisasi."))
    return redirect(mismatch)


@require_POST
def mismatch_verify(request, pk):
    mismatch = get_mismatch_for_user(request.user, pk)
    if not services.can_verify(request.user, mismatch.opd.pemda):
        raise PermissionDenied
    form = VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih keputusan dan tuliskan catatan verifikasi."))
        return redirect(mismatch)
    try:
        services.verify_resolution(mismatch, by=request.user, accept=form.cleaned_data["decision"] == "resolve",
                                   comment=form.cleaned_data["comment"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Verifikasi disimpan."))
    return redirect(mismatch)


# --- regulations -------------------------------------------------------------------------------


def regulations(request, code):
    pemda = get_pemda_for_user(request.user, code)
    can_manage = services.can_manage(request.user, pemda)
    form = RegulationForm(request.POST or None, request.FILES or None, pemda=pemda) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            _take_upload(data, "file")
            try:
                regulation = services.create_regulation(pemda, by=request.user, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Regulasi dicatat."))
                return redirect(regulation)
    items = regulations_with_overdue_follow_ups(request.user, pemda)
    return render(request, "institutions/regulations.html", {"pemda": pemda, "form": form, "regulations": items})


def regulation_detail(request, pk):
    regulation = get_regulation_for_user(request.user, pk)
    pemda = regulation.pemda
    can_manage = services.can_manage(request.user, pemda)
    return render(request, "institutions/regulation_detail.html", {
        "regulation": regulation, "pemda": pemda, "can_manage": can_manage,
        "can_verify": services.can_verify(request.user, pemda),
        "enact_form": EnactForm(initial={"number": regulation.number, "enacted_on": regulation.enacted_on})
        if services.can_enact(request.user, regulation) else None,
        # meeting's pemda + province: whether each item is overdue (the organiser's time zone)
        "follow_ups": regulation.meeting_followups.visible_to(request.user).select_related(
            "opd", "meeting__pemda__province"),
        "history": history_for(regulation, request.user),
    })


def _regulation_action(request, pk, action):
    regulation = get_regulation_for_user(request.user, pk)
    try:
        action(regulation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Regulasi diperbarui."))
    return redirect(regulation)


@require_POST
def regulation_facilitate(request, pk):
    return _regulation_action(request, pk, lambda r: services.facilitate_regulation(r, by=request.user))


@require_POST
def regulation_enact(request, pk):
    form = EnactForm(request.POST)
    if not form.is_valid():
        regulation = get_regulation_for_user(request.user, pk, write=True)
        messages.error(request, _("Nomor dan tanggal penetapan wajib diisi."))
        return redirect(regulation)
    return _regulation_action(request, pk, lambda r: services.enact_regulation(r, by=request.user, **form.cleaned_data))


@require_POST
def regulation_model(request, pk):
    is_model = request.POST.get("is_model") != "0"
    return _regulation_action(request, pk, lambda r: services.mark_model(r, by=request.user, is_model=is_model))


def regulation_file(request, pk):
    regulation = get_regulation_for_user(request.user, pk)
    if not regulation.file:
        raise Http404
    return serve_upload(regulation.file, regulation.file_name or "regulasi")


def regulation_matrix(request, pk):
    model = get_regulation_for_user(request.user, pk)
    if not model.is_model:
        raise Http404
    rows = model_matrix(request.user, model)
    return render(request, "institutions/model_matrix.html", {
        "model": model, "rows": rows, "adopted": sum(1 for r in rows if r.adopted),
    })


# --- strategic issues --------------------------------------------------------------------------


def issues(request, code):
    pemda = get_pemda_for_user(request.user, code)
    can_manage = services.can_manage(request.user, pemda)
    form = IssueForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                issue = services.raise_issue(pemda, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Isu strategis dicatat."))
                return redirect(issue)
    return render(request, "institutions/issues.html", {
        "pemda": pemda, "form": form, "issues": strategic_issues(request.user, pemda),
    })


def issue_detail(request, pk):
    issue = get_issue_for_user(request.user, pk)
    return render(request, "institutions/issue_detail.html", {
        "issue": issue, "pemda": issue.pemda,
        "status_form": IssueStatusForm(initial={"status": issue.status})
        if services.can_manage(request.user, issue.pemda) else None,
        "meetings": issue.meetings.visible_to(request.user).order_by("-starts_at"),
        "recommendations": issue.meeting_recommendations.visible_to(request.user).select_related(
            "meeting", "addressee_external"),
        "history": history_for(issue, request.user),
    })


@require_POST
def issue_status(request, pk):
    issue = get_issue_for_user(request.user, pk, write=True)
    form = IssueStatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_issue_status(issue, by=request.user, status=form.cleaned_data["status"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Status isu diperbarui."))
    return redirect(issue)
