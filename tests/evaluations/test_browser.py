"""End to end in headless Chromium: an OPD answers a recommendation, the inspector returns it,
then closes it, and the Biro's completion figure moves from 0 % to 100 %."""

import datetime
from decimal import Decimal

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def evaluation(live_cast):
    from evaluations import services
    from evaluations.frameworks import seed_frameworks

    seed_frameworks()  # transactional tests flush the rows the data migrations created
    c = live_cast
    for year, total in ((2022, "61.30"), (2023, "66.80")):
        services.record_lhe(pemda=c.kalteng, year=year, kind="eksternal", date=datetime.date(year + 1, 2, 20),
                            index_entered=Decimal(total), by=c.biro)
    lhe = services.record_lhe(pemda=c.kalteng, year=2024, kind="internal", date=datetime.date(2025, 3, 20), by=c.biro)
    nodes = {n.code: n for n in lhe.framework.nodes.filter(kind="kriteria")}
    services.set_scores(lhe, {node: node.max_score * Decimal("0.6") for node in nodes.values()}, by=c.biro)
    finding = services.add_finding(lhe, description="SOP pelayanan belum dievaluasi.", node=nodes["G.B.1"].parent, by=c.biro)
    rec = services.add_recommendation(
        finding, text="Evaluasi dan tetapkan ulang SOP pelayanan kesehatan.", opds=[c.dinkes],
        due_date=datetime.date(2099, 6, 30), by=c.biro,
    )
    return lhe, rec


def switch_user(page, browser_login, user):
    page.context.clear_cookies()
    browser_login(user)


def completion_of(page, opd_code):
    page.goto("/evaluasi/penyelesaian/")
    return page.get_by_test_id(f"completion-{opd_code}").get_by_test_id("percent").inner_text()


def test_opd_answers_inspector_returns_then_closes(page, live_cast, evaluation, browser_login, screenshot, tmp_path):
    lhe, rec = evaluation
    evidence = tmp_path / "SK SOP Dinkes.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

    switch_user(page, browser_login, live_cast.biro)
    assert completion_of(page, "DINKES") == "0 %"
    screenshot("evaluations-completion-before")
    page.goto(f"/evaluasi/lhe/{lhe.pk}/")
    assert page.get_by_test_id("trend-chart").is_visible()
    screenshot("evaluations-lhe-detail")
    page.goto(f"/evaluasi/lhe/{lhe.pk}/simulasi/")
    screenshot("evaluations-simulator")
    page.goto("/evaluasi/")
    screenshot("evaluations-lhe-list")

    # The OPD admin answers with evidence.
    switch_user(page, browser_login, live_cast.opd_admin)
    page.goto("/evaluasi/rekomendasi/")
    page.get_by_role("link", name=rec.text).click()
    page.fill("#id_narrative", "SOP pelayanan dievaluasi dan ditetapkan ulang dengan SK Kepala Dinas.")
    page.set_input_files("#id_evidence", str(evidence))
    page.get_by_role("button", name="Ajukan ke Inspektorat").click()
    assert page.get_by_test_id("rec-status").inner_text() == "Diajukan"
    screenshot("evaluations-opd-answered")

    # The inspector returns it with a comment.
    switch_user(page, browser_login, live_cast.inspector)
    page.goto("/evaluasi/telaah/")
    page.get_by_role("link", name=rec.text).click()
    page.get_by_label("Kembalikan untuk diperbaiki").check()
    page.fill("#id_comment", "Lampirkan daftar hadir sosialisasi SOP.")
    page.get_by_role("button", name="Kirim telaah").click()
    assert page.get_by_test_id("rec-status").inner_text() == "Dikembalikan"
    screenshot("evaluations-inspector-returned")

    # The OPD answers again; the inspector closes it.
    switch_user(page, browser_login, live_cast.opd_admin)
    page.goto(f"/evaluasi/rekomendasi/{rec.pk}/")
    assert "Lampirkan daftar hadir sosialisasi SOP." in page.content()
    page.fill("#id_narrative", "Daftar hadir sosialisasi SOP dilampirkan.")
    page.set_input_files("#id_evidence", str(evidence))
    page.get_by_role("button", name="Ajukan ke Inspektorat").click()
    assert page.get_by_test_id("rec-status").inner_text() == "Diajukan"

    switch_user(page, browser_login, live_cast.inspector)
    page.goto(f"/evaluasi/rekomendasi/{rec.pk}/")
    page.get_by_label("Terima dan tutup").check()
    page.get_by_role("button", name="Kirim telaah").click()
    assert page.get_by_test_id("rec-status").inner_text() == "Selesai"
    assert page.get_by_test_id("history").locator("tbody tr").count() == 5
    screenshot("evaluations-inspector-closed")

    switch_user(page, browser_login, live_cast.biro)
    assert completion_of(page, "DINKES") == "100 %"
    screenshot("evaluations-completion-after")
