"""Every bad blank gives its message and writes nothing (rows counted before and after)."""

import io
import zipfile

import openpyxl
import pytest

from actionplans import services
from actionplans.blank import build_blank, parse_date, parse_number, CellError
from actionplans.models import ActionPlan, ImportLog
from tests.security.hostile import zip_bytes

from .blank_helpers import COL, ROW, as_upload, fill
from .factories import make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def existing(cast):
    # another year of the same OPD: not pre-filled into the 2025 blank, and must stay untouched
    return make_plan(cast.dinkes, "RA-00", year=2024)


def _run(cast, upload, name="blanko.xlsx"):
    before = list(ActionPlan.objects.order_by("pk").values_list("pk", "code", "indicator", "target_q3"))
    outcome = services.import_blank(as_upload(upload, name), opd=cast.dinkes, year=2025, by=cast.opd_admin)
    after = list(ActionPlan.objects.order_by("pk").values_list("pk", "code", "indicator", "target_q3"))
    assert before == after, "a bad blank must write nothing"
    assert outcome.errors and outcome.log.status == "invalid"
    assert ImportLog.objects.get(pk=outcome.log.pk).errors == outcome.errors
    return outcome.errors


def _blank(cast, rows, **kw):
    return fill(build_blank(cast.dinkes, 2025), rows, **kw)


CELL_CASES = [
    ({"target_q3": "12,5,0"}, "Baris 5, kolom Target TW III: '12,5,0' bukan angka"),
    ({"target_q2": "1.250"}, "Baris 5, kolom Target TW II: '1.250' ambigu (seribu atau desimal?); tulis 1250 atau 1,25"),
    ({"target_q1": "-5"}, "Baris 5, kolom Target TW I: '-5' tidak boleh negatif"),
    ({"target_q1": "1,255"}, "Baris 5, kolom Target TW I: '1,255' ambigu"),
    ({"target_q1": "0,125"}, "Baris 5, kolom Target TW I: '0,125' memiliki lebih dari dua angka desimal"),
    ({"theme": "Z9 - Tidak ada"}, "Baris 5, kolom Tema/Area: 'Z9 - Tidak ada' bukan tema/area tahun 2025"),
    ({"theme": "T1 - Pengentasan Kemiskinan"}, "Baris 5, kolom Tema/Area: 'T1 - Pengentasan Kemiskinan' bukan tema/area tahun 2025"),
    ({"indicator": None}, "Baris 5, kolom Indikator: wajib diisi"),
    ({"target_mode": "Bulanan"}, "Baris 5, kolom Mode target: 'Bulanan' bukan mode target"),
    ({"budget": "Rp 1.250.000,50"}, "Baris 5, kolom Anggaran (Rp): 'Rp 1.250.000,50' harus rupiah utuh tanpa sen"),
    ({"due_date": "31/02/2025"}, "Baris 5, kolom Tenggat: '31/02/2025' bukan tanggal"),
    ({"due_date": "30 Septober 2025"}, "Baris 5, kolom Tenggat: '30 Septober 2025' bukan tanggal"),
    ({"target_q3": 30}, "Baris 5, kolom Target TW IV: mode akumulatif: target TW I–IV tidak boleh turun"),
    ({"annual_target": 90}, "Baris 5, kolom Target TW IV: mode akumulatif: target TW IV (100) harus sama dengan target tahunan (90)"),
    ({"target_mode": "Per triwulan"}, "Baris 5, kolom Target tahunan: mode per triwulan: jumlah target TW I–IV (225) harus sama dengan target tahunan (100)"),
    ({"weight": 0}, "Baris 5, kolom Bobot: bobot harus lebih dari 0"),
    ({"target_q3": "#REF!"}, "Baris 5, kolom Target TW III: berisi galat rumus #REF!"),
]


@pytest.mark.parametrize("change,message", CELL_CASES)
def test_bad_cell_gives_its_message_and_writes_nothing(cast, existing, change, message):
    errors = _run(cast, _blank(cast, [{**ROW, **change}]))
    assert any(e.startswith(message) for e in errors), errors


def test_one_bad_row_among_good_ones_writes_nothing(cast, existing, kegiatan_utama):
    rows = [{**ROW, "code": f"RA-{i}"} for i in range(1, 6)]
    rows[3]["target_q3"] = "12,5,0"
    errors = _run(cast, _blank(cast, rows))
    assert errors == ["Baris 8, kolom Target TW III: '12,5,0' bukan angka"]


def test_duplicate_codes_are_refused(cast, existing, kegiatan_utama):
    errors = _run(cast, _blank(cast, [ROW, ROW]))
    assert errors == ["Baris 6, kolom Kode RA: kode RA-01 sudah dipakai di baris 5"]


def test_formula_without_saved_value_is_refused(cast, existing, kegiatan_utama):
    errors = _run(cast, _blank(cast, [{**ROW, "target_q3": "=J5*6"}]))
    assert errors[0].startswith("Baris 5, kolom Target TW III: berisi rumus yang nilainya tidak tersimpan")


def test_blank_of_another_opd_or_year_is_refused(cast, existing):
    other = fill(build_blank(cast.kominfo, 2025), [ROW])
    assert _run(cast, other)[0].startswith("Blanko ini milik perangkat daerah DISKOMINFO (62), bukan DINKES")
    old = fill(build_blank(cast.dinkes, 2024), [{**ROW, "theme": "G4"}])
    assert _run(cast, old) == ["Blanko ini untuk tahun 2024, bukan 2025."]


def test_changed_headers_are_refused(cast, existing, kegiatan_utama):
    def rename(wb):
        wb["Rencana Aksi"].cell(4, COL["target_q3"]).value = "TW3"

    errors = _run(cast, _blank(cast, [ROW], edit=rename))
    assert errors == ["Baris 4: kolom Target TW III tidak ditemukan. Jangan ubah judul kolom blanko."]


def test_empty_blank_is_refused(cast, existing):
    errors = _run(cast, io.BytesIO(build_blank(cast.dinkes, 2025)))
    assert errors == ["Blanko tidak berisi rencana aksi (baris 5 dan seterusnya kosong)."]


def test_any_other_workbook_is_refused(cast, existing):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Nama"
    out = io.BytesIO()
    wb.save(out)
    assert _run(cast, out)[0].startswith("Berkas ini bukan blanko rencana aksi portal")


def test_wrong_files_are_refused_by_the_upload_gate(cast, existing):
    assert "Jenis berkas .pdf tidak diterima" in _run(cast, b"%PDF-1.4 not a blank", "blanko.pdf")[0]
    assert "Isi berkas tidak sesuai dengan ekstensinya" in _run(cast, b"\x00\x01binary" * 100, "blanko.xlsx")[0]
    assert "makro" in _run(cast, b"PK\x03\x04", "blanko.xlsm")[0]
    skeleton = {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}
    big = zip_bytes({**skeleton, "xl/big.bin": b"\x00" * (6 * 1024 * 1024)}, zipfile.ZIP_STORED)
    assert "terlalu besar" in _run(cast, big, "blanko.xlsx")[0]
    bomb = zip_bytes({**skeleton, "xl/worksheets/sheet1.xml": b"0" * (60 * 1024 * 1024)})
    assert "zip bomb" in _run(cast, bomb, "blanko.xlsx")[0]


@pytest.mark.parametrize(
    "raw,expected",
    [("12,5", "12.50"), ("12.5", "12.50"), ("75%", "75.00"), ("75 %", "75.00"), ("1.250.000", "1250000.00"),
     ("1,250,000.75", "1250000.75"), ("0,75", "0.75"), (12.5, "12.50"), ("100", "100.00")],
)
def test_numbers_people_type_are_accepted(raw, expected):
    assert str(parse_number(raw)) == expected


def test_percent_cells_and_rupiah():
    assert parse_number(0.75, number_format="0%") == 75
    assert parse_number("Rp 1.250.000", money=True) == 1250000
    assert parse_number("Rp1.250", money=True) == 1250


@pytest.mark.parametrize("raw", ["30/09/2025", "30-09-2025", "2025-09-30", "30 September 2025", "30 Sep 2025", "30 Sept. 2025"])
def test_dates_people_type_are_accepted(raw):
    import datetime

    assert parse_date(raw) == datetime.date(2025, 9, 30)


def test_us_style_dates_are_refused():
    with pytest.raises(CellError):
        parse_date("09/30/2025")
