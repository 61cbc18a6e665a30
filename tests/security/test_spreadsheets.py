"""Spreadsheets: safe reading, formula-injection-safe exports, all-or-nothing imports."""

import io
from decimal import Decimal

import pytest
import tablib
from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets
import openpyxl
from openpyxl import Workbook, load_workbook

from agencies.models import Opd, Pemda
from reformportal.spreadsheets import (
    SafeExportMixin,
    Sheet,
    describe_errors,
    import_all_or_nothing,
    import_failed,
    neutralise,
    open_workbook,
    unneutralise,
    workbook_to_dataset,
    write_xlsx,
)

from . import hostile

# --- neutralise --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=HYPERLINK(\"http://evil\",\"klik\")", "'=HYPERLINK(\"http://evil\",\"klik\")"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\uff1d1+1", "'\uff1d1+1"),  # full-width equals sign
        ("Dinas Kesehatan", "Dinas Kesehatan"),
        ("Nilai = 5", "Nilai = 5"),
        ("-12,5", "-12,5"),  # a plain number written as text stays as it is
        ("+62", "+62"),
        ("", ""),
        (-5, -5),
        (12.5, 12.5),
        (None, None),
        (True, True),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


@pytest.mark.parametrize(
    "value",
    ["=1+1", "'=1+1", "''+cmd", "'plain", "'", "-12,5", "'-12,5", "\t=1", "@x", "\uff1d1", "Nilai = 5", "", None, 7],
)
def test_unneutralise_undoes_exactly_what_neutralise_did(value):
    assert unneutralise(neutralise(value)) == value


def test_a_leading_apostrophe_before_a_trigger_is_quoted_too():
    # otherwise "'=1+1" typed by a user would be read back as "=1+1"
    assert neutralise("'=1+1") == "''=1+1"
    assert neutralise("'teks") == "'teks" and unneutralise("'teks") == "'teks"


def test_neutralised_cells_are_text_in_excel_files():
    wb = Workbook()
    wb.active.append([neutralise("=1+1"), neutralise(3)])
    out = io.BytesIO()
    wb.save(out)
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    assert sheet["A1"].data_type == "s" and sheet["A1"].value == "'=1+1"
    assert sheet["B1"].value == 3


def test_write_xlsx_writes_text_as_text_under_bold_headings():
    """Every cell is neutralised and written as what it is: text stays text (no formula, number or
    link made of a string), and a CR reads back as the LF that XML readers make of it."""
    out = io.BytesIO()
    rows = [["=1+1", "a\r\nb\rc", "https://example.org/x", "12", 7, 2.5, None, ""]]
    write_xlsx([Sheet("Data", rows, headings=[["Judul"], ["A", "B"]])], out)
    sheet = open_workbook(out, name="ekspor.xlsx")["Data"]
    assert sheet["A1"].value == "Judul" and sheet["A1"].font.b and sheet["B2"].font.b and not sheet["A3"].font.b
    assert [cell.value for cell in sheet[3]] == ["'=1+1", "a\nb\nc", "https://example.org/x", "12", 7, 2.5]
    assert {cell.data_type for cell in sheet[3][:4]} == {"s"} and sheet["C3"].hyperlink is None


def test_write_xlsx_reads_back_exactly_in_sheet_order():
    """What the exports write reads back as it was: markup, spaces, accents, large and small
    numbers, booleans, in the sheets' order; characters XML cannot carry are dropped."""
    texts = ["<b>&amp; \"kutip\" 'satu'", "  spasi di tepi  ", "Bogor – Jawa Barat ✓", "baris 1\nbaris 2"]
    numbers = [0, -3, 10**15, 0.1, 1e-07, 123456.789, Decimal("1500000.50")]
    out = io.BytesIO()
    write_xlsx([
        Sheet("Kegiatan & Sasaran", [texts, numbers, [True, False, "kontrol\x01\x1f"]], headings=[["Judul"]]),
        Sheet("Kedua", iter([["x"]])),
        Sheet("Kosong", []),
    ], out)
    book = open_workbook(out, name="ekspor.xlsx")
    assert book.sheetnames == ["Kegiatan & Sasaran", "Kedua", "Kosong"]
    rows = [[cell.value for cell in row] for row in book["Kegiatan & Sasaran"].iter_rows(min_row=2)]
    assert rows[0] == [*texts, None, None, None]  # rows are as wide as the widest
    assert rows[1] == [0, -3, 10**15, 0.1, 1e-07, 123456.789, 1500000.5]
    assert rows[2] == [True, False, "kontrol", None, None, None, None]
    assert book["Kedua"]["A1"].value == "x" and book["Kosong"].max_row == 1 and book["Kosong"]["A1"].value is None


def test_openpyxl_parses_with_defusedxml_not_lxml():
    """With lxml importable, openpyxl would parse a workbook's parts with lxml instead of
    defusedxml; the exports do not need it (reformportal/xlsx.py writes them), so it stays out."""
    assert openpyxl.DEFUSEDXML and not openpyxl.LXML


class OpdExport(SafeExportMixin, resources.ModelResource):
    class Meta:
        model = Opd
        fields = ("code", "name")


def test_safe_export_mixin_neutralises_every_cell(cast):
    cast.dinkes.name = "=HYPERLINK(\"http://evil.example\",\"Dinas\")"
    cast.dinkes.save()
    data = OpdExport().export(Opd.objects.filter(pk=cast.dinkes.pk))
    assert data.dict == [{"code": "DINKES", "name": "'=HYPERLINK(\"http://evil.example\",\"Dinas\")"}]
    assert "'=HYPERLINK" in data.export("csv")


# --- reading -----------------------------------------------------------------------------


def test_open_workbook_returns_values_never_formulas():
    wb = Workbook()
    wb.active.append(["kode", "=1+1", "=WEBSERVICE(\"http://evil\")"])
    out = io.BytesIO()
    wb.save(out)
    sheet = open_workbook(io.BytesIO(out.getvalue())).active
    # openpyxl wrote no cached values: a formula is never returned as text, never evaluated.
    assert [c.value for c in sheet[1]] == ["kode", None, None]


def test_workbook_to_dataset_reads_headers_and_rows():
    data = hostile.xlsx_bytes([("kode", "nama", None), ("A", "Satu"), (None, None), ("B", "Dua", None)])
    dataset = workbook_to_dataset(io.BytesIO(data))
    assert dataset.headers == ["kode", "nama"]
    assert list(dataset) == [("A", "Satu"), ("B", "Dua")]


def test_workbook_to_dataset_caps_rows():
    data = hostile.xlsx_bytes([("kode",)] + [(f"R{i}",) for i in range(11)])
    with pytest.raises(ValidationError) as excinfo:
        workbook_to_dataset(io.BytesIO(data), max_rows=10)
    assert excinfo.value.code == "too_many_rows"
    assert "10 baris" in excinfo.value.messages[0]
    assert len(workbook_to_dataset(io.BytesIO(data), max_rows=11)) == 11


@pytest.mark.parametrize(
    "factory, name, code",
    [
        (hostile.xlsx_bytes, "blangko.xlsm", "upload_macro"),
        (hostile.vba_xlsx, "blangko.xlsx", "upload_macro"),
        (hostile.encrypted_office, "blangko.xlsx", "upload_encrypted"),
        (hostile.legacy_xls, "blangko.xlsx", "upload_mismatch"),
        (lambda: hostile.csv_bytes("cp1252"), "blangko.xlsx", "upload_mismatch"),
        (hostile.zip_bomb_xlsx, "blangko.xlsx", "upload_zip_bomb"),
        (hostile.billion_laughs_xlsx, "blangko.xlsx", "upload_xml"),
        (hostile.xxe_xlsx, "blangko.xlsx", "upload_xml"),
        (hostile.docx_bytes, "blangko.xlsx", "upload_mismatch"),
        (lambda: hostile.xlsx_bytes()[:500], "blangko.xlsx", "upload_corrupt"),
    ],
)
def test_open_workbook_refuses(factory, name, code):
    fileobj = io.BytesIO(factory())
    fileobj.name = name
    with pytest.raises(ValidationError) as excinfo:
        open_workbook(fileobj)
    assert excinfo.value.code == code


def test_open_workbook_turns_parser_failures_into_messages():
    # A workbook whose sheet is not XML at all passes the zip checks but not the parser.
    data = hostile.replace_members(hostile.xlsx_bytes(), {"xl/workbook.xml": b"bukan xml"})
    with pytest.raises(ValidationError) as excinfo:
        open_workbook(io.BytesIO(data))
    assert excinfo.value.code == "upload_corrupt"


# --- importing ---------------------------------------------------------------------------


class OpdImport(resources.ModelResource):
    pemda = fields.Field(attribute="pemda", column_name="pemda", widget=widgets.ForeignKeyWidget(Pemda, "pk"))

    class Meta:
        model = Opd
        fields = ("pemda", "code", "name", "kind")
        import_id_fields = ("pemda", "code")
        clean_model_instances = True


def _dataset(pemda, *rows):
    return tablib.Dataset(*[(pemda.pk, *row) for row in rows], headers=["pemda", "code", "name", "kind"])


def test_import_writes_every_row_when_all_are_valid(cast):
    before = Opd.objects.count()
    dataset = _dataset(cast.kalteng, ("BAPPEDA", "Bappeda", "badan"), ("DISPAR", "Dinas Pariwisata", "dinas"))
    result = import_all_or_nothing(OpdImport(), dataset, dry_run=False, user=cast.biro)
    assert not import_failed(result)
    assert Opd.objects.count() == before + 2


@pytest.mark.parametrize(
    "bad_row, message_part",
    [
        (("DISHUB", "Dinas Perhubungan", "planet"), "Baris 4, kolom kind"),  # validation error
        (("DISHUB", "x" * 300, "dinas"), "Baris 4, kolom name"),  # too long: validation error
    ],
)
def test_one_bad_row_rolls_back_every_row(cast, bad_row, message_part):
    before, history_before = Opd.objects.count(), Opd.history.count()
    dataset = _dataset(cast.kalteng, ("BAPPEDA", "Bappeda", "badan"), ("DISPAR", "Dinas Pariwisata", "dinas"), bad_row)
    result = import_all_or_nothing(OpdImport(), dataset, dry_run=False, user=cast.biro)
    assert import_failed(result)
    assert Opd.objects.count() == before
    assert Opd.history.count() == history_before
    assert any(message_part in m for m in describe_errors(result)), describe_errors(result)


def test_a_row_error_rolls_back_every_row(cast):
    before = Opd.objects.count()
    dataset = _dataset(cast.kalteng, ("BAPPEDA", "Bappeda", "badan"))
    dataset.append((999999, "X", "Y", "dinas"))  # unknown Pemda: a row error, not a validation error
    result = import_all_or_nothing(OpdImport(), dataset, dry_run=False)
    assert import_failed(result)
    assert Opd.objects.count() == before
    assert describe_errors(result)


def test_dry_run_writes_nothing(cast):
    before = Opd.objects.count()
    result = import_all_or_nothing(OpdImport(), _dataset(cast.kalteng, ("BAPPEDA", "Bappeda", "badan")), dry_run=True)
    assert not import_failed(result) and result.totals["new"] == 1
    assert Opd.objects.count() == before


def test_import_refuses_more_rows_than_the_cap(cast):
    dataset = _dataset(cast.kalteng, *[(f"K{i}", "Nama", "dinas") for i in range(6)])
    with pytest.raises(ValidationError) as excinfo:
        import_all_or_nothing(OpdImport(), dataset, dry_run=False, max_rows=5)
    assert excinfo.value.code == "too_many_rows"
