"""The workload mapping's xlsx round trip: download, fill in, upload, preview, confirm; bad cells
are named by row and column and nothing is written."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from institutions.models import WorkloadMapping, WorkloadScore

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(client, code="62", year=2025):
    response = client.get(reverse("institutions:workload_xlsx", args=[code, year]))
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def upload(client, wb, code="62", year=2025):
    out = io.BytesIO()
    wb.save(out)
    return client.post(reverse("institutions:workload_upload", args=[code, year]),
                       {"file": SimpleUploadedFile("pemetaan.xlsx", out.getvalue(), content_type=XLSX)})


def fill(wb, scores):
    ws = wb["Pemetaan"]
    ws["B3"], ws["B4"], ws["B5"] = 2_700_000, "153.564,5", "Rp7.900.000.000.000"
    for row in ws.iter_rows(min_row=8):
        if row[0].value in scores:
            row[3].value = scores[row[0].value]
    return wb


def test_round_trip(cast, login):
    client = login(cast.biro)
    wb = fill(download(client), {"DINKES": 690, "DISKOMINFO": "410"})
    response = upload(client, wb)
    assert response.status_code == 200 and 'data-testid="upload-preview"' in response.content.decode()
    assert not WorkloadScore.objects.exists()  # nothing before the confirmation
    response = client.post(reverse("institutions:workload_upload", args=["62", 2025]), {"confirm": "1"})
    assert response.status_code == 302
    assert WorkloadScore.objects.get(opd=cast.dinkes).total_score == Decimal("820")
    assert WorkloadScore.objects.get(opd=cast.kominfo).computed_type == "C"
    # Download again: the stored figures come back in the sheet.
    ws = download(client)["Pemetaan"]
    assert ws["B3"].value == 2_700_000
    assert {row[0]: row[3] for row in ws.iter_rows(min_row=8, values_only=True)}["DINKES"] == 690


def test_bad_cells_are_named_and_nothing_is_written(cast, login):
    client = login(cast.biro)
    wb = fill(download(client), {"DINKES": 900, "DISKOMINFO": "banyak"})
    wb["Pemetaan"]["B4"] = None
    wb["Pemetaan"].append(["TIDAK-ADA", "Dinas Fiktif", "", 100])
    response = upload(client, wb)
    html = response.content.decode()
    assert 'data-testid="upload-errors"' in html
    assert "Baris 4, kolom B" in html
    assert "kolom D: skor variabel teknis paling tinggi 800" in html
    assert "kolom D: &#x27;banyak&#x27; bukan angka" in html
    assert "kolom A: kode &quot;TIDAK-ADA&quot;" in html
    assert 'data-testid="upload-preview"' not in html
    assert not WorkloadMapping.objects.exists()
    assert client.post(reverse("institutions:workload_upload", args=["62", 2025]), {"confirm": "1"}).status_code == 302
    assert not WorkloadMapping.objects.exists()


def test_a_file_that_is_not_xlsx_is_refused(cast, login):
    response = login(cast.biro).post(reverse("institutions:workload_upload", args=["62", 2025]),
                                     {"file": SimpleUploadedFile("x.xlsx", b"not a zip", content_type=XLSX)})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not WorkloadMapping.objects.exists()


def test_the_sheet_neutralises_formulas(cast, login):
    cast.dinkes.name = "=cmd|' /C calc'!A0"
    cast.dinkes.save(update_fields=["name"])
    ws = download(login(cast.biro))["Pemetaan"]
    names = [row[1] for row in ws.iter_rows(min_row=8, values_only=True)]
    assert "'=cmd|' /C calc'!A0" in names
