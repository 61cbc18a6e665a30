"""Browser: the national overview and the verification queue, in Indonesian and in English.
Screenshots go to artifacts/national-*.png and artifacts/queue-*.png."""

import pytest

from tests.fixtures.browser import save_screenshot

pytestmark = pytest.mark.browser


def _data(cast):
    from actionplans.reference import seed_reference
    from tests.actionplans.test_queue import pending
    from tests.reports.test_national import province_with_data

    seed_reference()  # a transactional test before this one may have flushed the migration's rows
    province_with_data(cast, cast.kalteng, plans=4, achieved=3, index="72.5", target="70")
    province_with_data(cast, cast.kaltim, plans=3, achieved=1, index="64.1")
    pending(cast.dinkes, 60)
    pending(cast.pky_dinkes, 5, prefix="PKY")  # + the 4 of Kalteng's own test OPD


def _bar_widths(page):
    return page.eval_on_selector_all(
        "[data-testid=national-overview] .progress span",
        "spans => spans.map(s => s.getBoundingClientRect().width / s.parentElement.getBoundingClientRect().width)",
    )


def test_national_overview_and_queue_in_both_languages(page, live_cast, browser_login):
    cast = live_cast
    _data(cast)

    browser_login(cast.observer)
    page.goto("/")
    assert page.get_by_test_id("panel-national").is_visible()
    page.get_by_test_id("national-link").click()
    page.goto("/laporan/nasional/?tahun=2025&tw=3&urut=target&arah=turun")
    assert page.locator("h1").inner_text().startswith("Ikhtisar nasional")
    first = page.locator("[data-testid=national-overview] tbody tr").first
    assert "Kalimantan Tengah" in first.inner_text() and "BB" in first.inner_text()
    widths = _bar_widths(page)
    assert widths and all(0 < w <= 1 for w in widths[:2])  # drawn, not full: the width has a dot
    save_screenshot(page, "national-id")
    page.get_by_test_id("lang-en").click()
    assert page.locator("h1").inner_text().startswith("National overview")
    save_screenshot(page, "national-en")

    browser_login(cast.biro)
    page.goto("/rencana-aksi/verifikasi/")
    # The browser still carries the observer's English cookie; the Biro has chosen nothing yet.
    assert "reports awaiting verification" in page.get_by_test_id("queue-count").inner_text()
    page.get_by_test_id("lang-id").click()
    assert "69 laporan menunggu verifikasi" in page.get_by_test_id("queue-count").inner_text()
    assert page.locator("[data-testid=queue] tbody tr").count() == 50
    save_screenshot(page, "queue-id")
    page.get_by_test_id("lang-en").click()
    assert "69 reports awaiting verification" in page.get_by_test_id("queue-count").inner_text()
    save_screenshot(page, "queue-en")
