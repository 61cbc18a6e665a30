"""Safe spreadsheet reading, writing and importing, shared by every app.

- `open_workbook(fileobj)`: checks the xlsx as a zip first (no zip bomb is ever expanded,
  no macros, no encrypted files) and parses it with openpyxl, which uses defusedxml (no billion
  laughs, no external entities); formulas come back as their cached values, never evaluated.
- `read_rows(...)` / `workbook_to_dataset(...)`: the rows of a sheet, with a row cap.
- `SheetRows(workbook, sheet, ...)`: a sheet's rows with each cell's number format on demand,
  used by the action-plan blank import (an Excel percent cell holds 0.75 for 75 %).
- `parse_number(raw, money=..., number_format=...)`: the one rule for numbers people type in a
  cell ("12,5", "1.250.000", "Rp 1.250.000", "75 %"; "1.250" refused as ambiguous), raising
  `CellError`; every xlsx reader (action-plan blank, workload mapping, Anjab/ABK blank) uses it.
- `neutralise(value)`: every xlsx/csv export passes every cell through it, so that a value typed
  by a user (e.g. `=HYPERLINK(...)`) is shown as text and never run as a formula;
  `unneutralise(value)` undoes exactly that when a file the portal wrote is read back.
- `Sheet(title, rows, headings)`, `write_xlsx(sheets, fileobj)`, `xlsx_response(sheets,
  filename)` and `csv_response(rows, filename)`: exports in constant memory, whatever their length. Rows
  are any iterable (a generator over `queryset.iterator(chunk_size=...)`), read once; every
  cell is neutralised on the way out.
- `import_all_or_nothing(resource, dataset, ...)`: django-import-export with one transaction:
  one bad row (error or validation error) and nothing is written.
"""

import csv
import re
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import openpyxl
import tablib
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

from .uploads import OLE_MAGIC, ZIP_MAGIC, MACRO_EXTENSIONS, _check_ole, check_office_zip, extension_of
from .xlsx import write_workbook

if not openpyxl.DEFUSEDXML:  # pragma: no cover - guarded by requirements.txt
    raise ImproperlyConfigured(
        "defusedxml must be installed (and OPENPYXL_DEFUSEDXML not disabled) so that openpyxl "
        "parses uploaded workbooks without entity expansion."
    )

DEFAULT_MAX_ROWS = 5000
DEFAULT_MAX_COLUMNS = 200

# --- reading ------------------------------------------------------------------------------


def open_workbook(fileobj, *, read_only=False, name=None):
    """Open an uploaded .xlsx safely and return an openpyxl Workbook (values, not formulas).

    Raises ValidationError with a clear message for anything that is not a plain xlsx.
    `name` (or fileobj.name) is used to refuse macro-enabled files by their extension.
    """
    name = name if name is not None else getattr(fileobj, "name", "") or ""
    ext = extension_of(str(name).replace("\\", "/").rsplit("/", 1)[-1])
    if ext in MACRO_EXTENSIONS:
        raise ValidationError(
            _("Berkas Office dengan makro (.%(ext)s) tidak diterima. Simpan ulang sebagai XLSX tanpa makro.") % {"ext": ext},
            code="upload_macro",
        )
    fileobj.seek(0)
    head = fileobj.read(8)
    if head.startswith(OLE_MAGIC):
        _check_ole(fileobj, "xlsx")
    if not head.startswith(ZIP_MAGIC):
        raise ValidationError(
            _("Berkas bukan lembar kerja Excel .xlsx. Simpan berkas sebagai \"Excel Workbook (.xlsx)\" lalu unggah ulang."),
            code="upload_mismatch",
        )
    check_office_zip(fileobj, "xlsx")
    fileobj.seek(0)
    try:
        return openpyxl.load_workbook(
            fileobj, read_only=read_only, data_only=True, keep_vba=False, keep_links=False, rich_text=False
        )
    except ValidationError:
        raise
    except Exception as exc:
        # defusedxml's DefusedXmlException (entities, external references) lands here too.
        reason = type(exc).__name__
        if reason in ("EntitiesForbidden", "ExternalReferenceForbidden", "DTDForbidden", "NotSupportedError"):
            message = _("Lembar kerja berisi deklarasi XML berbahaya (entitas/DTD) dan ditolak.")
        elif isinstance(exc, (zipfile.BadZipFile, InvalidFileException, KeyError)):
            message = _("Berkas .xlsx rusak atau tidak lengkap sehingga tidak dapat dibaca.")
        else:
            message = _("Berkas .xlsx tidak dapat dibaca. Simpan ulang dari Excel atau LibreOffice lalu unggah ulang.")
        raise ValidationError(message, code="upload_corrupt") from exc


def read_rows(workbook, *, sheet=None, max_rows=DEFAULT_MAX_ROWS, max_columns=DEFAULT_MAX_COLUMNS, skip_empty=True):
    """Yield (row_number, values) of a sheet; refuses sheets longer than `max_rows` data rows.

    A value the portal neutralised when it wrote the file comes back as it was (`unneutralise`)."""
    ws = workbook[sheet] if sheet else workbook.worksheets[0]
    count = 0
    for number, values in enumerate(ws.iter_rows(max_col=max_columns, values_only=True), 1):
        if skip_empty and all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        count += 1
        if count > max_rows + 1:  # +1: the header row
            raise_too_many_rows(max_rows)
        yield number, tuple(unneutralise(v) for v in values)


class SheetRows:
    """The rows of one sheet, with each cell's number format on demand (openpyxl's public API).

    Iterating yields (row_number, values) for rows min_row.. (values padded/cut to max_col
    columns, missing rows yielded as empty), like ws.iter_rows(min_row=..., max_col=...,
    values_only=True). `number_format(column)` gives the number format (e.g. "0%") of a cell of
    the row last yielded: the blank needs it to read an Excel percent cell (0.75) as 75.
    Values are given as read; a reader that wrote the file undoes `neutralise` itself.
    """

    def __init__(self, workbook, sheet, *, min_row=1, max_col):
        self.ws = workbook[sheet]
        self.min_row = min_row
        self.max_col = max_col
        self._cells = ()

    def __iter__(self):
        number = self.min_row
        for cells in self.ws.iter_rows(min_row=self.min_row, max_col=self.max_col):
            cells = (tuple(cells) + (None,) * self.max_col)[: self.max_col]
            self._cells = cells
            yield number, [getattr(cell, "value", None) for cell in cells]
            number += 1

    def number_format(self, column):
        """Number format of `column` (1-based) in the row last yielded ("General" when none)."""
        cell = self._cells[column - 1] if column <= len(self._cells) else None
        return getattr(cell, "number_format", None) or "General"


def workbook_to_dataset(fileobj, *, sheet=None, max_rows=DEFAULT_MAX_ROWS, header_row=1):
    """A tablib.Dataset from the first (or named) sheet; the row at `header_row` gives the headers."""
    wb = open_workbook(fileobj, read_only=True)
    try:
        dataset = tablib.Dataset()
        for number, values in read_rows(wb, sheet=sheet, max_rows=max_rows):
            if number < header_row:
                continue
            values = list(values)
            while values and values[-1] is None:
                values.pop()
            if dataset.headers is None:
                dataset.headers = [str(v).strip() if v is not None else "" for v in values]
                continue
            width = len(dataset.headers)
            dataset.append((values + [None] * width)[:width])
        return dataset
    finally:
        wb.close()


def raise_too_many_rows(max_rows):
    raise ValidationError(
        _("Berkas berisi lebih dari %(max)s baris data. Bagi menjadi beberapa berkas lalu unggah satu per satu.")
        % {"max": max_rows},
        code="too_many_rows",
    )


# --- cells people type ------------------------------------------------------------------------


class CellError(Exception):
    """One cell's value is wrong; the message says why (the caller adds the row and column)."""


GROUPED_DOT = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
GROUPED_COMMA = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
PLAIN = re.compile(r"^\d+$")
SINGLE_SEP = re.compile(r"^(\d+)([.,])(\d+)$")


def parse_number(raw, *, money=False, number_format=""):
    """A Decimal from what people type; raises CellError with the reason (see module doc)."""
    if isinstance(raw, bool):
        raise CellError(_("'%(v)s' bukan angka") % {"v": raw})
    if isinstance(raw, (int, float, Decimal)):
        value = Decimal(str(raw))
        if "%" in (number_format or ""):
            value *= 100
        return _check_number(value, raw, money)
    text = str(raw).strip()
    original = text
    text = text.replace("\u00a0", " ")
    if money or text.lower().startswith("rp"):
        text = re.sub(r"^rp\.?\s*", "", text, flags=re.IGNORECASE)
    percent = text.endswith("%")
    text = text.rstrip("%").strip().replace(" ", "")
    negative = text.startswith("-")
    if negative:
        raise CellError(_("'%(v)s' tidak boleh negatif") % {"v": original})
    if not text:
        raise CellError(_("'%(v)s' bukan angka") % {"v": original})
    if PLAIN.match(text):
        number = text
    elif GROUPED_DOT.match(text) and (money or text.count(".") > 1 or "," in text):
        number = text.replace(".", "").replace(",", ".")
    elif GROUPED_COMMA.match(text) and (money or text.count(",") > 1 or "." in text):
        number = text.replace(",", "")
    elif m := SINGLE_SEP.match(text):
        whole, sep, frac = m.groups()
        if len(frac) == 3 and whole != "0":
            if money:
                number = whole + frac
            else:
                raise CellError(
                    _("'%(v)s' ambigu (seribu atau desimal?); tulis %(a)s atau %(b)s")
                    % {"v": original, "a": whole + frac, "b": f"{whole},{frac.rstrip('0') or '0'}"}
                )
        else:
            number = f"{whole}.{frac}"
    else:
        raise CellError(_("'%(v)s' bukan angka") % {"v": original})
    try:
        value = Decimal(number)
    except InvalidOperation:
        raise CellError(_("'%(v)s' bukan angka") % {"v": original}) from None
    del percent  # "75%" means 75 (targets are in the plan's unit, e.g. %)
    return _check_number(value, original, money)


def _check_number(value, raw, money):
    if not value.is_finite():
        raise CellError(_("'%(v)s' bukan angka") % {"v": raw})
    if value < 0:
        raise CellError(_("'%(v)s' tidak boleh negatif") % {"v": raw})
    if money:
        if value != value.to_integral_value():
            raise CellError(_("'%(v)s' harus rupiah utuh tanpa sen") % {"v": raw})
        return value.quantize(Decimal(1))
    if value.as_tuple().exponent < -2 and value != value.quantize(Decimal("0.01")):
        raise CellError(_("'%(v)s' memiliki lebih dari dua angka desimal") % {"v": raw})
    if abs(value) >= Decimal("1e14"):
        raise CellError(_("'%(v)s' terlalu besar") % {"v": raw})
    return value.quantize(Decimal("0.01"))


# --- writing ------------------------------------------------------------------------------

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
PLAIN_NUMBER = re.compile(r"^[+-]?\d[\d.,]*%?$")
# the first characters of a text that may need quoting: a trigger, or an apostrophe before one
QUOTE_CANDIDATES = frozenset(FORMULA_TRIGGERS) | {"'"}


def _needs_quote(text):
    # a leading apostrophe is quoted too, so that unneutralise() can tell ours from the user's
    if text.startswith("'"):
        return _needs_quote(text[1:])
    return text.startswith(FORMULA_TRIGGERS) and not PLAIN_NUMBER.match(text)


def neutralise(value):
    """A cell value that spreadsheet programs show as text, never run as a formula (writing).

    Strings starting with = + - @ (also their full-width forms), tab, CR or LF get a leading
    apostrophe; so does a string that starts with apostrophes followed by one of those, so that
    `unneutralise` undoes exactly this. Numbers, dates, booleans and None are returned
    unchanged, and so are strings that are plain numbers (e.g. "-12,5"), which cannot carry a
    formula.
    """
    # Most cells are numbers or start with a letter: one look at the first character clears them
    # (an export passes millions of cells through here).
    if isinstance(value, str) and value[:1] in QUOTE_CANDIDATES and _needs_quote(value):
        return "'" + value
    return value


def unneutralise(value):
    """The value that `neutralise` wrote into a cell (reading): its one apostrophe removed.

    A cell read back from an xlsx has its line ends turned into LF by the XML parser, and LF is
    a trigger like CR, so a neutralised "\\r=1" still comes back as "\\n=1" (see `as_read_back`).
    """
    if isinstance(value, str) and value.startswith("'") and _needs_quote(value[1:]):
        return value[1:]
    return value


def as_read_back(value):
    """What a stored text becomes after a trip through an xlsx cell: XML parsers turn CR LF and
    CR into LF. Compare stored values with read ones through this, so that a line end is not
    taken for an edit."""
    if isinstance(value, str) and "\r" in value:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Sheet:
    """One sheet of an export: bold heading rows, then `rows` (any iterable of value lists)."""

    title: str
    rows: Iterable
    headings: Sequence = ()


def write_xlsx(sheets, fileobj):
    """Write `sheets` as an xlsx into `fileobj`, each row as it comes (reformportal.xlsx), so
    memory stays flat whatever the number of rows. Every cell goes through `neutralise`: text is
    written as text, never as a formula."""
    write_workbook(
        [
            (sheet.title, ([neutralise(v) for v in values] for values in sheet.headings),
             ([neutralise(v) for v in values] for values in sheet.rows))
            for sheet in sheets
        ],
        fileobj,
    )


def xlsx_response(sheets, filename):
    """A download of `sheets`: written to a temporary file first (a worker holds no workbook
    in memory), then streamed from it in blocks; the file goes when the response closes."""
    out = tempfile.TemporaryFile()
    write_xlsx(sheets, out)
    out.seek(0)
    response = FileResponse(out, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def xlsx_download(content, filename):
    """A download of a workbook already in memory (`content`: the xlsx file's bytes)."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


class _Line:
    """csv.writer's file: hands back each line instead of storing it."""

    def write(self, value):
        return value


def csv_response(rows, filename):
    """A CSV download streamed line by line as `rows` (the header first) are read: nothing is
    held but the current row. UTF-8 with a BOM, so that Excel reads the accents."""
    writer = csv.writer(_Line())

    def lines():
        yield "\ufeff"
        for values in rows:
            yield writer.writerow([neutralise(value) for value in values])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


class SafeExportMixin:
    """Mixin for import-export resources: every exported cell goes through `neutralise`."""

    def export_field(self, field, instance, **kwargs):
        return neutralise(super().export_field(field, instance, **kwargs))


# --- importing ----------------------------------------------------------------------------


def import_all_or_nothing(resource, dataset, *, dry_run, user=None, max_rows=DEFAULT_MAX_ROWS, **kwargs):
    """Import `dataset` with `resource` in one transaction; any error rolls back every row.

    Returns the import-export Result. When `result.has_errors()` or
    `result.has_validation_errors()`, nothing was written; `describe_errors(result)` gives
    the messages to show ("Baris 7, kolom Target: ...").
    """
    if len(dataset) > max_rows:
        raise_too_many_rows(max_rows)
    return resource.import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
        collect_failed_rows=False,
        user=user,
        **kwargs,
    )


def import_failed(result):
    return result.has_errors() or result.has_validation_errors()


def describe_errors(result, *, limit=50):
    """Readable messages for the rows that failed, in row order (row numbers count the header)."""
    messages = []
    for error in result.base_errors:
        messages.append(_("Kesalahan umum: %(error)s") % {"error": error.error})
    for number, errors in result.row_errors():
        for error in errors:
            messages.append(_("Baris %(row)s: %(error)s") % {"row": number + 1, "error": error.error})
    for invalid in result.invalid_rows:
        for field, field_errors in invalid.field_specific_errors.items():
            for message in field_errors:
                messages.append(
                    _("Baris %(row)s, kolom %(column)s: %(error)s")
                    % {"row": invalid.number + 1, "column": field, "error": message}
                )
        for message in invalid.non_field_specific_errors:
            messages.append(_("Baris %(row)s: %(error)s") % {"row": invalid.number + 1, "error": message})
    if len(messages) > limit:
        remaining = len(messages) - limit
        messages = messages[:limit] + [_("… dan %(n)s kesalahan lain.") % {"n": remaining}]
    return messages
