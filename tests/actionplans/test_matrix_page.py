"""The province matrix: theme names in the header, the OPD column kept in place when it scrolls."""

import pytest
from django.urls import reverse

from tests.reports.example import make_plans


@pytest.mark.django_db
def test_the_header_names_each_theme(cast, login):
    make_plans(cast.dinkes, 3)
    html = login(cast.biro).get(reverse("actionplans:matrix"), {"tahun": 2025}).content.decode()
    heads = html.split('data-testid="theme-head"')[1:]
    assert heads
    for head in heads:
        code = head.split('<span class="theme-code">')[1].split("</span>")[0]
        name = head.split('<span class="theme-name">')[1].split("</span>")[0]
        assert code and len(name) > len(code)  # a name, not the code again
    assert '<th scope="row" class="opd-col">' in html


@pytest.mark.browser
def test_the_opd_column_stays_when_the_matrix_scrolls(page, live_cast, browser_login):
    from actionplans.reference import seed_reference

    seed_reference()
    for opd in (live_cast.dinkes, live_cast.kominfo, live_cast.inspektorat):
        make_plans(opd, 6)
    page.set_viewport_size({"width": 700, "height": 800})
    browser_login(live_cast.biro)
    page.goto(f"/rencana-aksi/matriks/?pemda={live_cast.kalteng.pk}&tahun=2025")
    wrap = page.locator(".matrix-wrap")
    width, client = wrap.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert width > client  # wider than the screen
    opd_cell = page.locator("tbody .opd-col").first
    before = opd_cell.bounding_box()
    first_theme = page.get_by_test_id("theme-head").first
    theme_before = first_theme.bounding_box()
    wrap.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    after = opd_cell.bounding_box()
    assert after["x"] == pytest.approx(before["x"], abs=1)  # sticky
    assert first_theme.bounding_box()["x"] < theme_before["x"] - 100  # the themes did scroll
