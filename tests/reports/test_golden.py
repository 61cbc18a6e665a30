"""Golden files: the text of the quarterly PDFs and the cells of the xlsx files, from a fixed data set.

A refactoring must leave them as they are. When a change is meant to alter what is printed,
regenerate them and commit the new files in a commit of their own, so the difference is reviewed:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/reports/test_golden.py -n 0 -q

The files hold text, never binary PDFs: the PDF text (pypdf, one block per page) and every
non-empty cell of every sheet (`Sheet!A1<TAB>repr(value)`).
"""

import datetime
import io
import os
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from reports import services
from reports.models import Report

from .example import make_example, make_plans

pytestmark = pytest.mark.django_db
GOLDEN = Path(__file__).parent / "golden"


def pdf_pages(data):
    pages = PdfReader(io.BytesIO(data)).pages
    return "".join(f"=== page {number} ===\n{page.extract_text()}\n" for number, page in enumerate(pages, 1))


def xlsx_cells(data):
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    lines = []
    for sheet in workbook.worksheets:
        lines.append(f"=== {sheet.title} ===")
        for row in sheet.iter_rows():
            lines.extend(f"{cell.coordinate}\t{cell.value!r}" for cell in row if cell.value is not None)
    return "\n".join(lines) + "\n"


def check(name, text):
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with UPDATE_GOLDEN=1 once"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} differs from its golden file"


@pytest.fixture
def fixed_data(cast):
    """The hand-made example, plans of a regency's OPD, one open LHE recommendation and one overdue
    meeting follow-up (the province pack lists both)."""
    from evaluations.models import Finding, Framework, Lhe, Recommendation
    from meetings.models import FollowUp, Meeting

    make_example(cast)
    make_plans(cast.pky_dinkes, 2)
    lhe = Lhe.objects.create(pemda=cast.kalteng, year=2024, kind=Lhe.Kind.INTERNAL,
                             framework=Framework.objects.order_by("-year_from").first(), date=datetime.date(2025, 3, 1))
    finding = Finding.objects.create(lhe=lhe, number=1, description="Peta proses bisnis belum ditetapkan.")
    recommendation = Recommendation.objects.create(
        lhe=lhe, finding=finding, number=1, due_date=datetime.date(2025, 8, 31),
        text="Tetapkan peta proses bisnis dengan peraturan gubernur.",
    )
    recommendation.opds.add(cast.biro_kalteng)
    start = datetime.datetime(2025, 7, 10, 9, tzinfo=datetime.UTC)
    meeting = Meeting.objects.create(pemda=cast.kalteng, title="Rakor RB Triwulan II", starts_at=start,
                                     ends_at=start + datetime.timedelta(hours=2))
    item = FollowUp.objects.create(meeting=meeting, title="Kirim data dukung rencana aksi RB Berdampak",
                                   opd=cast.dinkes, due_date=datetime.date(2025, 8, 15))
    FollowUp.objects.filter(pk=item.pk).update(created_at=start)
    return cast


def generated(kind, language, **where):
    """A report made the way the command makes it (no Celery), read back from storage."""
    report, _ = services.request_report(kind=kind, year=2025, quarter=3, by=None, language=language, send=False,
                                        **where)
    report = services.generate_inline(report.pk)
    assert report.status == Report.Status.DONE, report.failure_reason
    return report.file.read()


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_opd_report_reads_as_before(fixed_data, media, language):
    check(f"opd_report.{language}.txt", pdf_pages(generated(Report.Kind.OPD, language, opd=fixed_data.dinkes)))


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_province_pack_reads_as_before(fixed_data, media, language):
    check(f"province_pack.{language}.txt",
          pdf_pages(generated(Report.Kind.PROVINCE, language, pemda=fixed_data.kalteng)))


def test_the_blank_has_the_same_cells(fixed_data, monkeypatch):
    from django.utils import timezone

    from actionplans.blank import build_blank

    real_localtime = timezone.localtime
    made = datetime.datetime(2025, 10, 1, 8, 30, tzinfo=datetime.UTC)  # the blank prints when it was made
    monkeypatch.setattr(timezone, "localtime", lambda value=None, *a: real_localtime(value or made, *a))

    check("blank.dinkes.2025.txt", xlsx_cells(build_blank(fixed_data.dinkes, 2025)))


def test_the_exports_have_the_same_cells(fixed_data, login):
    from django.urls import reverse

    client = login(fixed_data.biro)
    plans = client.get(reverse("actionplans:export") + f"?pemda={fixed_data.kalteng.pk}&tahun=2025")
    assert plans.status_code == 200
    check("export.actionplans.kalteng.2025.txt", xlsx_cells(b"".join(plans.streaming_content)))
    institutions = client.get(reverse("institutions:index_export") + "?province=62")
    assert institutions.status_code == 200
    check("export.institutions.62.txt", xlsx_cells(institutions.content))
