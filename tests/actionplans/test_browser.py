"""Browser: the OPD admin's blank round trip and TW III report, the Biro's return and verification,
and the target widget moving with them. Screenshots go to artifacts/actionplans-*.png."""

import re

import openpyxl
import pytest

from tests.fixtures.browser import save_screenshot

from .blank_helpers import ROW, fill
from .factories import make_kegiatan_utama, make_plan, make_sasaran_tematik

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _target(page, cast):
    page.goto(f"/rencana-aksi/target/?pemda={cast.kalteng.pk}&tahun=2025&tw=3")
    return page.get_by_test_id("target-actual").inner_text().strip()


def test_blank_round_trip_report_return_verify(page, live_cast, browser_login, tmp_path):
    from actionplans.models import ActionPlan, ProgressReport
    from actionplans.reference import seed_reference

    seed_reference()  # a transactional test before this one may have flushed the migration's rows
    cast = live_cast
    make_kegiatan_utama(cast.kalteng)  # the sample row's KU-01: a new RB General plan needs one

    # OPD admin: download the blank, fill it, upload, preview, confirm
    browser_login(cast.opd_admin)
    page.goto(f"/rencana-aksi/opd/{cast.dinkes.pk}/?tahun=2025&tw=3")
    with page.expect_download() as download_info:
        page.get_by_test_id("blank-download").click()
    blank_path = tmp_path / "blanko.xlsx"
    download_info.value.save_as(blank_path)
    assert openpyxl.load_workbook(blank_path)["Identitas"]["B4"].value == "DINKES"
    filled = tmp_path / "blanko-terisi.xlsx"
    filled.write_bytes(fill(blank_path.read_bytes(), [ROW]).getvalue())
    page.set_input_files("input[name=file]", str(filled))
    page.get_by_test_id("blank-upload").click()
    page.wait_for_url(re.compile(r"/rencana-aksi/impor/\d+/$"))
    assert "1 baru" in page.get_by_test_id("import-counts").inner_text()
    assert "RA-01" in page.get_by_test_id("preview-rows").inner_text()
    save_screenshot(page, "actionplans-1-preview")
    assert not ActionPlan.objects.exists()
    page.get_by_test_id("import-confirm").click()
    page.wait_for_url(re.compile(r"/rencana-aksi/opd/\d+/"))
    assert "Blanko tersimpan: 1 baru" in page.content()
    save_screenshot(page, "actionplans-2-plans")
    plan = ActionPlan.objects.get()
    assert plan.target_q3 == 75 and plan.budget == 1250000

    # OPD admin: TW III report with a file as evidence, then submit
    page.goto(f"/rencana-aksi/{plan.pk}/tw/3/")
    evidence = tmp_path / "notulen.pdf"
    evidence.write_bytes(PDF)
    page.fill("#id_label", "Notulen rapat SPBE")
    page.set_input_files("#id_file", str(evidence))
    page.get_by_test_id("evidence-add").click()
    page.wait_for_selector("text=Data dukung ditambahkan.")
    page.fill("#id_realisation", "75")
    page.fill("#id_narrative", "Seluruh layanan administrasi prioritas sudah daring.")
    page.get_by_test_id("report-submit").click()
    page.wait_for_selector("text=diajukan untuk verifikasi")
    assert page.get_by_test_id("report-status").inner_text() == "Diajukan"
    assert "Notulen rapat SPBE" in page.get_by_test_id("evidence").inner_text()
    save_screenshot(page, "actionplans-3-submitted")

    # Biro: the widget counts the submitted report; return it with a comment
    browser_login(cast.biro)
    assert _target(page, cast) == "100 %"
    save_screenshot(page, "actionplans-4-target-before")
    page.goto("/rencana-aksi/verifikasi/")
    page.get_by_test_id("queue").get_by_role("link", name="Periksa").click()
    page.fill("#id_comment", "Lampirkan daftar hadir rapat.")
    page.get_by_test_id("return").click()
    page.wait_for_selector("text=dikembalikan")
    save_screenshot(page, "actionplans-5-returned")
    assert ProgressReport.objects.get().status == "returned"
    assert _target(page, cast) == "0 %"

    # OPD admin sees the comment and submits again
    browser_login(cast.opd_admin)
    page.goto(f"/rencana-aksi/{plan.pk}/tw/3/")
    assert "Lampirkan daftar hadir rapat." in page.get_by_test_id("review-comment").inner_text()
    page.get_by_test_id("report-submit").click()
    page.wait_for_selector("text=diajukan untuk verifikasi")

    # Biro verifies: locked, and the widget is back at 100 %
    browser_login(cast.biro)
    page.goto(f"/rencana-aksi/{plan.pk}/tw/3/")
    page.get_by_test_id("verify").click()
    page.wait_for_selector("text=diverifikasi")
    assert page.get_by_test_id("report-status").inner_text() == "Terverifikasi"
    save_screenshot(page, "actionplans-6-verified")
    assert _target(page, cast) == "100 %"
    save_screenshot(page, "actionplans-7-target-after")
    page.goto(f"/rencana-aksi/matriks/?pemda={cast.kalteng.pk}&tahun=2025&tw=3")
    save_screenshot(page, "actionplans-8-matrix")
    assert ProgressReport.objects.get().status == "verified"


def test_portal_rb_reference_pages_plan_form_and_page_in_both_languages(page, live_cast, browser_login):
    from actionplans.models import ActionPlan, KegiatanUtama, Theme
    from actionplans.reference import seed_reference

    seed_reference()
    cast = live_cast
    make_sasaran_tematik(cast.kalteng, name="Meningkatnya realisasi investasi daerah")
    make_plan(cast.kominfo, "RA-LAMA")  # a plan from before kegiatan utama: no link yet

    # the Biro adds a kegiatan utama on its page
    browser_login(cast.biro)
    page.goto(f"/rencana-aksi/kegiatan-utama/?pemda={cast.kalteng.pk}&tahun=2025")
    page.fill("#id_code", "KU-01")
    page.fill("#id_name", "Penerapan SPBE dan tata laksana")
    page.fill("#id_indicator", "Indeks SPBE")
    page.fill("#id_unit", "nilai")
    page.fill("#id_target", "3,5")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(re.compile(r"/rencana-aksi/kegiatan-utama/\?pemda="))
    assert "Penerapan SPBE" in page.get_by_test_id("kegiatan-utama").inner_text()
    assert "3,50" in page.get_by_test_id("kegiatan-utama").inner_text()
    save_screenshot(page, "portalrb-kegiatan-utama-id")
    page.get_by_test_id("lang-en").click()
    save_screenshot(page, "portalrb-kegiatan-utama-en")
    page.get_by_test_id("lang-id").click()
    page.goto(f"/rencana-aksi/sasaran-tematik/?pemda={cast.kalteng.pk}&tahun=2025")
    assert "realisasi investasi" in page.get_by_test_id("sasaran-tematik").inner_text()
    save_screenshot(page, "portalrb-sasaran-tematik-id")

    # the OPD admin plans under it
    browser_login(cast.opd_admin)
    page.goto(f"/rencana-aksi/opd/{cast.dinkes.pk}/baru/?tahun=2025")
    page.fill("#id_code", "RA-01")
    page.select_option("#id_theme", str(Theme.objects.get(programme__year=2025, code="G4").pk))
    page.select_option("#id_kegiatan_utama", str(KegiatanUtama.objects.get().pk))
    page.fill("#id_goal", "Tata kelola SPBE terpadu")
    page.fill("#id_indicator", "Persentase layanan daring")
    page.fill("#id_unit", "%")
    page.fill("#id_formula", "layanan daring / seluruh layanan x 100%")
    page.fill("#id_baseline", "42,5")
    page.fill("#id_output_indicator", "Jumlah layanan yang dimigrasi")
    page.fill("#id_output_unit", "layanan")
    page.fill("#id_coordinators", "Biro Organisasi\nDiskominfo")
    page.fill("#id_implementers", "Dinas Kesehatan\nRSUD dr. Doris Sylvanus")
    for field, value in (("annual_target", "100"), ("target_q1", "25"), ("target_q2", "50"), ("target_q3", "75"),
                         ("target_q4", "100"), ("budget", "1250000"), ("budget_source", "APBD"), ("weight", "1")):
        page.fill(f"#id_{field}", value)
    save_screenshot(page, "portalrb-plan-form-id")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(re.compile(r"/rencana-aksi/\d+/$"))
    plan = ActionPlan.objects.get(code="RA-01")
    assert plan.baseline == 42.5 and plan.implementer_list == ["Dinas Kesehatan", "RSUD dr. Doris Sylvanus"]
    assert "KU-01" in page.get_by_test_id("kegiatan-utama").inner_text()
    assert "Diskominfo" in page.get_by_test_id("coordinators").inner_text()
    save_screenshot(page, "portalrb-plan-id")
    page.get_by_test_id("lang-en").click()
    save_screenshot(page, "portalrb-plan-en")
    page.goto(f"/rencana-aksi/{plan.pk}/ubah/")
    save_screenshot(page, "portalrb-plan-form-en")
    page.get_by_test_id("lang-id").click()

    # a plan from before: shown, marked as not yet linked
    browser_login(cast.biro)
    page.goto(f"/rencana-aksi/{ActionPlan.objects.get(code='RA-LAMA').pk}/")
    assert "Belum ditautkan" in page.get_by_test_id("kegiatan-utama").inner_text()
