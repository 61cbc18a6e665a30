"""The printed figures are the database's, on the hand-made example in example.py."""

import io
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from reports import services
from reports.models import Report

from .example import make_example

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "reports"


def pdf_text(data):
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


def page_one_png(name, data):
    """Page 1 as a PNG test artifact (artifacts/reports/<name>-1.png)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf_path = ARTIFACTS / f"{name}.pdf"
    pdf_path.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "2", str(pdf_path), str(ARTIFACTS / name)],
                   check=True)
    assert any(ARTIFACTS.glob(f"{name}-*1.png"))


def generate(kind, by, django_capture_on_commit_callbacks, **where):
    with django_capture_on_commit_callbacks(execute=True):
        report, _ = services.request_report(kind=kind, year=2025, quarter=3, by=by, **where)
    report.refresh_from_db()
    assert report.status == Report.Status.DONE, report.failure_reason
    return report.file.read()


def test_the_opd_report_prints_the_plans_figures_and_signer(cast, media, django_capture_on_commit_callbacks):
    make_example(cast)
    data = generate(Report.Kind.OPD, cast.opd_admin, django_capture_on_commit_callbacks, opd=cast.dinkes)
    page_one_png("opd-report", data)
    text = pdf_text(data)

    assert "LAPORAN TRIWULAN III" in text and "Tahun 2025" in text
    assert "Dinas Kesehatan Provinsi Kalimantan Tengah" in text
    # each TW cell prints target then realisation; then achievement, status, evidence count
    # RA-01 cumulative: 80 / 75 -> 100 % (capped), tercapai, 2 pieces of evidence
    assert "Akumulatif 25,00 25,00 50,00 50,00 75,00 80,00 100,00 – 100 % ✓ Terverifikasi 2" in text
    # RA-02 per quarter: (10 + 5 + 10) / 30 = 83,3 %, submitted
    assert "10,00 10,00 10,00 5,00 10,00 10,00 10,00 – 83,3 % Diajukan 0" in text
    # RA-03: its TW III realisation was returned, so it does not count: 0 %
    assert "3,00 – 6,00 – 9,00 9,00 12,00 – 0 % Dikembalikan 0" in text
    # weighted average (100 + 83,33 + 0) / 3
    assert "61,1 %" in text
    # summary: 3 plans, 1 tercapai = 33,3 %
    assert "33,3 %" in text
    # the returned plan is listed with the verifier's comment; obstacles with their solution
    assert "Lengkapi data dukung berita acara." in text
    assert "Jaringan internet puskesmas belum stabil." in text and "Kerja sama dengan Diskominfo" in text
    assert "Akumulatif" in text and "Per triwulan" in text
    # signature block
    assert "Palangka Raya, 30 September 2025" in text
    assert "Kepala Dinas Kesehatan Provinsi Kalimantan Tengah" in text
    assert "dr. Suyuti Syamsul, MPPM" in text and "NIP. 196504121992031009" in text


def test_the_province_pack_prints_the_province_figures_and_the_biro_signer(cast, media,
                                                                           django_capture_on_commit_callbacks):
    make_example(cast)
    data = generate(Report.Kind.PROVINCE, cast.biro, django_capture_on_commit_callbacks, pemda=cast.kalteng)
    page_one_png("province-pack", data)
    text = pdf_text(data)

    assert "PEMERINTAH PROVINSI KALIMANTAN TENGAH" in text
    # 2 of 4 plans tercapai by TW III = 50 %, against the 75 % target
    assert "50 %" in text and "≥ 75 %" in text and "belum tercapai" in text
    assert "2 / 4" in text
    # reporting rate: 1 of 4 OPDs
    assert "25 %" in text and "1 dari 4 perangkat daerah" in text
    # OPDs that have not reported, ranking, annex pages of both OPDs with plans
    assert "Inspektorat Provinsi Kalimantan Tengah" in text
    assert text.count("Dinas Komunikasi, Informatika, Persandian dan Statistik") >= 2
    assert "Lampiran" in text
    # signature of the Kepala Biro Organisasi
    assert "Kepala Biro Organisasi Setda Provinsi Kalimantan Tengah" in text
    assert "Drs. Ahmad Yani, M.Si." in text and "NIP. 197001011990031001" in text
    total = len(PdfReader(io.BytesIO(data)).pages)
    assert f"Halaman {total} dari {total}" in text


def test_user_text_reaching_the_pdf_is_never_fetched(cast, media, django_capture_on_commit_callbacks, monkeypatch):
    """Obstacles, comments and names are user input: hostile URLs in them stay text."""
    from reformportal import pdf

    from .example import plan, report

    p = plan(cast.dinkes, "RA-09", "B3", [1, 2, 3, 4], indicator='<img src="file:///etc/passwd">')
    report(p, 3, 3, "verified", obstacles='<link rel="stylesheet" href="http://169.254.169.254/latest/">',
           solutions="<object data='https://example.org/x.svg'></object>")
    cast.dinkes.head_name = '<img src="http://169.254.169.254/">'
    cast.dinkes.save()
    asked = []
    fetcher_class = pdf._fetcher_class()
    original = fetcher_class.fetch

    def recording(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(fetcher_class, "fetch", recording)
    data = generate(Report.Kind.OPD, cast.biro, django_capture_on_commit_callbacks, opd=cast.dinkes)

    # the hostile markup is escaped text, so WeasyPrint never even asks for those URLs
    assert all(url.startswith("file:///static/") for url in asked), asked
    text = pdf_text(data)
    assert "root:x:0:0" not in text
    typed = text.replace(" ", "")  # wrapped lines split long words
    assert '<imgsrc="file:///etc/passwd">' in typed and "http://169.254.169.254/latest/" in typed


def test_an_english_requester_gets_english_dates_and_numbers(cast, media, login, django_capture_on_commit_callbacks):
    make_example(cast)
    client = login(cast.biro)
    client.cookies["django_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/laporan/", {"kind": "opd", "opd": cast.dinkes.pk, "year": 2025, "quarter": 3})
    report = Report.objects.get()
    assert report.language == "en" and report.status == Report.Status.DONE, report.failure_reason
    text = pdf_text(report.file.read())
    assert "Palangka Raya, September 30, 2025" in text
    assert "83.3 %" in text and "100.00" in text


def test_the_pack_lists_open_lhe_recommendations_and_overdue_meeting_follow_ups(cast, media,
                                                                                django_capture_on_commit_callbacks):
    """Read through evaluations.selectors.open_recommendations and meetings.selectors.overdue_follow_ups_for_pemda."""
    import datetime

    from evaluations.models import Finding, Framework, Lhe, Recommendation
    from meetings.models import FollowUp, Meeting

    make_example(cast)
    lhe = Lhe.objects.create(pemda=cast.kalteng, year=2024, kind=Lhe.Kind.INTERNAL,
                             framework=Framework.objects.order_by("-year_from").first(), date=datetime.date(2025, 3, 1))
    finding = Finding.objects.create(lhe=lhe, number=1, description="Peta proses bisnis belum ditetapkan.")
    recommendation = Recommendation.objects.create(lhe=lhe, finding=finding, number=1, due_date=datetime.date(2025, 8, 31),
                                                   text="Tetapkan peta proses bisnis dengan peraturan gubernur.")
    recommendation.opds.add(cast.biro_kalteng)
    start = datetime.datetime(2025, 7, 10, 9, tzinfo=datetime.UTC)
    meeting = Meeting.objects.create(pemda=cast.kalteng, title="Rakor RB Triwulan II", starts_at=start,
                                     ends_at=start + datetime.timedelta(hours=2))
    item = FollowUp.objects.create(meeting=meeting, title="Kirim data dukung rencana aksi RB Berdampak", opd=cast.dinkes,
                                   due_date=datetime.date(2025, 8, 15))
    # the pack shows what was overdue at the end of the triwulan, so the item must exist by then
    FollowUp.objects.filter(pk=item.pk).update(created_at=start)

    text = pdf_text(generate(Report.Kind.PROVINCE, cast.biro, django_capture_on_commit_callbacks, pemda=cast.kalteng))
    assert "Rekomendasi LHE yang belum selesai" in text
    assert "Tetapkan peta proses bisnis dengan peraturan gubernur." in text
    assert "Tindak lanjut rapat yang melewati tenggat" in text
    assert "Kirim data dukung rencana aksi RB Berdampak" in text and "Rakor RB Triwulan II" in text
    assert "15 Agustus 2025" in text


def test_the_pack_has_a_kelembagaan_annex_and_counts_objections(cast, media, django_capture_on_commit_callbacks):
    """institutions.selectors.province_view as an annex section, evaluations.selectors.objection_counts
    in section IV; both read as the province Pemda's scope (a Kaltim regulation is not printed)."""
    import datetime
    from decimal import Decimal

    from evaluations.models import FrameworkNode, Lhe, Objection
    from institutions.models import Regulation

    make_example(cast)
    Regulation.objects.create(pemda=cast.palangkaraya, kind=Regulation.Kind.PERKADA_WORK_SYSTEM, status="enacted",
                              subject="Sistem kerja setelah penyederhanaan birokrasi", number="12",
                              enacted_on=datetime.date(2025, 6, 2))
    Regulation.objects.create(pemda=cast.kaltim, kind=Regulation.Kind.PERDA_SOTK, status="enacted", subject="SOTK")
    lhe = Lhe.objects.create(pemda=cast.kalteng, year=2024, kind=Lhe.Kind.INTERNAL,
                             framework=FrameworkNode.objects.first().framework, date=datetime.date(2025, 3, 1))
    node = lhe.framework.nodes.first()
    objections = {cast.dinkes: Objection.Status.OPEN, cast.kominfo: Objection.Status.OPEN,
                  cast.inspektorat: Objection.Status.REJECTED}
    for opd, status in objections.items():
        Objection.objects.create(lhe=lhe, node=node, opd=opd, argument="Sudah ditetapkan.", status=status,
                                 submitted_by=cast.opd_admin, old_value=Decimal("50"))

    data = generate(Report.Kind.PROVINCE, cast.biro, django_capture_on_commit_callbacks, pemda=cast.kalteng)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "province-pack-kelembagaan.pdf").write_bytes(data)  # a test artifact, to look at
    text = pdf_text(data)
    assert "Keberatan atas nilai evaluasi internal: 3 (2 terbuka, 0 diterima, 1 ditolak)." in text
    annex = text[text.index("Lampiran kelembagaan"):]
    assert "Pemerintah provinsi dan kabupaten/kota" in annex and "Perangkat daerah provinsi" in annex
    # one row per Pemda of the province (regulations enacted: Palangka Raya's 1), one per provincial agency
    assert re.search(r"Kota Palangkaraya – 0 – 0 1 0 belum", annex), annex
    assert "Dinas Kesehatan Provinsi Kalimantan Tengah" in annex and "Kalimantan Timur" not in annex
