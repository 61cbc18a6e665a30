"""Both reports render from the selector contract, and page 1 is kept as a PNG artifact."""

import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from reformportal.reports import services
from reformportal.reports.models import Report

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "reports"


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def save_artifact(name, data):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(ARTIFACTS / name)], check=True)
    return path


def test_opd_report_renders_from_the_contract(cast, fake_selectors, media, django_capture_on_commit_callbacks):
    cast.dinkes.head_name = "dr. Suyuti Syamsul, MPPM"
    cast.dinkes.head_nip = "196504121992031009"
    cast.dinkes.save()
    with django_capture_on_commit_callbacks(execute=True):
        report, created = services.request_report(kind=Report.Kind.OPD, opd=cast.dinkes, year=2025, quarter=3, by=cast.opd_admin)
    report.refresh_from_db()
    assert report.status == Report.Status.DONE, report.failure_reason
    data = report.file.read()
    save_artifact("fake-opd", data)
    text = pdf_text(data)
    assert "Dinas Kesehatan Provinsi Kalimantan Tengah" in text
    assert "Palangka Raya, 30 September 2025" in text


def test_province_pack_renders_from_the_contract(cast, fake_selectors, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report, created = services.request_report(kind=Report.Kind.PROVINCE, pemda=cast.kalteng, year=2025, quarter=3, by=cast.biro)
    report.refresh_from_db()
    assert report.status == Report.Status.DONE, report.failure_reason
    data = report.file.read()
    save_artifact("fake-province", data)
    text = pdf_text(data)
    assert "Halaman 2 dari" in text
