"""Fill a downloaded blank with openpyxl, as an OPD admin would in Excel."""

import io

import openpyxl

from actionplans.blank import COLUMNS, DATA_SHEET, FIRST_DATA_ROW

COL = {c.key: i for i, c in enumerate(COLUMNS, 1)}

ROW = {
    "code": "RA-01",
    "theme": "G4 - Penataan Tatalaksana",
    "kegiatan_utama": "KU-01",  # the `kegiatan_utama` fixture's: a new RB General plan needs one
    "goal": "Meningkatnya tata kelola SPBE",
    "problem": "Layanan masih manual",
    "expected_impact": "Waktu layanan turun 50%",
    "indicator": "Persentase layanan daring",
    "unit": "%",
    "annual_target": "100",
    "target_mode": "Akumulatif",
    "target_q1": "12,5",
    "target_q2": "37.5",
    "target_q3": "75%",
    "target_q4": 100,
    "activities": "Menyusun SOP\nMigrasi layanan",
    "outputs": "SOP\nAplikasi",
    "budget": "Rp 1.250.000",
    "budget_source": "APBD",
    "person_in_charge": "Kepala Bidang TI",
    "weight": 2,
    "due_date": "30 September 2025",
}


def fill(blank_bytes, rows, *, start=FIRST_DATA_ROW, edit=None):
    wb = openpyxl.load_workbook(io.BytesIO(blank_bytes))
    ws = wb[DATA_SHEET]
    for offset, row in enumerate(rows):
        for key, value in row.items():
            ws.cell(start + offset, COL[key], value)
    if edit:
        edit(wb)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "blanko.xlsx"
    return out


def as_upload(data, name="blanko.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = data.getvalue() if hasattr(data, "getvalue") else data
    return SimpleUploadedFile(name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
