"""The reports page in a real browser: request a report, watch the progress bar move, download."""

import re

import pytest

from reports import services
from reports.data import opd_report_data
from reports.models import Report
from tests.fixtures.browser import save_screenshot

from .example import make_example

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def reference_data(wilayah):
    """RB themes and deadlines (a data migration), reloaded after an earlier transactional flush."""
    from actionplans.reference import seed_reference

    seed_reference()


def test_biro_requests_a_report_and_downloads_it(page, live_cast, browser_login, console_errors, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_example(live_cast)
    browser_login(live_cast.biro)
    page.goto("/laporan/")
    page.select_option("#id_kind", "opd")
    page.select_option("#id_opd", str(live_cast.dinkes.pk))
    page.fill("#id_year", "2025")
    page.select_option("#id_quarter", "3")
    page.click("form.report-request button[type=submit]")

    page.wait_for_url(re.compile(r"/laporan/\d+/$"))
    page.locator("[data-report-download]").wait_for(state="visible")
    assert page.locator("[data-report-progress-text]").inner_text() == "100 %"
    save_screenshot(page, "reports-detail-done")
    with page.expect_download() as download:
        page.click("[data-report-download]")
    assert download.value.suggested_filename == "laporan-tw3-2025-dinkes.pdf"

    page.goto("/laporan/")
    assert "Dinas Kesehatan Provinsi Kalimantan Tengah" in page.locator("[data-testid=report-history]").inner_text()
    save_screenshot(page, "reports-list")
    assert console_errors == []


def test_the_progress_bar_follows_a_running_report(page, live_cast, browser_login, console_errors, settings,
                                                   tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_example(live_cast)
    report = Report.objects.create(kind="opd", opd=live_cast.dinkes, pemda=live_cast.kalteng, year=2025, quarter=3,
                                   fingerprint="x", requested_by=live_cast.opd_admin)
    services.claim(report.pk)
    services.set_progress(report.pk, 40)
    browser_login(live_cast.opd_admin)
    page.goto(f"/laporan/{report.pk}/")
    assert page.locator("[data-report-progress-text]").inner_text() == "40 %"
    assert page.locator("[data-report-download]").is_hidden()
    save_screenshot(page, "reports-detail-running")

    services.finish(report.pk, services.render_opd_report(opd_report_data(live_cast.dinkes, 2025, 3), "id"))
    page.locator("[data-report-download]").wait_for(state="visible", timeout=10_000)
    assert page.locator("[data-report-progress-text]").inner_text() == "100 %"
    assert page.locator("[data-report-progress]").get_attribute("aria-valuenow") == "100"
    assert console_errors == []
