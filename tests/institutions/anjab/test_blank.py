import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from institutions.anjab import blank, services
from institutions.anjab.models import AbkImportLog, Position, Task

from .helpers import make_hand_agency


def upload(content, name="abk.xlsx"):
    return SimpleUploadedFile(name, content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def snapshot(abk):
    return [
        (p.code, p.unit_id, p.kind, p.functional_level, p.name, p.grade, p.in_post, p.summary,
         [(t.order, t.description, t.output, t.output_unit, t.volume, t.period, t.time_norm) for t in p.tasks.order_by("order")])
        for p in Position.objects.filter(abk=abk).order_by("code")
    ]


def edit(content, sheet, cells):
    wb = openpyxl.load_workbook(io.BytesIO(content))
    for ref, value in cells.items():
        wb[sheet][ref] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_blank_round_trips_unchanged(cast):
    abk = make_hand_agency(cast.kominfo)
    before = snapshot(abk)
    outcome = services.preview_blank(upload(blank.build_blank(abk)), abk=abk, by=cast.opd_admin_other)
    assert outcome.log.status == AbkImportLog.Status.PREVIEW, outcome.log.errors
    result = services.commit_import(outcome.log, by=cast.opd_admin_other)
    assert (result.created, result.updated, result.unchanged, result.removed) == (0, 0, 4, 0)
    assert snapshot(abk) == before


@pytest.mark.django_db
def test_a_reupload_updates_by_position_code(cast):
    abk = make_hand_agency(cast.kominfo)
    a_pk = Position.objects.get(abk=abk, code="A").pk
    content = edit(blank.build_blank(abk), blank.POSITION_SHEET, {"G5": 3, "A9": "E", "B9": "Sekretariat", "C9": "Pelaksana",
                                                                  "E9": "Pengadministrasi Umum", "F9": 6, "G9": 1})
    content = edit(content, blank.TASK_SHEET, {"F5": "1.250.000", "H5": "30 menit", "G5": "per minggu"})
    outcome = services.preview_blank(upload(content), abk=abk, by=cast.opd_admin_other)
    assert outcome.log.errors == []
    result = services.commit_import(outcome.log, by=cast.opd_admin_other)
    assert (result.created, result.updated, result.unchanged) == (1, 1, 3)
    a = Position.objects.get(abk=abk, code="A")
    assert a.pk == a_pk and a.in_post == 3
    first = a.tasks.order_by("order").first()
    assert (first.volume, first.period, first.time_norm) == (Decimal("1250000"), "week", Decimal("30"))
    assert Position.objects.get(abk=abk, code="E").tasks.count() == 0


@pytest.mark.django_db
def test_errors_name_sheet_row_and_column_and_nothing_is_written(cast):
    abk = make_hand_agency(cast.kominfo)
    before = snapshot(abk)
    content = edit(blank.build_blank(abk), blank.POSITION_SHEET, {"F5": 18, "B6": "Bidang Tidak Ada"})
    content = edit(content, blank.TASK_SHEET, {"F5": "1,250", "H6": "2 detik", "G7": "sewindu"})
    outcome = services.preview_blank(upload(content), abk=abk, by=cast.opd_admin_other)
    assert outcome.log.status == AbkImportLog.Status.INVALID
    errors = outcome.log.errors
    assert any(e.startswith("Lembar Jabatan, baris 5, kolom Kelas jabatan:") for e in errors)
    assert any(e.startswith("Lembar Jabatan, baris 6, kolom Unit organisasi:") for e in errors)
    assert any(e.startswith("Lembar Uraian Tugas, baris 5, kolom Volume:") and "ambigu" in e for e in errors)
    assert any(e.startswith("Lembar Uraian Tugas, baris 6, kolom Norma waktu (menit):") and "detik" in e for e in errors)
    assert any(e.startswith("Lembar Uraian Tugas, baris 7, kolom Periode:") for e in errors)
    assert snapshot(abk) == before


@pytest.mark.django_db
def test_a_blank_of_another_agency_is_refused(cast):
    abk = make_hand_agency(cast.kominfo)
    other = make_hand_agency(cast.dinkes)
    outcome = services.preview_blank(upload(blank.build_blank(other)), abk=abk, by=cast.opd_admin_other)
    assert outcome.log.status == AbkImportLog.Status.INVALID
    assert "bukan untuk" in outcome.log.errors[0]


@pytest.mark.parametrize("raw, value", [
    ("1.250.000", "1250000"), ("12,5", "12.5"), ("12.5", "12.5"), ("1.250,5", "1250.5"), ("1,250,000", "1250000"),
    ("1,250.5", "1250.5"), (1250, "1250"), (12.5, "12.5"), ("0,25", "0.25"),
])
def test_it_reads_numbers_people_type(raw, value):
    assert blank.parse_number(raw) == Decimal(value)


@pytest.mark.parametrize("raw", ["1,250", "1.250", "12,5,0", "-3", "1,255 ", "1.2.3", "12,555", "abc", "0,125"])
def test_it_refuses_ambiguous_or_bad_numbers(raw):
    with pytest.raises(blank.CellError):
        blank.parse_number(raw)


@pytest.mark.parametrize("raw, minutes", [
    ("30 menit", "30"), ("30", "30"), ("2 jam", "120"), ("1,5 jam", "90"), ("1 jam 30 menit", "90"), ("45 mnt", "45"),
    (15, "15"), ("2 JAM", "120"),
])
def test_it_reads_time_norms(raw, minutes):
    assert blank.parse_minutes(raw) == Decimal(minutes)


@pytest.mark.parametrize("raw", ["2 detik", "1 hari", "30 menit 2 jam", "jam"])
def test_it_refuses_other_time_units(raw):
    with pytest.raises(blank.CellError):
        blank.parse_minutes(raw)
