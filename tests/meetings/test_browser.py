"""In a real browser: the Biro records a meeting with two follow-ups, an OPD admin closes one
with evidence, and the Biro's overdue list on the home page shrinks."""

import re

import pytest

from meetings.models import FollowUp, Meeting
from tests.fixtures.browser import ARTIFACTS, save_screenshot

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.browser
def test_biro_records_meeting_opd_closes_follow_up_overdue_list_changes(page, live_cast, browser_login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cast = live_cast

    # --- the Biro records the meeting -------------------------------------------------------
    browser_login(cast.biro)
    page.goto("/rapat/")
    page.click("[data-testid=meeting-create]")
    page.select_option("#id_organiser", str(cast.biro_kalteng.pk))
    page.select_option("#id_kind", "team")
    page.fill("#id_title", "Rapat Pembentukan Tim RB Berdampak")
    page.fill("#id_starts_at", "2025-01-30T09:00")
    page.fill("#id_ends_at", "2025-01-30T12:00")
    page.fill("#id_venue", "Ruang Rapat Biro Organisasi, Kantor Gubernur Kalteng")
    page.fill("#id_chair_name", "Betri Susilawati")
    page.fill("#id_chair_title", "Plt. Kepala Biro Organisasi")
    page.select_option("#id_invited_opds", [str(cast.dinkes.pk), str(cast.kominfo.pk), str(cast.inspektorat.pk)])
    page.select_option("#id_attending_opds", [str(cast.dinkes.pk), str(cast.kominfo.pk), str(cast.inspektorat.pk)])
    page.select_option("#id_status", "held")
    page.fill("#id_minutes", "<p>Pembentukan tim <strong>RB Berdampak</strong>; target 75 % rencana aksi tercapai pada TW III.</p><script>alert(1)</script>")
    page.fill("#id_agenda-0-title", "Pembukaan dan arahan")
    page.fill("#id_decisions-0-text", "Membentuk tim RB Berdampak dan tim admin portal KemenPAN-RB")
    # first follow-up in the first row; the second in a row added with "+ Tambah tindak lanjut"
    page.fill("#id_follow_ups-0-title", "Kirim blanko rencana aksi 2025 (Dinkes)")
    page.select_option("#id_follow_ups-0-opd", str(cast.dinkes.pk))
    page.fill("#id_follow_ups-0-due_date", "2025-02-14")
    page.click("[data-testid=add-follow_ups]")
    page.fill("#id_follow_ups-2-title", "Kirim blanko rencana aksi 2025 (Diskominfo)")
    page.select_option("#id_follow_ups-2-opd", str(cast.kominfo.pk))
    page.fill("#id_follow_ups-2-due_date", "2025-02-28")
    save_screenshot(page, "meetings-0-form")
    page.click("[data-testid=meeting-save]")
    page.wait_for_selector("[data-testid=meeting-title]")
    assert page.locator("[data-testid=follow-up-row]").count() == 2
    assert page.locator("[data-testid=overdue]").count() == 2
    assert "alert(1)" not in page.content()
    save_screenshot(page, "meetings-1-meeting-page")

    meeting = Meeting.objects.get()
    assert meeting.follow_ups.count() == 2

    # minutes PDF, kept for a look
    response = page.request.get(f"/rapat/{meeting.pk}/notulen.pdf")
    assert response.ok and response.body().startswith(b"%PDF")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "meetings-minutes.pdf").write_bytes(response.body())

    page.goto("/rapat/?view=calendar&month=2025-01")
    assert "Rapat Pembentukan Tim RB Berdampak" in page.locator("[data-testid=calendar]").inner_text()
    save_screenshot(page, "meetings-1b-calendar")
    page.goto("/rapat/")
    assert page.locator("[data-testid=meeting-table] tbody tr").count() == 1
    save_screenshot(page, "meetings-1c-list")

    page.goto("/")
    panel = page.locator("[data-testid=panel-overdue-follow-ups]")
    assert panel.locator("[data-testid=overdue-count]").inner_text().strip() == "2"
    assert "Kirim blanko rencana aksi 2025 (Dinkes)" in panel.inner_text()
    save_screenshot(page, "meetings-2-biro-home-before")

    # --- the OPD admin closes its follow-up with evidence -------------------------------------
    page.context.clear_cookies()
    browser_login(cast.opd_admin)
    page.goto("/rapat/tindak-lanjut/")
    rows = page.locator("[data-testid=follow-up-row]")
    assert rows.count() == 1  # only Dinkes' own item
    rows.first.locator("a", has_text="Perbarui").click()
    page.select_option("#id_status", "done")
    page.fill("#id_progress_note", "Blanko rencana aksi 2025 telah dikirim ke Biro Organisasi.")
    page.set_input_files("#id_evidence_file", files=[{"name": "blanko-ra-2025.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.click("[data-testid=follow-up-save]")
    page.wait_for_url(re.compile(r"/rapat/tindak-lanjut/\d+/$"))
    assert "Selesai" in page.locator("[data-testid=follow-up-status]").inner_text()
    save_screenshot(page, "meetings-3-opd-closed-follow-up")
    item = FollowUp.objects.get(opd=cast.dinkes)
    assert item.status == FollowUp.Status.DONE and item.evidence_file and item.closed_by == cast.opd_admin

    # --- the Biro's overdue list changed --------------------------------------------------------
    page.context.clear_cookies()
    browser_login(cast.biro)
    page.goto("/")
    panel = page.locator("[data-testid=panel-overdue-follow-ups]")
    assert panel.locator("[data-testid=overdue-count]").inner_text().strip() == "1"
    text = panel.inner_text()
    assert "Kirim blanko rencana aksi 2025 (Dinkes)" not in text
    assert "Kirim blanko rencana aksi 2025 (Diskominfo)" in text
    save_screenshot(page, "meetings-4-biro-home-after")
