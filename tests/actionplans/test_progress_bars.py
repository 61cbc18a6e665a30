"""#11.6: progress bars are drawn at their value in Indonesian too (no "width: 52,9%", which CSS
ignores and so draws a full bar)."""

import re

import pytest

from reformportal.formats import bar_width, css_number
from tests.fixtures.browser import save_screenshot

from .factories import make_plan, make_report


@pytest.mark.parametrize(
    "value, expected",
    [(52.9, "52.9"), ("52.94", "52.9"), (0, "0"), (None, "0"), (100, "100"), (130.5, "100"), (-3, "0"), (75.0, "75")],
)
def test_bar_width_is_clamped_and_written_with_a_dot(value, expected):
    assert bar_width(value) == expected


def test_css_number_ignores_the_language(settings):
    from django.utils import translation

    with translation.override("id"):
        assert css_number(1234.56) == "1234.6" and css_number(3, 2) == "3"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
def test_pages_write_bar_widths_with_a_dot(cast, login, language):
    plan = make_plan(cast.dinkes, targets=(25, 50, 75, 100))
    make_report(plan, 3, "39.68")  # 39.68 / 75 = 52.9 %
    client = login(cast.opd_admin)
    client.cookies["django_language"] = language
    for url in (f"/rencana-aksi/opd/{cast.dinkes.pk}/?tahun=2025&tw=3", plan.get_absolute_url() + "?tw=3"):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        widths = re.findall(r"width: ?([^;\"]*)%", html)
        assert "52.9" in widths, (url, widths)
        assert not [w for w in widths if "," in w]


@pytest.mark.browser
def test_a_52_9_percent_bar_is_drawn_at_52_9_percent_in_indonesian(page, live_cast, browser_login):
    plan = make_plan(live_cast.dinkes, targets=(25, 50, 75, 100))
    make_report(plan, 3, "39.68")
    browser_login(live_cast.opd_admin)
    page.goto(f"/rencana-aksi/opd/{live_cast.dinkes.pk}/?tahun=2025&tw=3")
    assert "52,9 %" in page.content()  # the page is Indonesian
    ratio = page.locator(".progress > span").first.evaluate(
        "el => el.getBoundingClientRect().width / el.parentElement.getBoundingClientRect().width"
    )
    assert ratio == pytest.approx(0.529, abs=0.005)
    save_screenshot(page, "actionplans-progress-bar-id")
