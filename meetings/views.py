import datetime
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.form_errors import add_service_errors
from agencies.models import Opd
from reformportal.pdf import render_pdf
from reformportal.spreadsheets import xlsx_download
from reformportal.uploads import serve_upload

from . import services
from .forms import (
    AgendaFormSet,
    AttachmentForm,
    AttendanceFormSet,
    AttendanceImportForm,
    DecisionFormSet,
    FollowUpFormSet,
    FollowUpUpdateForm,
    MeetingFilterForm,
    MeetingForm,
    RecommendationFormSet,
)
from .imports import AttendanceSheetError, parse_attendance, template_workbook
from .models import Attachment, Attendance, FollowUp, Meeting
from .selectors import (
    follow_ups_for,
    get_follow_up_for_user,
    get_meeting_for_user,
    linkable_issues,
    linkable_regulations,
    managed_pemdas,
    meeting_with_details,
    month_calendar,
    pemdas_for_filter,
    search_meetings,
)

PAGE_SIZE = 20
IMPORT_SESSION_KEY = "meetings-attendance-import-%s"


def meeting_list(request):
    form = MeetingFilterForm(request.GET or None, pemdas=pemdas_for_filter(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    meetings = search_meetings(
        request.user,
        q=(filters.get("q") or "").strip(),
        kind=filters.get("kind") or "",
        pemda=filters["pemda"].pk if filters.get("pemda") else "",
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    opd = _opd_param(request)
    if opd is not None:
        meetings = meetings.filter(attending_opds=opd)
    querystring = request.GET.copy()
    querystring.pop("page", None)
    context = {
        "opd": opd,
        "form": form,
        "querystring": querystring.urlencode(),
        "can_create": managed_pemdas(request.user).exists(),
        "view": "calendar" if request.GET.get("view") == "calendar" else "list",
    }
    if context["view"] == "calendar":
        month = _month_param(request.GET.get("month"))
        querystring.pop("month", None)
        context.update(
            month=month,
            weeks=month_calendar(meetings, month.year, month.month),
            prev_month=(month - datetime.timedelta(days=1)).replace(day=1),
            next_month=(month + datetime.timedelta(days=32)).replace(day=1),
            month_querystring=querystring.urlencode(),
        )
    else:
        context["page"] = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "meetings/meeting_list.html", context)


def _opd_param(request):
    """?opd=<pk> of the OPD page's "see all" links: an OPD in scope, or 404."""
    value = request.GET.get("opd", "")
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    return get_object_or_404(Opd.objects.visible_to(request.user), pk=int(value))


def _month_param(value):
    try:
        return datetime.datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return timezone.localdate().replace(day=1)


def meeting_detail(request, pk):
    meeting = meeting_with_details(get_meeting_for_user(request.user, pk), request.user)
    can_manage = services.can_manage_meeting(request.user, meeting)
    follow_ups = list(meeting.follow_ups.all())
    for item in follow_ups:
        item.editable = services.can_update_follow_up(request.user, item)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "can_manage": can_manage,
            "follow_ups": follow_ups,
            "attendance": list(meeting.attendance.all()),
            "attachment_form": AttachmentForm() if can_manage else None,
        },
    )


def _units_for(user):
    # The OPDs the organiser sees (the Biro: its province and every regency/city, whose bureaus
    # attend rakor; the Bagian: its own regency/city): a choice list shows names, which are data.
    return (
        Opd.objects.visible_to(user).filter(is_active=True)
        .select_related("pemda")
        .order_by("pemda__level", "pemda__regency__code", "name")
    )


def _meeting_form_page(request, meeting):
    pemdas = managed_pemdas(request.user)
    if not pemdas.exists():
        raise PermissionDenied
    units = _units_for(request.user)
    issues = linkable_issues(request.user)
    is_new = meeting.pk is None
    data = request.POST if request.method == "POST" else None
    initial = {}
    if is_new:
        initial = {"pemda": request.user.scope.pemda_id, "status": Meeting.Status.PLANNED}
    form = MeetingForm(data, instance=meeting, pemdas=pemdas, units=units, issues=issues, initial=initial)
    instance = meeting if not is_new else Meeting()
    formsets = {
        "agenda": AgendaFormSet(data, instance=instance, prefix="agenda"),
        "decisions": DecisionFormSet(data, instance=instance, prefix="decisions"),
        "recommendations": RecommendationFormSet(
            data, instance=instance, prefix="recommendations", units=units, links={"strategic_issue": issues}
        ),
        "follow_ups": FollowUpFormSet(
            data, instance=instance, prefix="follow_ups", units=units,
            links={"regulation": linkable_regulations(request.user)},
        ),
    }
    if request.method == "POST":
        forms_ok = form.is_valid() and all(fs.is_valid() for fs in formsets.values())
        if forms_ok:
            try:
                with transaction.atomic():
                    fields = form.meeting_fields()
                    units_kwargs = {
                        "invited": form.cleaned_data["invited_opds"],
                        "attending": form.cleaned_data["attending_opds"],
                        "external": form.cleaned_data["external_units"],
                        "strategic_issues": form.cleaned_data["strategic_issues"],
                    }
                    if is_new:
                        meeting = services.create_meeting(
                            by=request.user, pemda=form.cleaned_data["pemda"], **units_kwargs, **fields
                        )
                    else:
                        if form.cleaned_data["pemda"] != meeting.pemda:
                            raise ValidationError(_("Pemerintah daerah penyelenggara tidak dapat diubah."))
                        meeting = services.update_meeting(meeting, by=request.user, **units_kwargs, **fields)
                    services.save_meeting_lists(
                        meeting, by=request.user, **{name: fs.changes() for name, fs in formsets.items()}
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Rapat tersimpan."))
                return redirect(meeting)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "formsets": formsets, "meeting": meeting if not is_new else None},
    )


def meeting_create(request):
    return _meeting_form_page(request, Meeting())


def meeting_edit(request, pk):
    return _meeting_form_page(request, get_meeting_for_user(request.user, pk, write=True))


@require_POST
def meeting_held(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    services.mark_held(meeting, by=request.user)
    messages.success(request, _("Rapat ditandai terlaksana."))
    return redirect(meeting)


@require_POST
def minutes_approve(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    try:
        services.approve_minutes(meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Notulen disetujui."))
    return redirect(meeting)


def minutes_pdf(request, pk):
    meeting = meeting_with_details(get_meeting_for_user(request.user, pk), request.user)
    pdf = render_pdf("meetings/pdf/minutes.html", {"meeting": meeting, "today": timezone.localdate()})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="notulen-rapat-{meeting.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- attendance -----------------------------------------------------------------------------


def attendance_edit(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    queryset = Attendance.objects.filter(meeting=meeting).order_by("order", "pk")
    formset = AttendanceFormSet(request.POST or None, queryset=queryset, prefix="attendance")
    if request.method == "POST" and formset.is_valid():
        rows = [
            f.cleaned_data
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("name")
        ]
        services.record_attendance(meeting, rows, by=request.user)
        messages.success(request, _("Daftar hadir tersimpan (%(n)s orang).") % {"n": len(rows)})
        return redirect(meeting)
    return render(request, "meetings/attendance_form.html", {"meeting": meeting, "formset": formset})


def attendance_import(request, pk):
    """Upload -> every problem named, or a preview; confirm -> the whole list written at once."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    session_key = IMPORT_SESSION_KEY % meeting.pk
    form, rows, problems = AttendanceImportForm(), None, []
    if request.method == "POST" and request.POST.get("confirm"):
        rows = request.session.pop(session_key, None)
        if not rows:
            messages.error(request, _("Pratinjau sudah kedaluwarsa. Unggah berkas sekali lagi."))
            return redirect("meetings:attendance_import", pk=meeting.pk)
        services.record_attendance(meeting, rows, by=request.user)
        messages.success(request, _("Daftar hadir diimpor (%(n)s orang).") % {"n": len(rows)})
        return redirect(meeting)
    if request.method == "POST":
        form = AttendanceImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                rows = parse_attendance(form.cleaned_data["file"])
            except AttendanceSheetError as error:
                problems = error.messages
                rows = None
            except ValidationError as error:
                form.add_error("file", error)
            else:
                request.session[session_key] = rows
    return render(
        request,
        "meetings/attendance_import.html",
        {"meeting": meeting, "form": form, "rows": rows, "problems": problems},
    )


def attendance_template(request, pk):
    get_meeting_for_user(request.user, pk)
    buffer = io.BytesIO()
    template_workbook().save(buffer)
    return xlsx_download(buffer.getvalue(), "daftar-hadir.xlsx")


# --- attachments ----------------------------------------------------------------------------


@require_POST
def attachment_add(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        services.add_attachment(meeting, by=request.user, file=upload, label=form.cleaned_data["label"])
        messages.success(request, _("Lampiran ditambahkan."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect(meeting)


def attachment_download(request, pk):
    attachment = get_object_or_404(Attachment.objects.visible_to(request.user), pk=pk)
    return serve_upload(attachment.file, attachment.original_name or attachment.label)


@require_POST
def attachment_delete(request, pk):
    attachment = get_object_or_404(Attachment.objects.visible_to(request.user).select_related("meeting__pemda"), pk=pk)
    meeting = attachment.meeting
    if not services.can_manage_meeting(request.user, meeting):
        raise PermissionDenied
    services.delete_attachment(attachment, by=request.user)
    messages.success(request, _("Lampiran dihapus."))
    return redirect(meeting)


# --- follow-ups -----------------------------------------------------------------------------


def follow_up_list(request):
    status = request.GET.get("status", "")
    overdue = status == "overdue"
    if status not in FollowUp.Status.values:
        status = ""
    opd = _opd_param(request)
    items = follow_ups_for(request.user, status=status, overdue=overdue, opd=opd)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    for item in page.object_list:
        item.editable = services.can_update_follow_up(request.user, item)
    return render(
        request,
        "meetings/follow_up_list.html",
        {
            "page": page,
            "status": "overdue" if overdue else status,
            "opd": opd,
            "statuses": FollowUp.Status.choices,
            "querystring": querystring.urlencode(),
        },
    )


FOLLOW_UP_HISTORY_ROWS = 20


def _follow_up_history(request, follow_up):
    """The latest status changes (all with ?riwayat=semua), and how many there are in all."""
    rows = follow_up.history.select_related("history_user")
    if request.GET.get("riwayat") == "semua":
        rows = list(rows)
        return {"rows": rows, "total": len(rows)}
    shown = list(rows[: FOLLOW_UP_HISTORY_ROWS + 1])
    total = rows.count() if len(shown) > FOLLOW_UP_HISTORY_ROWS else len(shown)
    return {"rows": shown[:FOLLOW_UP_HISTORY_ROWS], "total": total}


def follow_up_detail(request, pk):
    follow_up = get_follow_up_for_user(request.user, pk)
    editable = services.can_update_follow_up(request.user, follow_up)
    form = None
    if editable:
        form = FollowUpUpdateForm(request.POST or None, request.FILES or None, follow_up=follow_up)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.update_follow_up(
                    follow_up,
                    by=request.user,
                    status=data["status"],
                    progress_note=data["progress_note"],
                    evidence_file=data.get("evidence_file"),
                    evidence_link=data["evidence_link"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Tindak lanjut diperbarui."))
                return redirect(follow_up)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "meetings/follow_up_detail.html",
        {"item": follow_up, "form": form, "editable": editable, "history": _follow_up_history(request, follow_up)},
    )


def follow_up_evidence(request, pk):
    follow_up = get_follow_up_for_user(request.user, pk)
    if not follow_up.evidence_file:
        raise Http404
    return serve_upload(follow_up.evidence_file, _("bukti-tindak-lanjut-%(pk)s") % {"pk": follow_up.pk})
