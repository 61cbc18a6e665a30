"""A streaming xlsx writer for large exports: bold heading rows, then rows of text and numbers.

Why not a library: the Portal RB export of a province writes about 4.7 million cells (50,000 plans)
and the national one about 11 million. XlsxWriter's constant-memory mode spent ~2 µs of Python per
cell (≈ 20 s for a province, the target is 10 s; openpyxl's write-only mode was 2.4× slower still).
The cells an export needs — inline text, numbers, booleans, empty — are a few lines of XML each,
and writing them as strings costs a tenth of that. Anything richer (formats, formulas, widths)
belongs to a library.

The package is the minimum Excel, LibreOffice and openpyxl open: content types, relationships,
the workbook, one style sheet (normal and bold) and one XML part per sheet, deflated into the zip
as it is written, a few hundred rows at a time: memory stays flat at any size.
"""

import math
import zipfile
from decimal import Decimal
from xml.sax.saxutils import quoteattr

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

BOLD = '<c s="1"'  # a cell in the bold format, the second of STYLES' cellXfs
ROWS_PER_WRITE = 500

STYLES = (
    f'{XML_DECLARATION}<styleSheet xmlns="{MAIN_NS}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


# XML escapes, CR as LF (what an XML reader makes of it anyway), and characters XML 1.0 cannot
# carry at all: a cell loses them rather than making the file unreadable. One str.translate.
_XML_TEXT = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "\n",
    **{chr(c): None for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]},
})


def _number(value):
    """A float as the shortest text that reads back as the same float; a whole one without ".0",
    as spreadsheet programs write it (a reader gives 0, not 0.0)."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return value


def cell_xml(value, start="<c"):
    """One `<c>` element (without its reference: readers count the columns); `start` carries the
    style attribute of a heading cell."""
    if type(value) is str:  # most cells: checked first, exactly
        if not value:
            return f"{start}/>"
        if "\r\n" in value:
            value = value.replace("\r\n", "\n")
        return f'{start} t="inlineStr"><is><t xml:space="preserve">{value.translate(_XML_TEXT)}</t></is></c>'
    if value is None:
        return f"{start}/>"
    if isinstance(value, bool):
        return f'{start} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float, Decimal)) and math.isfinite(value):
        return f"{start}><v>{_number(value)}</v></c>"
    return cell_xml(str(value), start)


def row_xml(number, values, start="<c"):
    """One `<row>`; empty cells at its end are left out, as a spreadsheet program does."""
    end = len(values)
    while end and (values[end - 1] is None or values[end - 1] == ""):
        end -= 1
    return f'<row r="{number}">{"".join([cell_xml(value, start) for value in values[:end]])}</row>'


def _write_sheet(part, headings, rows):
    part.write(f'{XML_DECLARATION}<worksheet xmlns="{MAIN_NS}"><sheetData>'.encode())
    number = 0
    chunk = []
    for values in headings:
        number += 1
        chunk.append(row_xml(number, values, BOLD))
    for values in rows:
        number += 1
        chunk.append(row_xml(number, values))
        if len(chunk) >= ROWS_PER_WRITE:
            part.write("".join(chunk).encode())
            chunk = []
    part.write("".join(chunk).encode())
    part.write(b"</sheetData></worksheet>")


def write_workbook(sheets, fileobj):
    """Write `sheets` — (title, heading rows, rows) triples, rows read lazily — as an xlsx into
    `fileobj`. Values are written as given: a caller neutralises text against formula injection
    before (reformportal.spreadsheets.write_xlsx does)."""
    titles = []
    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for index, (title, headings, rows) in enumerate(sheets, 1):
            titles.append(title)
            with package.open(f"xl/worksheets/sheet{index}.xml", "w", force_zip64=True) as part:
                _write_sheet(part, headings, rows)
        count = range(1, len(titles) + 1)
        package.writestr("[Content_Types].xml", (
            f'{XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for i in count
            )
            + "</Types>"
        ))
        package.writestr("_rels/.rels", (
            f'{XML_DECLARATION}<Relationships xmlns="{PACKAGE_REL_NS}">'
            f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ))
        package.writestr("xl/workbook.xml", (
            f'{XML_DECLARATION}<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
            + "".join(f'<sheet name={quoteattr(title)} sheetId="{i}" r:id="rId{i}"/>' for i, title in zip(count, titles))
            + "</sheets></workbook>"
        ))
        package.writestr("xl/_rels/workbook.xml.rels", (
            f'{XML_DECLARATION}<Relationships xmlns="{PACKAGE_REL_NS}">'
            + "".join(f'<Relationship Id="rId{i}" Type="{REL_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in count)
            + f'<Relationship Id="rId{len(titles) + 1}" Type="{REL_NS}/styles" Target="styles.xml"/></Relationships>'
        ))
        package.writestr("xl/styles.xml", STYLES)
