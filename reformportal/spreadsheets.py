"""Safe spreadsheet reading, writing and importing, shared by every app.

- `open_workbook(fileobj)`: checks the xlsx as a zip first (no zip bomb is ever expanded,
  no macros, no encrypted files) and parses it with openpyxl, which uses defusedxml (no billion
  laughs, no external entities); formulas come back as their cached values, never evaluated.
- `read_rows(...)` / `workbook_to_dataset(...)`: the rows of a sheet, with a row cap.
- `SheetRows(workbook, sheet, ...)`: a faster row reader for big read-only sheets (values plus
  each cell's number format on demand), used by the action-plan blank import.
- `neutralise(value)`: every xlsx/csv export passes every cell through it, so that a value typed
  by a user (e.g. `=HYPERLINK(...)`) is shown as text and never run as a formula.
- `import_all_or_nothing(resource, dataset, ...)`: django-import-export with one transaction:
  one bad row (error or validation error) and nothing is written.
"""

import re
import zipfile
from decimal import Decimal

import openpyxl
import tablib
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils import coordinate_to_tuple
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import INLINE_STRING, WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS

from .uploads import OLE_MAGIC, ZIP_MAGIC, MACRO_EXTENSIONS, _check_ole, check_office_zip, extension_of

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
    """Yield (row_number, values) of a sheet; refuses sheets longer than `max_rows` data rows."""
    ws = workbook[sheet] if sheet else workbook.worksheets[0]
    count = 0
    for number, values in enumerate(ws.iter_rows(max_col=max_columns, values_only=True), 1):
        if skip_empty and all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        count += 1
        if count > max_rows + 1:  # +1: the header row
            raise_too_many_rows(max_rows)
        yield number, values


_TEXT_TAG = "{%s}t" % SHEET_MAIN_NS
_RUN_TAG = "{%s}r" % SHEET_MAIN_NS


class _SheetParser(WorkSheetParser):
    """openpyxl's own sheet parser (same XML parser, defusedxml, same values), with a cheap path
    for inline-string cells (openpyxl writes every text cell as one; its generic object mapping
    costs more than the XML parsing) and rows returned as (column, value, style_id) tuples."""

    def parse_row(self, row):
        number = row.get("r")
        if number is not None:
            try:
                self.row_counter = int(number)
            except ValueError:
                value = float(number)
                if not value.is_integer():
                    raise ValueError(f"{number} is not a valid row number") from None
                self.row_counter = int(value)
        else:
            self.row_counter += 1
        self.col_counter = 0
        cells = []
        for element in row:
            if element.get("t") == "inlineStr" and self.data_only and not self.rich_text:
                cells.append(self._inline_string(element))
            else:
                cell = self.parse_cell(element)
                cells.append((cell["column"], cell["value"], cell["style_id"]))
        return self.row_counter, cells

    def _inline_string(self, element):
        # the same as parse_cell() for t="inlineStr" with data_only and without rich text:
        # Text.from_tree(child).content is the plain <t> text followed by each run's <t> text
        coordinate = element.get("r")
        style_id = element.get("s", 0)
        if style_id:
            style_id = int(style_id)
        if coordinate:
            _, column = coordinate_to_tuple(coordinate)
            self.col_counter = column
        else:
            self.col_counter += 1
            column = self.col_counter
        child = element.find(INLINE_STRING)
        if child is None:
            return column, None, style_id
        parts = []
        plain = child.find(_TEXT_TAG)
        if plain is not None and plain.text is not None:
            parts.append(plain.text)
        for run in child.findall(_RUN_TAG):
            text = run.findtext(_TEXT_TAG)
            if text:
                parts.append(text)
        return column, "".join(parts), style_id


class SheetRows:
    """The rows of one sheet of a read-only workbook from open_workbook(read_only=True).

    Iterating yields (row_number, values) for rows min_row.. (values padded/cut to max_col
    columns, missing rows yielded as empty), like ws.iter_rows(min_row=..., max_col=...,
    values_only=True) but about twice as fast on big sheets. `number_format(row_number, column)`
    gives a cell's number format (e.g. "0%") for the row being read. Other workbooks fall back
    to openpyxl's iter_rows.
    """

    def __init__(self, workbook, sheet, *, min_row=1, max_col):
        self.workbook = workbook
        self.ws = workbook[sheet]
        self.min_row = min_row
        self.max_col = max_col
        self._styles = ()
        self._formats = {}

    def __iter__(self):
        if not isinstance(self.ws, ReadOnlyWorksheet):
            for number, cells in enumerate(self.ws.iter_rows(min_row=self.min_row, max_col=self.max_col), self.min_row):
                self._styles = [getattr(c, "number_format", None) for c in cells]
                yield number, [c.value for c in cells]
            return
        width = self.max_col
        max_row = self.ws.max_row
        counter = self.min_row
        with self.ws._get_source() as src:
            parser = _SheetParser(
                src, self.workbook.shared_strings, data_only=self.workbook.data_only, epoch=self.workbook.epoch,
                date_formats=self.workbook._date_formats, timedelta_formats=self.workbook._timedelta_formats,
            )
            for number, cells in parser.parse():
                if max_row is not None and number > max_row:
                    break
                for missing in range(counter, number):
                    counter += 1
                    self._styles = [0] * width
                    yield missing, [None] * width
                if counter <= number:
                    counter += 1
                    values = [None] * width
                    styles = [0] * width
                    for column, value, style_id in cells:
                        if column <= width:
                            values[column - 1] = value
                            styles[column - 1] = style_id
                    self._styles = styles
                    yield number, values
        if max_row is not None:
            for missing in range(counter, max_row + 1):
                self._styles = [0] * width
                yield missing, [None] * width

    def number_format(self, column):
        """Number format of `column` (1-based) in the row last yielded."""
        style = self._styles[column - 1] if column <= len(self._styles) else 0
        if not isinstance(style, int):  # fallback path: the format itself (or None)
            return style
        if style not in self._formats:
            fmt_id = self.workbook._cell_styles[style].numFmtId
            if fmt_id < BUILTIN_FORMATS_MAX_SIZE:
                self._formats[style] = BUILTIN_FORMATS.get(fmt_id, "General")
            else:
                self._formats[style] = self.workbook._number_formats[fmt_id - BUILTIN_FORMATS_MAX_SIZE]
        return self._formats[style]


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


# --- writing ------------------------------------------------------------------------------

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
PLAIN_NUMBER = re.compile(r"^[+-]?\d[\d.,]*%?$")


def neutralise(value):
    """A cell value that spreadsheet programs show as text, never run as a formula.

    Strings starting with = + - @ (also their full-width forms), tab, CR or LF get a leading
    apostrophe. Numbers, dates, booleans and None are returned unchanged, and so are strings
    that are plain numbers (e.g. "-12,5"), which cannot carry a formula.
    """
    if value is None or isinstance(value, (bool, int, float, Decimal)) or not isinstance(value, str):
        return value
    if value.startswith(FORMULA_TRIGGERS) and not PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def neutralise_row(values):
    return [neutralise(v) for v in values]


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
