"""End to end in headless Chromium: log in through the form, browse, switch language, hit scope walls."""

import pytest

pytestmark = pytest.mark.browser


def test_biro_opens_an_opd_and_switches_to_english(page, live_cast, browser_login, screenshot, console_errors):
    browser_login(live_cast.biro)
    assert page.get_by_test_id("scope").inner_text().startswith("Staf Biro Organisasi")

    page.get_by_role("link", name="Perangkat daerah", exact=True).first.click()
    page.get_by_role("link", name=live_cast.dinkes.name).click()
    page.wait_for_url(f"**/opd/{live_cast.dinkes.pk}/")
    assert page.get_by_test_id("opd-name").inner_text().startswith(live_cast.dinkes.name)
    assert page.locator("dl.facts").inner_text().count("Pemerintah daerah") == 1
    screenshot("opd-detail-id")

    page.get_by_test_id("lang-en").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.endswith(f"/opd/{live_cast.dinkes.pk}/")
    facts = page.locator("dl.facts").inner_text()
    assert "Regional government" in facts
    assert "Pemerintah daerah" not in facts
    assert page.get_by_role("link", name="Regional agencies", exact=True).is_visible()
    screenshot("opd-detail-en")
    assert console_errors == []  # no script errors, nothing blocked by the CSP


def test_opd_admin_cannot_reach_another_opd(page, live_cast, browser_login, screenshot):
    browser_login(live_cast.opd_admin)

    response = page.goto(f"/opd/{live_cast.kominfo.pk}/")
    assert response.status == 404
    assert live_cast.kominfo.name not in page.content()
    assert page.get_by_role("heading", level=1).inner_text() == "Halaman tidak ditemukan"
    screenshot("opd-admin-404")

    response = page.goto(f"/opd/{live_cast.dinkes.pk}/")
    assert response.status == 200
    assert page.get_by_test_id("opd-name").inner_text().startswith(live_cast.dinkes.name)


def test_biro_browses_province_regency_and_opd(page, live_cast, browser_login, screenshot, console_errors):
    browser_login(live_cast.biro)
    screenshot("home-biro")
    page.get_by_role("link", name="Wilayah", exact=True).click()
    page.get_by_role("link", name="Kalimantan Tengah").click()
    page.wait_for_url("**/wilayah/provinsi/62/")
    assert page.get_by_role("heading", level=1).inner_text() == "Provinsi Kalimantan Tengah"
    screenshot("province-62")
    page.get_by_role("link", name="Kota Palangkaraya").click()
    page.wait_for_url("**/wilayah/kabkota/62.71/")
    screenshot("regency-62-71")
    page.get_by_role("link", name=live_cast.pky_disdik.name).click()
    page.wait_for_url(f"**/opd/{live_cast.pky_disdik.pk}/")
    # Back up through the breadcrumbs.
    page.locator(".breadcrumbs").get_by_role("link", name="Kota Palangkaraya").click()
    page.wait_for_url("**/wilayah/kabkota/62.71/")
    assert console_errors == []


def test_opd_list_search_filter_and_pages_keep_each_other(page, live_cast, browser_login, screenshot):
    from agencies.models import Opd

    for i in range(30):
        Opd.objects.create(pemda=live_cast.kalteng, code=f"UPT-{i:02d}", name=f"UPT Pelayanan Kesehatan {i:02d}",
                           kind=Opd.Kind.BADAN, type="C")
    browser_login(live_cast.biro)
    page.goto("/opd/")
    page.fill("input[name=q]", "Pelayanan")
    page.select_option("select[name=kind]", "badan")
    page.get_by_role("button", name="Terapkan").click()
    page.wait_for_url("**/opd/?q=Pelayanan*")
    assert page.get_by_test_id("result-count").inner_text() == "30 perangkat daerah"
    screenshot("opd-list-filtered")
    page.get_by_role("link", name="Berikutnya").click()
    page.wait_for_url("**page=2")
    assert "q=Pelayanan" in page.url and "kind=badan" in page.url
    assert page.input_value("input[name=q]") == "Pelayanan"
    assert page.locator("tbody tr").count() == 5
    page.get_by_role("link", name="Hapus filter").click()
    page.wait_for_url("**/opd/")
    assert page.get_by_test_id("result-count").inner_text() == "37 perangkat daerah"
