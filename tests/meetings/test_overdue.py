"""Overdue from 00:00 of the day after the due date, in the organising province's time zone."""

import datetime
import zoneinfo

import pytest

from meetings.models import FollowUp

from .helpers import make_follow_up, make_meeting

pytestmark = pytest.mark.django_db

WITA = zoneinfo.ZoneInfo("Asia/Makassar")
WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
DUE = datetime.date(2025, 1, 30)


def at(tz, *args):
    return datetime.datetime(*args, tzinfo=tz)


@pytest.fixture
def kaltim_item(cast):
    meeting = make_meeting(cast.kaltim, title="Rakor Bidang Organisasi se-Kaltim")
    return make_follow_up(meeting, cast.kaltim_dinkes, due=DUE)


def test_not_overdue_on_the_due_day_in_wita(kaltim_item):
    last_minute = at(WITA, 2025, 1, 30, 23, 59, 59)
    assert not kaltim_item.is_overdue(last_minute)
    assert not FollowUp.objects.overdue(last_minute).exists()


def test_overdue_from_midnight_wita_on_the_next_day(kaltim_item):
    midnight = at(WITA, 2025, 1, 31, 0, 0, 0)
    assert kaltim_item.is_overdue(midnight)
    assert list(FollowUp.objects.overdue(midnight)) == [kaltim_item]


def test_wita_midnight_is_still_the_due_day_in_jakarta_time(kaltim_item):
    # 31 January 00:30 WITA is 30 January 23:30 WIB: judged by WITA it is overdue
    moment = at(WITA, 2025, 1, 31, 0, 30)
    assert moment.astimezone(WIB).date() == DUE
    assert kaltim_item.is_overdue(moment)
    assert FollowUp.objects.overdue(moment).count() == 1


def test_wib_province_is_not_yet_overdue_at_the_same_instant(cast, kaltim_item):
    kalteng_item = make_follow_up(make_meeting(cast.kalteng), cast.dinkes, due=DUE)
    moment = at(WITA, 2025, 1, 31, 0, 30)  # 30 January 23:30 in Palangka Raya (WIB)
    assert not kalteng_item.is_overdue(moment)
    assert list(FollowUp.objects.overdue(moment)) == [kaltim_item]
    assert kalteng_item.is_overdue(at(WIB, 2025, 1, 31, 0, 0))


def test_done_items_are_never_overdue(kaltim_item):
    kaltim_item.status = FollowUp.Status.DONE
    kaltim_item.save()
    later = at(WITA, 2025, 3, 1, 12, 0)
    assert not kaltim_item.is_overdue(later)
    assert not FollowUp.objects.overdue(later).exists()


def test_report_selector_counts_items_overdue_at_the_end_of_a_quarter(cast):
    from meetings import services
    from meetings.selectors import overdue_follow_ups_for_pemda

    meeting = make_meeting(cast.kalteng, title="Rapat Pembentukan Tim RB Berdampak")
    late = make_follow_up(meeting, cast.dinkes, due=datetime.date(2025, 2, 14), title="Terlambat")
    make_follow_up(meeting, cast.kominfo, due=datetime.date(2025, 3, 31), title="Jatuh tempo hari terakhir")
    closed_later = make_follow_up(meeting, cast.inspektorat, due=datetime.date(2025, 3, 1), title="Ditutup kemudian")
    services.close_follow_up(closed_later, by=None, evidence_link="https://example.org/bukti")
    FollowUp.objects.filter(pk__in=[late.pk, closed_later.pk]).update(created_at=at(WIB, 2025, 1, 30, 12))
    FollowUp.objects.exclude(pk__in=[late.pk, closed_later.pk]).update(created_at=at(WIB, 2025, 1, 30, 12))
    rows = overdue_follow_ups_for_pemda(cast.kalteng, datetime.date(2025, 3, 31))
    # due on 31 March is not yet overdue on 31 March; closed in 2026 still counted for TW I 2025
    assert [r.text for r in rows] == ["Terlambat", "Ditutup kemudian"]
    assert overdue_follow_ups_for_pemda(cast.kaltim, datetime.date(2025, 3, 31)) == ()
