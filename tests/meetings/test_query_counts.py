"""Meeting pages cost the same number of queries with few and many rows (no N+1)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from institutions.models import Regulation, StrategicIssue
from meetings import services
from meetings.models import Attendance, FollowUp, Meeting
from meetings.views import FOLLOW_UP_HISTORY_ROWS

from ..cast import make_cast, make_opd
from ..module_data import kept_for_the_module
from ..query_counts import assert_flat, measure_at_two_sizes
from .helpers import make_follow_up, make_meeting

pytestmark = pytest.mark.django_db


def add_meetings(cast, n, start=0):
    for i in range(start, start + n):
        meeting = make_meeting(
            cast.kalteng, title=f"Rakor {i}", day=datetime.date(2025, 1, 1) + datetime.timedelta(days=i % 28),
            invited=[cast.dinkes, cast.kominfo], attending=[cast.dinkes],
        )
        make_follow_up(meeting, cast.dinkes, title=f"Tindak lanjut {i}", due=datetime.date(2024, 12, 1))
        make_follow_up(meeting, cast.kominfo, title=f"Tindak lanjut B {i}")
        Attendance.objects.create(meeting=meeting, name=f"Peserta {i}", unit_name="Dinkes")
        meeting.agenda_items.create(title="Pembukaan")
        meeting.decisions.create(text="Keputusan")
        meeting.recommendations.create(text="Rekomendasi", addressee_kind="opd", addressee_opd=cast.dinkes)


def grow_one_meeting(cast, meeting, follow_up, n, start):
    """n more rows of everything the pages about one meeting list or offer: its follow-ups,
    attendance, agenda, decisions and recommendations, the follow-up's history, and the agencies,
    issues and regulations the meeting form offers."""
    for i in range(start, start + n):
        make_follow_up(meeting, cast.dinkes, title=f"Ekstra {i}")
        Attendance.objects.create(meeting=meeting, name=f"Ekstra {i}", unit_name="Dinkes")
        meeting.agenda_items.create(title=f"Agenda {i}")
        meeting.decisions.create(text=f"Keputusan {i}")
        meeting.recommendations.create(text="Rekomendasi", addressee_kind="opd", addressee_opd=cast.kominfo)
        services.update_follow_up(follow_up, by=cast.biro, progress_note=f"Catatan {i}")
        make_opd(cast.kalteng, f"UPT-{i:03d}", f"UPT {i:03d}")
        StrategicIssue.objects.create(pemda=cast.kalteng, category="staffing", title=f"Isu {i}", raised_by="Biro",
                                      raised_on=datetime.date(2025, 1, 1))
        Regulation.objects.create(pemda=cast.kalteng, kind="other", subject=f"Regulasi {i}")


# Every page starts with: session, user (+ membership: the scope).
PAGES = {  # (page, who looks): queries
    # + "may create?" (managed Pemda exists), count for the paginator, page of meetings (pemda,
    #   province, organiser joined; attendance and follow-up counts annotated), Pemda choices
    ("meetings:list", "biro"): 6,
    # as for the Biro minus "may create?" (an OPD admin manages no Pemda: no query); the OPD's
    # involvement is three subqueries inside the one page query
    ("meetings:list", "opd_admin"): 5,
    # + "may create?", meetings of the month's weeks, Pemda choices
    ("meetings:list", "calendar"): 5,
    # + count, page of items (meeting, pemda, province, opd joined)
    ("meetings:follow_ups", "biro"): 4,
    # + access helper, meeting with joins, then one prefetch each: agenda, decisions, attendance,
    #   recommendations, follow-ups, the strategic issues the user sees, attachments, invited,
    #   attending, external (a linked issue or regulation: one more each)
    ("meetings:detail", "biro"): 14,
    # as the meeting page (the PDF template reads nothing else)
    ("meetings:minutes_pdf", "biro"): 14,
    # + the follow-up (meeting, pemda, opd, links joined), the latest 21 history rows (+ users),
    #   their count (only asked when there are more than 20: there are at both sizes)
    ("meetings:follow_up", "biro"): 5,
    # + managed Pemda exists, Pemda choices, the OPDs, issues and regulations offered (each read
    #   once for every select of the form and its formsets)
    ("meetings:create", "biro"): 17,
    # as the new meeting, + access helper, and the meeting's agenda, decisions, recommendations and
    #   follow-ups in their formsets
    ("meetings:edit", "biro"): 27,
    # + access helper, the attendance rows in the formset
    ("meetings:attendance", "biro"): 4,
    # + access helper (the import form and the template workbook ask nothing more)
    ("meetings:attendance_import", "biro"): 3,
    ("meetings:attendance_template", "biro"): 3,
}


def _url(page, variant, meeting, follow_up):
    if page in ("meetings:list", "meetings:follow_ups", "meetings:create"):
        url = reverse(page)
        return url + "?view=calendar&month=2025-01" if variant == "calendar" else url
    if page == "meetings:follow_up":
        return reverse(page, args=[follow_up.pk])
    return reverse(page, args=[meeting.pk])


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    """{(page, who): [(response, queries) with 3 meetings, (response, queries) with 25 more and
    8 more rows of everything about the first]}, each page measured by its own client."""
    with kept_for_the_module(django_db_blocker):
        cast = make_cast()
        add_meetings(cast, 3)
        meeting = Meeting.objects.order_by("pk").first()
        follow_up = FollowUp.objects.filter(meeting=meeting).order_by("pk").first()
        for i in range(FOLLOW_UP_HISTORY_ROWS):  # more changes than the page shows: it counts them
            services.update_follow_up(follow_up, by=cast.biro, progress_note=f"Awal {i}")
        pages = {}
        for page, variant in PAGES:
            client = Client()
            client.force_login(getattr(cast, "biro" if variant == "calendar" else variant))
            pages[page, variant] = (client, _url(page, variant, meeting, follow_up))
        for path in [*API_LISTS, "agencies:home"]:
            pages[path] = (pages["meetings:list", "biro"][0], reverse(path) if path == "agencies:home" else path)

        def grow():
            add_meetings(cast, 25, start=3)
            grow_one_meeting(cast, meeting, follow_up, 8, 0)

        yield measure_at_two_sizes(pages, grow)


API_LISTS = {
    # session, user (+ membership), count, page (pemda joined, attendance counted), prefetches:
    # agenda, invited, attending, external units, the strategic issues the user sees
    "/api/v1/meetings/": 9,
    # session, user (+ membership), count, page (meeting, pemda, province, opd joined)
    "/api/v1/meeting-follow-ups/": 4,
    "/api/v1/meeting-recommendations/": 4,
    "/api/v1/meeting-attendance/": 4,
    "/api/v1/meeting-decisions/": 4,
}


@pytest.mark.parametrize("page, variant", PAGES)
def test_query_count_is_flat(measured, page, variant):
    assert_flat(measured[page, variant], PAGES[page, variant], f"{page} ({variant})")


@pytest.mark.parametrize("path", API_LISTS)
def test_api_list_query_count_is_flat(measured, path):
    assert_flat(measured[path], API_LISTS[path], path)


def test_home_panel(measured):
    # the home page also carries other apps' panels (their counts are asserted in
    # tests/actionplans/test_national_query_counts.py), so only flatness is asserted here;
    # the meetings panel itself is two queries (overdue page, overdue count)
    few, many = measured["agencies:home"]
    assert len(few[1]) == len(many[1])
