"""Browser, January 2027: the Biro's home page says the year has no reference data and sets it up.
Screenshots: artifacts/reference-missing-id.png, -en.png."""

import datetime

import pytest
from django.utils import timezone

from tests.fixtures.browser import save_screenshot

pytestmark = pytest.mark.browser


def test_the_biro_creates_the_missing_year(page, live_cast, browser_login, monkeypatch):
    from actionplans.models import Theme
    from actionplans.reference import seed_reference

    seed_reference()
    moment = datetime.datetime(2027, 1, 5, 9, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)  # the live server's thread reads it too
    browser_login(live_cast.biro)
    page.goto("/")
    notice = page.get_by_test_id("reference-missing")
    assert "Data acuan tahun 2027 belum ditetapkan" in notice.inner_text()
    save_screenshot(page, "reference-missing-id")
    page.get_by_test_id("lang-en").click()
    assert "The 2027 reference data has not been set up" in page.get_by_test_id("reference-missing").inner_text()
    save_screenshot(page, "reference-missing-en")
    page.get_by_test_id("reference-create").click()
    assert "The 2027 reference data was created from 2026" in page.locator("body").inner_text()
    assert page.get_by_test_id("reference-missing").count() == 0
    assert Theme.objects.filter(programme__year=2027).count() == 12
