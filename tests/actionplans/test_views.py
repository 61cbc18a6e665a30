"""Pages: scope (404 outside, 403 read-only), the blank upload flow, report workflow by POST."""

import io

import openpyxl
import pytest
from django.urls import reverse

from actionplans import services
from actionplans.blank import build_blank
from actionplans.models import ActionPlan, Evidence, ImportLog, ProgressReport

from .blank_helpers import ROW, as_upload, fill
from .factories import make_plan, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(cast):
    plan = make_plan(cast.dinkes, "RA-01")
    make_report(plan, 3, 70, "submitted")
    return plan


def test_other_agencies_get_404(cast, login, plan):
    report = plan.reports.get()
    evidence = Evidence.objects.create(report=report, label="x", url="https://example.org")
    urls = [
        reverse("actionplans:detail", args=[plan.pk]),
        reverse("actionplans:edit", args=[plan.pk]),
        reverse("actionplans:report", args=[plan.pk, 3]),
        reverse("actionplans:opd", args=[cast.dinkes.pk]),
        reverse("actionplans:blank", args=[cast.dinkes.pk]),
        reverse("actionplans:create", args=[cast.dinkes.pk]),
        reverse("actionplans:evidence", args=[evidence.pk]),
    ]
    for user in (cast.opd_admin_other, cast.biro_other, cast.bagian, cast.inspector_other, cast.nobody):
        client = login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
    client = login(cast.biro_other)
    assert client.post(reverse("actionplans:report_action", args=[plan.pk, 3]), {"action": "verify"}).status_code == 404
    assert client.get(reverse("actionplans:matrix") + f"?pemda={cast.kalteng.pk}").status_code == 404


def test_read_only_roles_see_but_cannot_edit(cast, login, plan):
    for user in (cast.leader, cast.inspector, cast.observer):
        client = login(user)
        assert client.get(reverse("actionplans:detail", args=[plan.pk])).status_code == 200
        assert client.get(reverse("actionplans:edit", args=[plan.pk])).status_code == 403
        assert client.get(reverse("actionplans:create", args=[cast.dinkes.pk])).status_code == 403
        response = client.post(reverse("actionplans:report_action", args=[plan.pk, 3]), {"action": "verify"})
        assert response.status_code == 403
        assert ProgressReport.objects.get(plan=plan).status == "submitted"


def test_opd_admin_creates_and_edits_a_plan(cast, login, kegiatan_utama):
    client = login(cast.opd_admin)
    from actionplans.models import Theme

    theme = Theme.objects.get(programme__year=2025, code="G4")
    data = {**{k: v for k, v in ROW.items() if k not in ("theme", "target_mode", "due_date")}, "theme": theme.pk,
            "kegiatan_utama": kegiatan_utama.pk,
            "target_mode": "cumulative", "annual_target": "100", "target_q1": "12,5", "target_q2": "37,5", "target_q3": "75",
            "target_q4": "100", "budget": "1250000", "weight": "2", "tahun": "2025", "due_date": "2025-09-30"}
    response = client.post(reverse("actionplans:create", args=[cast.dinkes.pk]) + "?tahun=2025", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = ActionPlan.objects.get(code="RA-01")
    assert str(plan.target_q1) == "12.50" and plan.year == 2025
    response = client.post(reverse("actionplans:edit", args=[plan.pk]), {**data, "indicator": "Baru"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.indicator == "Baru" and plan.history.count() == 2


def test_blank_download_upload_preview_confirm(cast, login, kegiatan_utama):
    client = login(cast.opd_admin)
    response = client.get(reverse("actionplans:blank", args=[cast.dinkes.pk]) + "?tahun=2025")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb["Identitas"]["B4"].value == "DINKES"
    upload = fill(response.content, [ROW])
    response = client.post(reverse("actionplans:upload", args=[cast.dinkes.pk]), {"tahun": "2025", "file": as_upload(upload)})
    log = ImportLog.objects.get()
    assert response.url == reverse("actionplans:import", args=[log.pk])
    page = client.get(response.url).content.decode()
    assert "RA-01" in page and "1 baru" in page and ActionPlan.objects.count() == 0
    assert client.get(reverse("actionplans:import_file", args=[log.pk])).status_code == 200
    response = client.post(reverse("actionplans:import_commit", args=[log.pk]))
    assert response.status_code == 302 and ActionPlan.objects.count() == 1
    # confirming twice does nothing more
    client.post(reverse("actionplans:import_commit", args=[log.pk]))
    assert ActionPlan.objects.count() == 1
    assert login(cast.opd_admin_other).get(reverse("actionplans:import", args=[log.pk])).status_code == 404


def test_bad_blank_shows_errors_by_row_and_column(cast, login):
    client = login(cast.opd_admin)
    upload = fill(build_blank(cast.dinkes, 2025), [{**ROW, "target_q3": "12,5,0"}])
    response = client.post(reverse("actionplans:upload", args=[cast.dinkes.pk]), {"tahun": "2025", "file": as_upload(upload)}, follow=True)
    page = response.content.decode()
    assert "Baris 5, kolom Target TW III: &#x27;12,5,0&#x27; bukan angka" in page
    assert "import-confirm" not in page and ActionPlan.objects.count() == 0


def test_confirming_a_refused_import_says_why_and_saves_nothing(cast, login):
    client = login(cast.opd_admin)
    upload = fill(build_blank(cast.dinkes, 2025), [{**ROW, "target_q3": "12,5,0"}])
    client.post(reverse("actionplans:upload", args=[cast.dinkes.pk]), {"tahun": "2025", "file": as_upload(upload)})
    log = ImportLog.objects.get()
    response = client.post(reverse("actionplans:import_commit", args=[log.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("actionplans:import", args=[log.pk])
    assert "Impor ini sudah diproses atau ditolak; unggah ulang blanko." in response.content.decode()
    assert ActionPlan.objects.count() == 0


def test_a_blank_that_fails_when_confirmed_is_refused_whole(cast, login, kegiatan_utama, monkeypatch):
    """The rows were valid in the preview but not when saved (the service rolled back): the user is
    told that nothing was saved, on the preview page."""
    client = login(cast.opd_admin)
    upload = fill(build_blank(cast.dinkes, 2025), [ROW])
    client.post(reverse("actionplans:upload", args=[cast.dinkes.pk]), {"tahun": "2025", "file": as_upload(upload)})
    log = ImportLog.objects.get()
    monkeypatch.setattr(services, "commit_import", lambda log, by: services.ImportOutcome(log=log, errors=["x"]))
    response = client.post(reverse("actionplans:import_commit", args=[log.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("actionplans:import", args=[log.pk])
    assert "Blanko ditolak; tidak ada data yang disimpan." in response.content.decode()
    assert ActionPlan.objects.count() == 0


def test_wrong_file_type_is_refused_by_the_form(cast, login):
    client = login(cast.opd_admin)
    response = client.post(
        reverse("actionplans:upload", args=[cast.dinkes.pk]), {"tahun": "2025", "file": as_upload(b"hello", "blanko.csv")}, follow=True
    )
    assert "Jenis berkas .csv tidak diterima" in response.content.decode()
    assert not ImportLog.objects.exists()


def test_report_submit_return_verify_by_post(cast, login):
    plan = make_plan(cast.dinkes, "RA-02")
    client = login(cast.opd_admin)
    url = reverse("actionplans:report", args=[plan.pk, 3])
    client.post(url, {"realisation": "70,5", "narrative": "Berjalan", "obstacles": "", "solutions": "", "submit": "1"})
    report = ProgressReport.objects.get(plan=plan, quarter=3)
    assert report.status == "submitted" and str(report.realisation) == "70.50"
    client.post(reverse("actionplans:evidence_add", args=[plan.pk, 3]), {"label": "x", "url": "https://example.org"})
    assert report.evidence.count() == 0  # submitted: locked for evidence
    biro = login(cast.biro)
    action = reverse("actionplans:report_action", args=[plan.pk, 3])
    biro.post(action, {"action": "return", "comment": ""})
    assert ProgressReport.objects.get(pk=report.pk).status == "submitted"  # a comment is required
    biro.post(action, {"action": "return", "comment": "Tambahkan bukti"})
    assert ProgressReport.objects.get(pk=report.pk).status == "returned"
    client = login(cast.opd_admin)
    assert "Tambahkan bukti" in client.get(url).content.decode()
    client.post(reverse("actionplans:evidence_add", args=[plan.pk, 3]), {"label": "Notulen", "url": "https://example.org/n"})
    client.post(url, {"realisation": "75", "narrative": "Berjalan", "obstacles": "", "solutions": "", "submit": "1"})
    login(cast.biro).post(action, {"action": "verify"})
    report.refresh_from_db()
    assert report.status == "verified" and report.evidence.count() == 1
    # locked: the OPD's POST changes nothing
    assert login(cast.opd_admin).post(url, {"realisation": "1"}).status_code == 403
    assert ProgressReport.objects.get(pk=report.pk).realisation == 75


def test_evidence_file_download_is_scoped(cast, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    plan = make_plan(cast.dinkes, "RA-03")
    client = login(cast.opd_admin)
    pdf = SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    client.post(reverse("actionplans:evidence_add", args=[plan.pk, 3]), {"label": "Bukti", "file": pdf})
    evidence = Evidence.objects.get()
    response = client.get(reverse("actionplans:evidence", args=[evidence.pk]))
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert login(cast.opd_admin_other).get(reverse("actionplans:evidence", args=[evidence.pk])).status_code == 404


def test_export_is_neutralised_and_scoped(cast, login):
    plan = make_plan(cast.dinkes, "RA-01", indicator="=HYPERLINK(\"http://x\")")
    make_plan(cast.dinkes, "RA-02", theme_code="B2", goal="@SUM(1)")
    make_report(plan, 1, 20, "verified", obstacles="+cmd")
    response = login(cast.biro).get(reverse("actionplans:export") + f"?pemda={cast.kalteng.pk}&tahun=2025")
    assert response.streaming and response["X-Content-Type-Options"] == "nosniff"
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert wb.sheetnames == ["Kegiatan Utama", "RA RB General", "Tema dan Sasaran Tematik", "RA RB Tematik", "Realisasi per Triwulan"]
    general = list(wb["RA RB General"].iter_rows(min_row=3, values_only=True))
    assert len(general) == 1 and general[0][10] == "'=HYPERLINK(\"http://x\")" and "'+cmd" in general[0]
    # the plan's own goal text (its sasaran tematik, when linked, is on "Tema dan Sasaran Tematik")
    assert list(wb["RA RB Tematik"].iter_rows(min_row=3, values_only=True))[0][7] == "'@SUM(1)"
    assert login(cast.biro_other).get(reverse("actionplans:export") + f"?pemda={cast.kalteng.pk}").status_code == 404


def test_national_observer_opens_on_a_province_with_plans(cast, login):
    make_plan(cast.kaltim_dinkes, "RA-01")
    response = login(cast.observer).get(reverse("actionplans:targets"))
    assert response.status_code == 200 and response.context["pemda"] == cast.kaltim
    assert login(cast.observer).get(reverse("actionplans:target_edit")).status_code == 403


def test_other_agencies_get_404_on_posts_and_biro_pages(cast, login, plan):
    report = plan.reports.get()
    evidence = Evidence.objects.create(report=report, label="x", url="https://example.org")
    log = ImportLog.objects.create(opd=cast.dinkes, year=2025, by=cast.opd_admin)
    client = login(cast.opd_admin_other)
    for url in [
        reverse("actionplans:upload", args=[cast.dinkes.pk]),
        reverse("actionplans:import_commit", args=[log.pk]),
        reverse("actionplans:evidence_delete", args=[evidence.pk]),
        reverse("actionplans:evidence_add", args=[plan.pk, 3]),
    ]:
        assert client.post(url).status_code == 404, url
    assert client.get(reverse("actionplans:import_file", args=[log.pk])).status_code == 404
    client = login(cast.biro_other)
    for name in ("targets", "not_reported", "target_edit"):
        assert client.get(reverse(f"actionplans:{name}") + f"?pemda={cast.kalteng.pk}").status_code == 404, name
    assert client.get(reverse("actionplans:queue")).context["reports"] == []
    assert Evidence.objects.filter(pk=evidence.pk).exists()
