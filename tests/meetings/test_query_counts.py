"""Lists cost the same number of queries with few and many rows (no N+1)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Attendance

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


def count(client, url, params=None):
    client.get(url, params)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def flat(cast, client, url, expected, params=None, few=3, many=25):
    add_meetings(cast, few)
    assert count(client, url, params) == expected
    add_meetings(cast, many, start=few)
    assert count(client, url, params) == expected


def test_meeting_list(cast, login):
    # session, user, membership (scope), "may create?" (managed Pemda exists), count for the
    # paginator, page of meetings (pemda, province, organiser joined; attendance and follow-up
    # counts annotated), Pemda choices of the filter form
    flat(cast, login(cast.biro), reverse("meetings:list"), 7)


def test_meeting_list_for_an_opd_admin(cast, login):
    # as for the Biro minus "may create?" (an OPD admin manages no Pemda: no query);
    # the OPD's involvement is three subqueries inside the one page query
    flat(cast, login(cast.opd_admin), reverse("meetings:list"), 6)


def test_meeting_calendar(cast, login):
    # session, user, membership, "may create?", meetings of the month's weeks, Pemda choices
    flat(cast, login(cast.biro), reverse("meetings:list"), 6, {"view": "calendar", "month": "2025-01"})


def test_follow_up_list(cast, login):
    # session, user, membership, count, page of items (meeting, pemda, province, opd joined)
    flat(cast, login(cast.biro), reverse("meetings:follow_ups"), 5)


def flat_for_one_meeting(cast, login, page, expected, rows, *, recommendations):
    """The count of `page` for one meeting, the same again after `rows` more of its rows."""
    add_meetings(cast, 1)
    from meetings.models import Meeting

    meeting = Meeting.objects.get()
    client = login(cast.biro)
    url = reverse(page, args=[meeting.pk])
    assert count(client, url) == expected
    for i in range(rows):
        make_follow_up(meeting, cast.dinkes, title=f"Ekstra {i}")
        Attendance.objects.create(meeting=meeting, name=f"Ekstra {i}", unit_name="Dinkes")
        if recommendations:
            meeting.recommendations.create(text="Rekomendasi", addressee_kind="opd", addressee_opd=cast.kominfo)
    assert count(client, url) == expected


def test_meeting_page(cast, login):
    # session, user, membership, access helper, meeting with joins, then one prefetch each:
    # agenda, decisions, attendance, recommendations, follow-ups, the strategic issues the user
    # sees, attachments, invited, attending, external (a linked issue or regulation: one more each)
    flat_for_one_meeting(cast, login, "meetings:detail", 15, 20, recommendations=True)


def test_home_panel(cast, login):
    # the home page also carries other apps' panels, so only flatness is asserted here;
    # the meetings panel itself is two queries (overdue page, overdue count)
    client = login(cast.biro)
    add_meetings(cast, 3)
    few = count(client, reverse("agencies:home"))
    add_meetings(cast, 25, start=3)
    assert count(client, reverse("agencies:home")) == few


@pytest.mark.parametrize("path,expected", [
    # session, user, membership, count, page (pemda joined, attendance counted), prefetches:
    # agenda, invited, attending, external units, the strategic issues the user sees
    ("/api/v1/meetings/", 10),
    # session, user, membership, count, page (meeting, pemda, province, opd joined)
    ("/api/v1/meeting-follow-ups/", 5),
    ("/api/v1/meeting-recommendations/", 5),
    ("/api/v1/meeting-attendance/", 5),
    ("/api/v1/meeting-decisions/", 5),
])
def test_api_lists(cast, login, path, expected):
    flat(cast, login(cast.biro), path, expected)


def test_minutes_pdf(cast, login):
    # as the meeting page: session, user, membership, access helper, meeting with joins and
    # ten prefetches (the PDF template reads nothing else)
    flat_for_one_meeting(cast, login, "meetings:minutes_pdf", 15, 30, recommendations=False)
