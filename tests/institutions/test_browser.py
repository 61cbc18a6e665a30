"""In a real browser, the "done when" of #14: the Biro of Kalimantan Timur sees which regencies
adopted the Pergub Sistem Kerja (in Indonesian and in English); the Bagian Organisasi of Kota
Palangka Raya records a converted post and a mismatch and proposes its resolution, and the Biro
of Kalimantan Tengah resolves it; an agency's org chart prints."""

import datetime
import re

import pytest

from agencies.models import Pemda
from institutions.models import Mismatch, PostConversion, Regulation
from tests.fixtures.browser import ARTIFACTS, save_screenshot
from tests.institutions.helpers import make_structure


def _kaltim_model(cast):
    model = Regulation.objects.create(
        pemda=cast.kaltim, kind="work_system", subject="Sistem Kerja pada Instansi Pemerintah Provinsi Kalimantan Timur",
        status="enacted", number="Pergub Kaltim 23/2023", enacted_on=datetime.date(2023, 6, 12), is_model=True,
    )
    Regulation.objects.create(pemda=cast.samarinda, kind="work_system", subject="Sistem Kerja Kota Samarinda",
                              status="enacted", number="Perwali 30/2024", enacted_on=datetime.date(2024, 4, 2),
                              follows=model)
    Regulation.objects.create(pemda=Pemda.objects.get(regency__code="64.71"), kind="work_system",
                              subject="Sistem Kerja Kota Balikpapan", status="facilitated", follows=model)
    return model


def _switch_user(page, browser_login, user):
    page.context.clear_cookies()
    browser_login(user)


@pytest.mark.browser
def test_the_biro_sees_adopters_a_regency_records_a_mismatch_the_biro_resolves_it(
    page, live_cast, browser_login, console_errors, settings, tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    cast = live_cast
    model = _kaltim_model(cast)
    structure = make_structure(cast.kaltim_dinkes, bidang=("Bidang Pelayanan Kesehatan", "Bidang Sumber Daya Kesehatan"))

    # --- the Biro of Kaltim: who adopted the Pergub Sistem Kerja ----------------------------------
    browser_login(cast.biro_other)
    page.goto("/kelembagaan/")
    assert page.locator("[data-testid='adopted-64.72']").inner_text().strip() == "ya"
    assert page.locator("[data-testid='adopted-64.71']").inner_text().strip() == "belum"
    save_screenshot(page, "kelembagaan-0-province-id")
    page.click("[data-testid=model-matrix]")
    page.wait_for_selector("[data-testid=adoption]")
    assert "1 dari 10 kabupaten/kota" in page.locator("[data-testid=adopted-count]").inner_text()
    samarinda = page.locator("[data-testid=adoption] tr", has_text="Kota Samarinda")
    assert "Ditetapkan" in samarinda.inner_text() and "Perwali 30/2024" in samarinda.inner_text()
    assert "Difasilitasi" in page.locator("[data-testid=adoption] tr", has_text="Kota Balikpapan").inner_text()
    save_screenshot(page, "kelembagaan-1-model-matrix-id")

    # the same in English
    page.goto("/kelembagaan/")
    page.click("[data-testid=lang-en]")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.locator("[data-testid='adopted-64.72']").inner_text().strip() == "yes"
    save_screenshot(page, "kelembagaan-2-province-en")
    page.goto(f"/kelembagaan/regulasi/{model.pk}/matriks/")
    assert "Enacted" in page.locator("[data-testid=adoption] tr", has_text="Kota Samarinda").inner_text()
    save_screenshot(page, "kelembagaan-3-model-matrix-en")

    # the org chart prints
    response = page.request.get(f"/kelembagaan/struktur/{structure.pk}/bagan.pdf")
    assert response.ok and response.body().startswith(b"%PDF")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "kelembagaan-org-chart.pdf").write_bytes(response.body())
    page.goto(f"/kelembagaan/struktur/{structure.pk}/")
    assert page.locator("svg").first.is_visible()
    save_screenshot(page, "kelembagaan-4-structure-en")

    # --- the Bagian of Kota Palangka Raya: a converted post, then a mismatch on it ------------------
    _switch_user(page, browser_login, cast.bagian)
    page.goto("/kelembagaan/pemda/62.71/penyetaraan/")
    page.select_option("#id_opd", str(cast.pky_dinkes.pk))
    page.fill("#id_former_post", "Kepala Seksi Kesehatan Keluarga")
    page.select_option("#id_former_level", "pengawas")
    page.fill("#id_functional_position", "Administrator Kesehatan")
    page.fill("#id_person_name", "Rahmawati, S.KM")
    page.fill("#id_converted_on", "2022-01-03")
    page.fill("#id_decree_number", "821/12/BKPSDM/2022")
    page.click("main form button[type=submit] >> nth=0")
    page.wait_for_selector("text=Kepala Seksi Kesehatan Keluarga")
    conversion = PostConversion.objects.get()
    assert (conversion.functional_level, conversion.recorded_by_id) == ("Ahli Muda", cast.bagian.pk)
    save_screenshot(page, "kelembagaan-5-conversion-id")

    page.click("[data-testid=raise-mismatch]")
    page.select_option("#id_opd", str(cast.pky_dinkes.pk))
    page.select_option("#id_conversion", str(conversion.pk))
    page.fill("#id_post", "Administrator Kesehatan Ahli Muda")
    page.select_option("#id_kind", "education")
    page.fill("#id_description", "Pemangku berlatar pendidikan S1 Ekonomi, bukan kesehatan masyarakat.")
    page.click("main form button[type=submit]")
    page.wait_for_selector("[data-testid=mismatch-status]")
    mismatch = Mismatch.objects.get()
    assert mismatch.status == Mismatch.Status.RAISED and mismatch.conversion == conversion
    page.fill("#id_proposal", "Alih jabatan ke JF Analis Keuangan Pusat dan Daerah Ahli Muda.")
    page.click("text=Kirim usulan")
    page.wait_for_selector("[data-testid=mismatch-status]")
    mismatch.refresh_from_db()
    assert mismatch.status == Mismatch.Status.PROPOSED
    assert page.locator("text=Verifikasi Biro Organisasi").count() == 0  # only the Biro verifies

    # --- the Biro of Kalimantan Tengah resolves it -------------------------------------------------
    _switch_user(page, browser_login, cast.biro)
    page.goto(f"/kelembagaan/ketidaksesuaian/{mismatch.pk}/")
    page.select_option("#id_decision", "resolve")
    page.fill("#id_comment", "Sesuai hasil rakor; SK alih jabatan terbit Agustus 2025.")
    page.click("text=Simpan verifikasi")
    page.wait_for_selector("[data-testid=mismatch-status]")
    mismatch.refresh_from_db()
    assert (mismatch.status, mismatch.resolved_by_id) == (Mismatch.Status.RESOLVED, cast.biro.pk)
    save_screenshot(page, "kelembagaan-6-mismatch-resolved-id")
    page.goto("/kelembagaan/")
    row = page.locator("tr", has=page.locator("a[href='/kelembagaan/pemda/62.71/']"))
    assert re.search(r"\b0\b", row.inner_text())  # no open mismatch left for Palangka Raya
    assert console_errors == []
