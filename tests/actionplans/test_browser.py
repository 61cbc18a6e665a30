"""Browser: the OPD admin's blank round trip and TW III report, the Biro's return and verification,
and the target widget moving with them. Screenshots go to artifacts/actionplans-*.png."""

import re

import openpyxl
import pytest

from tests.fixtures.browser import save_screenshot

from .blank_helpers import ROW, fill

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
