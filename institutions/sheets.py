"""The workload mapping as an xlsx round trip: download the sheet, fill it in, upload it.

Layout (one sheet, "Pemetaan"): B3 population, B4 area (km²), B5 APBD (Rp); from row 8 one row
per agency: code (A), name (B), recorded type (C), technical score 0–800 (D). The upload is
all-or-nothing: every bad cell is named by row and column and nothing is written.
"""

import io
from dataclasses import dataclass, field
from decimal import Decimal

import openpyxl
from django.utils.translation import gettext as _

from reformportal.spreadsheets import CellError, neutralise, open_workbook, parse_number, read_rows

SHEET = "Pemetaan"
GENERAL_ROWS = {3: "population", 4: "area_km2", 5: "apbd"}
HEADER_ROW = 7
MAX_AGENCIES = 500


def build_workbook(pemda, year, opds, *, mapping=None, scores=None):
    scores = scores or {}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    ws["A1"] = neutralise(_("Pemetaan beban kerja perangkat daerah %(pemda)s tahun %(year)s (PP 18/2016)")
                          % {"pemda": pemda.name, "year": year})
    labels = {3: _("Jumlah penduduk (jiwa)"), 4: _("Luas wilayah (km²)"), 5: _("Jumlah APBD (Rp)")}
    for row, key in GENERAL_ROWS.items():
        ws.cell(row=row, column=1, value=labels[row])
        if mapping is not None:
            value = getattr(mapping, key)
            ws.cell(row=row, column=2, value=int(value) if key != "area_km2" else float(value))
    headers = [_("Kode"), _("Perangkat daerah"), _("Tipe saat ini"), _("Skor variabel teknis (0–800)")]
    for col, text in enumerate(headers, 1):
        ws.cell(row=HEADER_ROW, column=col, value=text)
    for offset, opd in enumerate(opds, 1):
        row = HEADER_ROW + offset
        ws.cell(row=row, column=1, value=neutralise(opd.code))
        ws.cell(row=row, column=2, value=neutralise(opd.name))
        ws.cell(row=row, column=3, value=opd.type or "")
        if opd.pk in scores:
            ws.cell(row=row, column=4, value=float(scores[opd.pk]))
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["D"].width = 26
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass
class ParsedWorkload:
    general: dict = field(default_factory=dict)
    scores: dict = field(default_factory=dict)  # opd code -> Decimal
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


def _error(parsed, row, column, message):
    parsed.errors.append(_("Baris %(row)s, kolom %(column)s: %(error)s") % {"row": row, "column": column,
                                                                            "error": message})


def parse_workbook(fileobj, opds):
    """Read an uploaded mapping; `opds` are the Pemda's agencies (by code)."""
    wb = open_workbook(fileobj)
    if SHEET not in wb.sheetnames:
        return ParsedWorkload(errors=[_("Lembar \"%(sheet)s\" tidak ditemukan.") % {"sheet": SHEET}])
    by_code = {opd.code: opd for opd in opds}
    parsed = ParsedWorkload()
    seen = set()
    for number, values in read_rows(wb, sheet=SHEET, max_rows=MAX_AGENCIES + HEADER_ROW, max_columns=4):
        values = list(values) + [None] * (4 - len(values))
        if number in GENERAL_ROWS:
            key = GENERAL_ROWS[number]
            raw = values[1]
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                _error(parsed, number, "B", _("wajib diisi"))
                continue
            try:
                value = parse_number(raw, money=key != "area_km2")
            except CellError as exc:
                _error(parsed, number, "B", str(exc))
                continue
            parsed.general[key] = int(value) if key == "population" else value
        elif number > HEADER_ROW:
            code = str(values[0] or "").strip()
            raw = values[3]
            if not code:
                _error(parsed, number, "A", _("kode perangkat daerah kosong"))
                continue
            if code not in by_code:
                _error(parsed, number, "A", _("kode \"%(code)s\" bukan perangkat daerah pemerintah daerah ini")
                       % {"code": code})
                continue
            if code in seen:
                _error(parsed, number, "A", _("kode \"%(code)s\" muncul dua kali") % {"code": code})
                continue
            seen.add(code)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue  # not mapped this year
            try:
                value = parse_number(raw)
            except CellError as exc:
                _error(parsed, number, "D", str(exc))
                continue
            if value > Decimal(800):
                _error(parsed, number, "D", _("skor variabel teknis paling tinggi 800"))
                continue
            parsed.scores[code] = value
    return parsed
