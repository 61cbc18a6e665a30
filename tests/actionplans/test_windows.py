"""Reporting windows per province: submission closes on the Biro's own date, the Biro reopens it
for one OPD with a reason, and the reporting rate tells on time, late and missing apart."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from actionplans import services, windows
from actionplans.models import ActionPlan, ReportingWindow, WindowReopening

from .factories import make_plan, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(cast):
    """Kalteng's TW III 2025 window closed yesterday, before the national deadline."""
    today = cast.kalteng.province.today()
    return ReportingWindow.objects.create(
        province=cast.kalteng.province, year=2025, quarter=3,
        opens_on=today - datetime.timedelta(days=20), closes_on=today - datetime.timedelta(days=1),
    )


def test_after_closing_an_opd_cannot_submit(cast, closed):
    report = make_report(make_plan(cast.dinkes, "RA-01"), 3, 70, "draft")
    with pytest.raises(ValidationError) as caught:
        services.submit_report(report, by=cast.opd_admin)
    assert "ditutup" in caught.value.messages[0] or "closed" in caught.value.messages[0]
    report.refresh_from_db()
    assert report.status == "draft"


def test_a_returned_report_may_still_be_resubmitted(cast, closed):
    report = make_report(make_plan(cast.dinkes, "RA-01"), 3, 70, "returned")
    services.submit_report(report, by=cast.opd_admin)
    report.refresh_from_db()
    assert report.status == "submitted"


def test_the_biro_reopens_for_one_opd_with_a_reason_and_the_report_counts_late(cast, closed):
    own = make_report(make_plan(cast.dinkes, "RA-01"), 3, 70, "draft")
    other = make_report(make_plan(cast.kominfo, "RA-02"), 3, 70, "draft")
    until = closed.closes_on + datetime.timedelta(days=5)
    with pytest.raises(ValidationError):
        windows.reopen_window(closed, opd=cast.dinkes, until=until, reason=" ", by=cast.biro)
    with pytest.raises(PermissionDenied):
        windows.reopen_window(closed, opd=cast.dinkes, until=until, reason="Server down", by=cast.biro_other)
    with pytest.raises(PermissionDenied):
        windows.reopen_window(closed, opd=cast.dinkes, until=until, reason="Server down", by=cast.opd_admin)
    reopening = windows.reopen_window(closed, opd=cast.dinkes, until=until, reason="Server down", by=cast.biro)
    assert reopening.history.count() == 1 and (reopening.by, reopening.reason) == (cast.biro, "Server down")
    services.submit_report(own, by=cast.opd_admin)
    with pytest.raises(ValidationError):
        services.submit_report(other, by=cast.opd_admin_other)
    assert WindowReopening.objects.count() == 1

    rate = windows.reporting_timeliness(cast.kalteng.province, [cast.dinkes, cast.kominfo], 2025, 3)
    assert (rate.on_time, rate.late, rate.missing, rate.expected) == (0, 1, 1, 2)


def test_a_report_submitted_before_closing_is_on_time(cast):
    province = cast.kalteng.province
    today = province.today()
    window = ReportingWindow.objects.create(province=province, year=2025, quarter=3,
                                            opens_on=today - datetime.timedelta(days=3), closes_on=today)
    report = make_report(make_plan(cast.dinkes, "RA-01"), 3, 70, "draft")
    services.submit_report(report, by=cast.opd_admin)
    make_plan(cast.dinkes, "RA-02")  # never reported: missing
    rate = windows.reporting_timeliness(province, [cast.dinkes], 2025, 3)
    assert (rate.on_time, rate.late, rate.missing) == (1, 0, 1)
    # Closing the window earlier afterwards makes the same report late: the Biro's date decides.
    window.closes_on = window.opens_on = today - datetime.timedelta(days=1)
    window.save()
    rate = windows.reporting_timeliness(province, [cast.dinkes], 2025, 3)
    assert (rate.on_time, rate.late) == (0, 1)


def test_without_a_window_the_national_deadline_decides_and_submission_stays_open(cast):
    report = make_report(make_plan(cast.dinkes, "RA-01"), 3, 70, "draft")
    services.submit_report(report, by=cast.opd_admin)
    assert windows.window_for(cast.kalteng.province, 2025, 3) is None
    rate = windows.reporting_timeliness(cast.kalteng.province, [cast.dinkes], 2025, 3)
    # The national TW III 2025 deadline is long past today: submitted now, it is late.
    assert timezone.localdate() > windows.closing_day(cast.kalteng.province, 2025, 3)
    assert (rate.on_time, rate.late, rate.missing) == (0, 1, 0)
    assert ActionPlan.objects.count() == 1


def test_the_reporting_page_shows_on_time_late_and_missing(cast, login, closed):
    from django.urls import reverse

    late = make_report(make_plan(cast.dinkes, "RA-01"), 3, 70, "draft")
    windows.reopen_window(closed, opd=cast.dinkes, until=closed.closes_on + datetime.timedelta(days=3),
                          reason="Gangguan jaringan", by=cast.biro)
    services.submit_report(late, by=cast.opd_admin)
    make_plan(cast.dinkes, "RA-02")
    page = login(cast.biro).get(reverse("actionplans:not_reported") + f"?pemda={cast.kalteng.pk}&tahun=2025&tw=3")
    t = page.context["timeliness"]
    assert (t.on_time, t.late, t.missing, t.closes_on) == (0, 1, 1, closed.closes_on)
    assert 'data-testid="late"' in page.content.decode()


def test_the_biro_sets_a_window_and_reopens_it_on_the_windows_page(cast, login):
    from django.urls import reverse

    url = reverse("actionplans:windows") + f"?pemda={cast.kalteng.pk}&tahun=2025"
    client = login(cast.biro)
    bad = client.post(url, {"action": "window", "quarter": 3, "opens_on": "2025-10-08", "closes_on": "2025-10-01"})
    assert bad.status_code == 200 and not ReportingWindow.objects.exists()
    assert client.post(url, {"action": "window", "quarter": 3, "opens_on": "2025-10-01",
                             "closes_on": "2025-10-08"}).status_code == 302
    window = ReportingWindow.objects.get()
    assert (window.opens_on, window.closes_on) == (datetime.date(2025, 10, 1), datetime.date(2025, 10, 8))
    assert client.post(url, {"action": "reopen", "window": window.pk, "opd": cast.dinkes.pk,
                             "until": "2025-10-15", "reason": "Gangguan jaringan"}).status_code == 302
    assert WindowReopening.objects.get().by == cast.biro
    assert login(cast.opd_admin).post(url, {"action": "window", "quarter": 3, "opens_on": "2025-10-01",
                                            "closes_on": "2025-10-09"}).status_code == 403
    page = login(cast.opd_admin).get(url)
    assert page.status_code == 200 and "Gangguan jaringan" in page.content.decode()


def test_the_windows_page_query_count_is_flat(cast, login, django_assert_num_queries):
    from django.urls import reverse

    from tests.cast import make_opd

    province = cast.kalteng.province
    url = reverse("actionplans:windows") + f"?pemda={cast.kalteng.pk}&tahun=2025"
    client = login(cast.biro)
    windows_by_quarter = {q: ReportingWindow.objects.create(
        province=province, year=2025, quarter=q, opens_on=datetime.date(2025, 3 * q, 1),
        closes_on=datetime.date(2025, 3 * q, 20)) for q in (1, 2, 3, 4)}

    def reopen(first, count):
        for i in range(first, first + count):
            opd = make_opd(cast.kalteng, f"UJI{i:02d}", f"Dinas Uji {i}")
            WindowReopening.objects.create(window=windows_by_quarter[1 + i % 4], opd=opd,
                                           until=datetime.date(2025, 12, 31), reason="Uji", by=cast.biro)

    reopen(1, 2)
    client.get(url)
    # session, user (+ membership); pemda (+ province, regency); windows; OPD choices; reopenings
    # (window, OPD, user joined); window choices
    with django_assert_num_queries(7) as few:
        client.get(url)
    reopen(3, 20)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)
