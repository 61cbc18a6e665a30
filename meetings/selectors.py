"""Reads: access helpers (404 outside scope, 403 when visible but not editable) and list queries."""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from agencies.models import Opd, Pemda
from agencies.roles import Role
from agencies.scoping import get_visible_or_404
from institutions.models import Regulation, StrategicIssue

from .models import Attendance, FollowUp, Meeting, MeetingRecommendation
from .services import can_manage_meeting


def get_meeting_for_user(user, pk, *, write=False):
    qs = Meeting.objects.select_related("pemda__province", "pemda__regency", "organiser")
    return get_visible_or_404(qs, user, pk=pk, write=write, may_edit=lambda meeting: can_manage_meeting(user, meeting))


def get_follow_up_for_user(user, pk, *, write=False):
    qs = FollowUp.objects.select_related(
        "meeting__pemda__province", "opd__pemda", "recommendation", "action_plan", "lhe_recommendation__finding"
    ).prefetch_related(Prefetch("regulation", queryset=Regulation.objects.visible_to(user).select_related("pemda")))
    return get_visible_or_404(qs, user, pk=pk, write=write, may_edit=lambda follow_up: follow_up.can_edit(user))


def meeting_with_details(meeting, user):
    """Everything the meeting page and the minutes PDF show to `user`, in a fixed number of queries.

    The follow-ups are those the user sees (FollowUp.objects.visible_to), not every item of the meeting;
    the same holds for the linked strategic issues and regulations (institutions' visible_to).
    """
    return (
        Meeting.objects.filter(pk=meeting.pk)
        .select_related("pemda__province", "pemda__regency", "organiser", "minutes_approved_by")
        .prefetch_related(
            "agenda_items",
            "decisions",
            Prefetch("attendance", queryset=Attendance.objects.order_by("order", "pk")),
            Prefetch(
                "recommendations",
                queryset=MeetingRecommendation.objects.select_related(
                    "addressee_opd", "addressee_pemda", "addressee_external"
                ).prefetch_related(
                    # the issue a recommendation came from, when the user sees it (None otherwise)
                    Prefetch("strategic_issue", queryset=StrategicIssue.objects.visible_to(user)),
                ),
            ),
            # opd + pemda: owner name and the edit rule per row; regulation: the one it asks for,
            # when the user sees it
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.visible_to(user).select_related("opd__pemda", "recommendation")
                .prefetch_related(Prefetch("regulation", queryset=Regulation.objects.visible_to(user))),
            ),
            # the regencies' issues the meeting discusses, those the user sees
            Prefetch(
                "strategic_issues", queryset=StrategicIssue.objects.visible_to(user).select_related("pemda"),
                to_attr="visible_issues",
            ),
            "attachments",
            Prefetch("invited_opds", queryset=Opd.objects.order_by("name")),
            Prefetch("attending_opds", queryset=Opd.objects.order_by("name")),
            "external_units",
        )
        .get()
    )


def search_meetings(user, *, q="", kind="", pemda="", date_from=None, date_to=None):
    meetings = Meeting.objects.visible_to(user).for_list()
    if q:
        meetings = meetings.filter(
            Q(title__icontains=q) | Q(venue__icontains=q) | Q(chair_name__icontains=q) | Q(other_units__icontains=q)
        )
    if kind:
        meetings = meetings.filter(kind=kind)
    if pemda:
        meetings = meetings.filter(pemda_id=pemda)
    tz = timezone.get_current_timezone()
    if date_from:
        meetings = meetings.filter(ends_at__gte=_start_of(date_from, tz))
    if date_to:
        meetings = meetings.filter(starts_at__lt=_start_of(date_to + datetime.timedelta(days=1), tz))
    return meetings.order_by("-starts_at", "-pk")


def _start_of(day, tz):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)


def month_calendar(meetings, year, month):
    """Weeks (Monday first) of day cells {date, in_month, meetings} for a month view."""
    tz = timezone.get_current_timezone()
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    in_range = meetings.filter(
        starts_at__lt=_start_of(last + datetime.timedelta(days=1), tz), ends_at__gte=_start_of(first, tz)
    ).order_by("starts_at", "pk")
    by_day = {}
    for meeting in in_range:
        day = timezone.localtime(meeting.starts_at, tz).date()
        end = timezone.localtime(meeting.ends_at, tz).date()
        while day <= end:
            by_day.setdefault(day, []).append(meeting)
            day += datetime.timedelta(days=1)
    return [[{"date": d, "in_month": d.month == month, "meetings": by_day.get(d, [])} for d in week] for week in weeks]


def pemdas_for_filter(user):
    return Pemda.objects.visible_to(user).select_related("province").order_by("province__code", "regency__code")


def managed_pemdas(user):
    """Pemda whose meetings the user may create: Biro their province and its regencies, Bagian their own."""
    scope = user.scope
    if scope.is_read_only:
        return Pemda.objects.none()
    if scope.is_superuser:
        return Pemda.objects.all()
    if scope.role == Role.BIRO:
        return Pemda.objects.filter(province_id=scope.province_id)
    if scope.role == Role.BAGIAN:
        return Pemda.objects.filter(pk=scope.pemda_id)
    return Pemda.objects.none()


def follow_ups_for(user, *, status="", overdue=False, opd=None):
    """Follow-ups the user sees; an OPD admin's list is its own OPD's items."""
    scope = user.scope
    items = FollowUp.objects.visible_to(user).for_list()
    if scope.role == Role.OPD_ADMIN:
        items = items.filter(opd_id=scope.opd_id)
    if opd is not None:
        items = items.filter(opd=opd)
    if status:
        items = items.filter(status=status)
    if overdue:
        items = items.overdue()
    return items.order_by("due_date", "pk")


def overdue_follow_ups(user, now=None):
    return FollowUp.objects.visible_to(user).overdue(now).for_list().order_by("due_date", "pk")


@dataclass(frozen=True)
class OverdueFollowUp:
    """A meeting follow-up that was overdue at the end of a day, as the province report pack lists it."""

    pk: int
    text: str
    meeting: str  # the meeting's title
    opd_name: str  # the unit that owes it
    due_date: datetime.date


def overdue_follow_ups_for_pemda(pemda, on_date):
    """Follow-ups that were overdue at the end of `on_date` (a local date), for a Pemda's report.

    Items of meetings the Pemda organised, and items its own OPDs owe to other meetings. An item
    due on `on_date` is not yet overdue that day; one closed after `on_date` still counts.
    Used by the quarterly reports (reports/), which run without a user. One query.
    """
    tz = pemda.province.tzinfo
    end_of_day = datetime.datetime.combine(on_date + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    items = (
        FollowUp.objects.filter(Q(meeting__pemda=pemda) | Q(opd__pemda=pemda))
        .filter(due_date__lt=on_date, created_at__lt=end_of_day)
        .filter(~Q(status=FollowUp.Status.DONE) | Q(closed_at__gte=end_of_day))
        .select_related("meeting", "opd")
        .order_by("due_date", "pk")
    )
    return tuple(
        OverdueFollowUp(pk=item.pk, text=item.title, meeting=item.meeting.title, opd_name=item.opd.name,
                        due_date=item.due_date)
        for item in items
    )


def linkable_issues(user):
    """Strategic issues the user may attach to a meeting or a recommendation: those they see."""
    return StrategicIssue.objects.visible_to(user).select_related("pemda").order_by("pemda__level", "pemda__regency__code", "-raised_on", "pk")


def linkable_regulations(user):
    """Kelembagaan regulations a follow-up may ask for: those the user sees."""
    return Regulation.objects.visible_to(user).select_related("pemda").order_by("pemda__level", "pemda__regency__code", "kind", "pk")
