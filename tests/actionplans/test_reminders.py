"""Reminders: a week before and on the deadline, in the province's time zone, each sent once."""

import datetime

import pytest
from django.core import mail

from actionplans.models import ReminderSent
from actionplans.services import send_due_reminders
from actionplans.tasks import send_report_reminders
from tests.cast import make_user

from .factories import make_plan, make_report

pytestmark = pytest.mark.django_db
UTC = datetime.timezone.utc


@pytest.fixture
def setup(cast):
    cast.opd_admin.email = "dinkes@kalteng.example"
    cast.opd_admin.save()
    cast.opd_admin_other.email = "kominfo@kalteng.example"
    cast.opd_admin_other.save()
    kaltim_admin = make_user("admin_kaltim", "opd_admin", opd=cast.kaltim_dinkes, email="dinkes@kaltim.example")
    make_plan(cast.dinkes, "RA-01")  # TW III missing
    done = make_plan(cast.kominfo, "RA-01")
    make_report(done, 3, 75, "submitted")  # reported: no reminder
    make_plan(cast.kaltim_dinkes, "RA-01")  # missing, in WITA
    return kaltim_admin


def test_deadline_is_read_in_each_province_time_zone(setup, cast):
    assert cast.kaltim.province.timezone == "Asia/Makassar"
    # 9 Oct 2025 16:30 UTC = 23:30 WIB on 9 Oct (a week before) but 00:30 WITA on 10 Oct (deadline day)
    now = datetime.datetime(2025, 10, 9, 16, 30, tzinfo=UTC)
    assert send_due_reminders(now=now) == 2
    sent = {(r.opd.code, r.opd.pemda.province.code, r.kind) for r in ReminderSent.objects.select_related("opd__pemda__province")}
    assert sent == {("DINKES", "62", "week_before"), ("DINKES", "64", "deadline")}
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["dinkes@kalteng.example", "dinkes@kaltim.example"]
    body = next(m for m in mail.outbox if m.to == ["dinkes@kalteng.example"]).body
    assert "1 dari 1 rencana aksi belum dilaporkan untuk TW III 2025" in body and "10 Oktober 2025" in body


def test_each_reminder_is_sent_once(setup):
    now = datetime.datetime(2025, 10, 3, 3, 0, tzinfo=UTC)  # 3 Oct: a week before 10 Oct everywhere
    assert send_due_reminders(now=now) == 2
    assert send_due_reminders(now=now + datetime.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 2
    # on the deadline day the second kind goes out, once
    deadline = datetime.datetime(2025, 10, 10, 3, 0, tzinfo=UTC)
    assert send_due_reminders(now=deadline) == 2
    assert send_due_reminders(now=deadline) == 0
    assert ReminderSent.objects.count() == 4


def test_nothing_outside_the_windows(setup):
    assert send_due_reminders(now=datetime.datetime(2025, 8, 15, 3, 0, tzinfo=UTC)) == 0
    assert mail.outbox == []


def test_the_beat_task_runs_the_service(setup, settings, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(2025, 10, 10, 3, 0, tzinfo=UTC))
    assert send_report_reminders.apply().get() == 2
    assert "actionplans.send_report_reminders" in [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()]


def test_reminders_follow_the_provinces_own_closing_date(setup, cast):
    from actionplans.models import ReportingWindow

    # Kalteng closes TW III 2025 on 30 September, ten days before the national deadline.
    ReportingWindow.objects.create(province=cast.kalteng.province, year=2025, quarter=3,
                                   opens_on=datetime.date(2025, 9, 1), closes_on=datetime.date(2025, 9, 30))
    # 30 Sep 2025 05:00 UTC = 12:00 WIB: Kalteng's own closing day; Kaltim has no reminder due yet.
    assert send_due_reminders(now=datetime.datetime(2025, 9, 30, 5, 0, tzinfo=UTC)) == 1
    [reminder] = ReminderSent.objects.select_related("opd__pemda__province")
    assert (reminder.opd.pemda.province.code, reminder.kind) == ("62", "deadline")
    assert "30 September 2025" in mail.outbox[0].body
    # On the national deadline week Kalteng is not reminded again for a "week before".
    send_due_reminders(now=datetime.datetime(2025, 10, 9, 16, 30, tzinfo=UTC))
    assert not ReminderSent.objects.filter(opd__pemda__province__code="62", kind="week_before").exists()
