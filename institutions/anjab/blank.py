"""The Anjab/ABK blank (blanko Anjab/ABK): building the xlsx and reading it back.

Sheets: "Identitas" (Pemda code, OPD code, year), "Petunjuk" (what the reader accepts),
"Jabatan" (one position per row) and "Uraian Tugas" (one task per row, tied to its position by
the position code). Titles on rows 1–2, headers on row 4, data from row 5. A re-upload updates
the positions with the same code, creates new codes and removes the positions whose code is no
longer in the blank; a position's tasks are replaced by the blank's when they differ.

What the reader accepts (the "Petunjuk" sheet says the same):
- numbers as number cells, or typed, by the portal's one rule (`reformportal.spreadsheets.
  parse_number`): "1250", "12.500.000" and "1,250,000" (grouped thousands), "12,5", "12.5",
  "1.250,5" and "1,250.5";
- time norms in minutes: a number ("30"), or with a unit: "30 menit", "30 mnt", "30 min",
  "2 jam", "1,5 jam", "1 jam 30 menit" ("jam"/"hour" = 60 minutes);
- periods: "per hari"/"hari"/"harian"/"day", "per minggu"/"minggu"/"pekan"/"week",
  "per bulan"/"bulan"/"month", "per tahun"/"tahun"/"year";
- kinds and levels by their label ("Pelaksana", "Ahli Muda"), any case.
What it refuses, with "Lembar X, baris N, kolom Y: …":
- AMBIGUOUS numbers: one dot or comma followed by exactly three digits ("1.250", "1,250": a
  thousand or a decimal?); write "1250" for a thousand and "1,25" for the decimal;
- more than two decimals, negative numbers, units other than minutes and hours ("detik",
  "hari"), unknown units of the structure, codes used twice, tasks of an unknown position code,
  a kelas outside 1–17, staff in post that is not a whole number.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

import openpyxl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill

from reformportal.spreadsheets import CellError, neutralise, parse_number, read_rows

from .models import Position

IDENTITY_SHEET = "Identitas"
INSTRUCTION_SHEET = "Petunjuk"
POSITION_SHEET = "Jabatan"
TASK_SHEET = "Uraian Tugas"
HEADER_ROW = 4
FIRST_DATA_ROW = 5
MAX_ROWS = 3000


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str  # text, int, number, minutes, period, kind, level, unit
    required: bool = False
    width: int = 18


POSITION_COLUMNS = [
    Column("code", "Kode jabatan", "text", True, 12),
    Column("unit", "Unit organisasi", "unit", True, 34),
    Column("kind", "Jenis jabatan", "kind", True, 16),
    Column("functional_level", "Jenjang fungsional", "level", False, 14),
    Column("name", "Nama jabatan", "text", True, 34),
    Column("grade", "Kelas jabatan", "int", True, 8),
    Column("in_post", "Pemangku (bezetting)", "int", True, 10),
    Column("summary", "Ikhtisar jabatan", "text", False, 40),
    Column("education", "Kualifikasi pendidikan", "text", False, 30),
    Column("training", "Kualifikasi pelatihan", "text", False, 30),
    Column("experience", "Kualifikasi pengalaman", "text", False, 30),
]
TASK_COLUMNS = [
    Column("position", "Kode jabatan", "text", True, 12),
    Column("order", "No", "int", False, 5),
    Column("description", "Uraian tugas", "text", True, 50),
    Column("output", "Hasil kerja", "text", True, 28),
    Column("output_unit", "Satuan hasil", "text", True, 12),
    Column("volume", "Volume", "number", True, 10),
    Column("period", "Periode", "period", True, 12),
    Column("time_norm", "Norma waktu (menit)", "minutes", True, 12),
]
POSITION_FIELDS = [c.key for c in POSITION_COLUMNS if c.key not in ("code", "unit")]
TASK_FIELDS = ["order", "description", "output", "output_unit", "volume", "period", "time_norm"]
TEXT_LIMITS = {"code": 30, "position": 30, "name": 200, "output": 200, "output_unit": 50}

PERIOD_LABELS = {"day": "per hari", "week": "per minggu", "month": "per bulan", "year": "per tahun"}
PERIOD_ALIASES = {
    "per hari": "day", "hari": "day", "harian": "day", "/hari": "day", "day": "day", "daily": "day", "per day": "day",
    "per minggu": "week", "minggu": "week", "mingguan": "week", "pekan": "week", "per pekan": "week",
    "/minggu": "week", "week": "week", "weekly": "week", "per week": "week",
    "per bulan": "month", "bulan": "month", "bulanan": "month", "/bulan": "month", "month": "month",
    "monthly": "month", "per month": "month",
    "per tahun": "year", "tahun": "year", "tahunan": "year", "/tahun": "year", "year": "year", "yearly": "year",
    "annual": "year", "per year": "year",
}
MINUTE_UNITS = {"menit": 1, "mnt": 1, "min": 1, "minute": 1, "minutes": 1, "jam": 60, "hour": 60, "hours": 60}

INSTRUCTIONS = [
    "Petunjuk pengisian blanko Anjab/ABK (PermenPANRB 1/2020)",
    "",
    "Lembar Jabatan: satu jabatan per baris. Kode jabatan tetap: unggahan ulang memperbarui jabatan dengan kode yang sama,",
    "kode baru menambah jabatan, jabatan yang kodenya tidak ada lagi di blanko dihapus.",
    "Unit organisasi ditulis persis seperti nama unit pada struktur organisasi perangkat daerah.",
    "Jenis jabatan: JPT Pratama, Administrator, Pengawas, Pelaksana, Fungsional. Jenjang untuk jabatan fungsional.",
    "Kelas jabatan: bilangan bulat 1–17. Pemangku (bezetting): jumlah pegawai yang menduduki jabatan.",
    "",
    "Lembar Uraian Tugas: satu tugas per baris, dengan kode jabatan dari lembar Jabatan.",
    "Periode volume: per hari, per minggu, per bulan, per tahun (dikonversi ×250, ×50, ×12, ×1 per tahun).",
    "Norma waktu: menit per satu hasil kerja. Boleh ditulis 30, 30 menit, 2 jam, 1,5 jam, 1 jam 30 menit.",
    "Satuan yang diterima: menit (mnt, min) dan jam. Satuan lain (detik, hari) ditolak.",
    "",
    "Angka: 1250, 12.500.000 atau 1,250,000 (pemisah ribuan), 12,5 atau 12.5, 1.250,5. Paling banyak dua desimal.",
    "Ditolak karena ambigu: satu titik atau koma diikuti tepat tiga angka (1.250, 1,250); tulis 1250",
    "(seribu dua ratus lima puluh) atau 1,25 (satu koma dua lima).",
    "Kesalahan disebutkan per lembar, baris dan kolom; bila ada satu kesalahan, tidak ada data yang disimpan.",
]


# --- building -------------------------------------------------------------------------------


def _header(ws, title, subtitle, columns):
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DCE6F1")
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=13)
    ws.cell(row=2, column=1, value=subtitle)
    for index, column in enumerate(columns, 1):
        cell = ws.cell(row=HEADER_ROW, column=index, value=column.header + (" *" if column.required else ""))
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[openpyxl.utils.get_column_letter(index)].width = column.width
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=1)


def _number(value):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def build_blank(abk):
    """The pre-filled blank of `abk` as xlsx bytes (its positions and tasks included)."""
    import io

    positions = list(
        Position.objects.filter(abk=abk).select_related("unit").prefetch_related("tasks").order_by("order", "pk")
    )
    opd = abk.opd
    wb = openpyxl.Workbook()
    ident = wb.active
    ident.title = IDENTITY_SHEET
    for row, (label, value) in enumerate(
        [("Kode Pemda", opd.pemda.code), ("Kode OPD", opd.code), ("Nama OPD", opd.name), ("Tahun", abk.year)], 1
    ):
        ident.cell(row=row, column=1, value=label).font = Font(bold=True)
        ident.cell(row=row, column=2, value=neutralise(value))
    ident.column_dimensions["A"].width, ident.column_dimensions["B"].width = 14, 60
    help_ws = wb.create_sheet(INSTRUCTION_SHEET)
    for row, line in enumerate(INSTRUCTIONS, 1):
        help_ws.cell(row=row, column=1, value=line)
    help_ws.column_dimensions["A"].width = 120

    subtitle = f"{opd.name} · {abk.year}"
    ws = wb.create_sheet(POSITION_SHEET)
    _header(ws, "Daftar jabatan", subtitle, POSITION_COLUMNS)
    kinds, levels = dict(Position.Kind.choices), dict(Position.FunctionalLevel.choices)
    for row, p in enumerate(positions, FIRST_DATA_ROW):
        values = [
            p.code, p.unit.name, str(kinds[p.kind]), str(levels.get(p.functional_level, "")), p.name, p.grade,
            p.in_post, p.summary, p.education, p.training, p.experience,
        ]
        for col, value in enumerate(values, 1):
            ws.cell(row=row, column=col, value=neutralise(value if value != "" else None))

    ws = wb.create_sheet(TASK_SHEET)
    _header(ws, "Uraian tugas dan beban kerja", subtitle, TASK_COLUMNS)
    row = FIRST_DATA_ROW
    for p in positions:
        for t in sorted(p.tasks.all(), key=lambda t: (t.order, t.pk)):
            values = [p.code, t.order, t.description, t.output, t.output_unit, _number(t.volume),
                      PERIOD_LABELS[t.period], _number(t.time_norm)]
            for col, value in enumerate(values, 1):
                ws.cell(row=row, column=col, value=neutralise(value))
            row += 1
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- reading --------------------------------------------------------------------------------


MINUTES_RE = re.compile(r"^(?P<n1>[\d.,]+)\s*(?P<u1>[^\d\s.,]+)?(?:\s+(?P<n2>[\d.,]+)\s*(?P<u2>[^\d\s.,]+))?$")


def parse_minutes(raw):
    """Minutes from a number or "30 menit", "2 jam", "1 jam 30 menit"."""
    if raw is None or isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        return parse_number(raw)
    text = " ".join(str(raw).strip().lower().split())
    match = MINUTES_RE.match(text)
    if not match:
        raise CellError(_("\"%(v)s\" bukan norma waktu; tulis menit (30, 30 menit) atau jam (2 jam)") % {"v": raw})
    total = Decimal(0)
    for n, u in (("n1", "u1"), ("n2", "u2")):
        if match.group(n) is None:
            continue
        unit = match.group(u) or "menit"
        if unit not in MINUTE_UNITS:
            raise CellError(
                _("satuan \"%(u)s\" tidak diterima; gunakan menit (menit, mnt, min) atau jam") % {"u": unit}
            )
        total += parse_number(match.group(n)) * MINUTE_UNITS[unit]
    if match.group("n2") is not None and (match.group("u1") or "menit") not in ("jam", "hour", "hours"):
        raise CellError(_("\"%(v)s\" bukan norma waktu; tulis misalnya 1 jam 30 menit") % {"v": raw})
    return parse_number(total)


def _text(raw):
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return " ".join(str(raw).split()) if not isinstance(raw, str) or "\n" not in raw else str(raw).strip()


def _key(text):
    return " ".join(str(text).split()).casefold()


@dataclass
class ParsedBlank:
    positions: list = field(default_factory=list)  # dicts, with "tasks"
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    @property
    def task_count(self):
        return sum(len(p["tasks"]) for p in self.positions)


class BlankReader:
    def __init__(self, abk, units):
        self.abk = abk
        self.units = {}
        for unit in units:
            self.units.setdefault(_key(unit.name), unit)
        self.kinds = {_key(label): value for value, label in Position.Kind.choices} | {v: v for v in Position.Kind.values}
        self.levels = {_key(label): value for value, label in Position.FunctionalLevel.choices} | {
            v: v for v in Position.FunctionalLevel.values
        }

    def read(self, workbook):
        parsed = ParsedBlank()
        for sheet in (IDENTITY_SHEET, POSITION_SHEET, TASK_SHEET):
            if sheet not in workbook.sheetnames:
                parsed.errors.append(_("Lembar \"%(s)s\" tidak ada; unduh ulang blanko dari portal.") % {"s": sheet})
        if parsed.errors:
            return parsed
        self._check_identity(workbook[IDENTITY_SHEET], parsed)
        if parsed.errors:
            return parsed
        by_code = {}
        for number, values in self._rows(workbook, POSITION_SHEET, POSITION_COLUMNS, parsed):
            row = self._clean_row(POSITION_SHEET, number, values, POSITION_COLUMNS, parsed)
            if row is None:
                continue
            if row["code"] in by_code:
                parsed.errors.append(self._where(POSITION_SHEET, number, "Kode jabatan") + _("kode %(c)s dipakai dua kali") % {"c": row["code"]})
                continue
            if (row["kind"] == Position.Kind.FUNGSIONAL) != bool(row["functional_level"]):
                parsed.errors.append(
                    self._where(POSITION_SHEET, number, "Jenjang fungsional")
                    + _("diisi untuk jabatan fungsional saja, dan wajib untuknya")
                )
                continue
            row["row"] = number
            row["tasks"] = []
            by_code[row["code"]] = row
            parsed.positions.append(row)
        for number, values in self._rows(workbook, TASK_SHEET, TASK_COLUMNS, parsed):
            row = self._clean_row(TASK_SHEET, number, values, TASK_COLUMNS, parsed)
            if row is None:
                continue
            position = by_code.get(row.pop("position"))
            if position is None:
                parsed.errors.append(
                    self._where(TASK_SHEET, number, "Kode jabatan") + _("tidak ada jabatan dengan kode ini di lembar Jabatan")
                )
                continue
            row["row"] = number
            position["tasks"].append(row)
        for position in parsed.positions:
            for index, task in enumerate(position["tasks"], 1):
                if task["order"] is None:
                    task["order"] = index
        if parsed.errors:
            parsed.positions = []
        return parsed

    def _where(self, sheet, number, header):
        return _("Lembar %(s)s, baris %(r)s, kolom %(c)s: ") % {"s": sheet, "r": number, "c": header}

    def _check_identity(self, ws, parsed):
        values = {}
        for _number_, row in read_rows(ws.parent, sheet=IDENTITY_SHEET, max_rows=20, max_columns=2):
            if row and row[0]:
                values[_key(row[0])] = _text(row[1] if len(row) > 1 else None)
        opd = self.abk.opd
        expected = {"kode pemda": opd.pemda.code, "kode opd": opd.code, "tahun": str(self.abk.year)}
        if any(values.get(k) != v for k, v in expected.items()):
            parsed.errors.append(
                _("Blanko ini untuk %(got)s, bukan untuk %(opd)s tahun %(year)s; unduh blanko dari halaman ABK ini.")
                % {
                    "got": " / ".join(values.get(k, "?") for k in expected),
                    "opd": opd.name,
                    "year": self.abk.year,
                }
            )

    def _rows(self, workbook, sheet, columns, parsed):
        headers = None
        for number, values in read_rows(workbook, sheet=sheet, max_rows=MAX_ROWS, max_columns=len(columns) + 5):
            if number < HEADER_ROW:
                continue
            if number == HEADER_ROW:
                headers = [_key(str(v or "")).rstrip(" *") for v in values[: len(columns)]]
                expected = [_key(c.header) for c in columns]
                if headers != expected:
                    parsed.errors.append(
                        _("Lembar %(s)s: judul kolom pada baris %(r)s berubah; unduh ulang blanko dari portal.")
                        % {"s": sheet, "r": HEADER_ROW}
                    )
                    return
                continue
            if headers is None:
                continue
            yield number, list(values[: len(columns)]) + [None] * (len(columns) - len(values))

    def _clean_row(self, sheet, number, values, columns, parsed):
        row, ok = {}, True
        for column, raw in zip(columns, values):
            empty = raw is None or (isinstance(raw, str) and not raw.strip())
            if empty:
                if column.required:
                    parsed.errors.append(self._where(sheet, number, column.header) + _("wajib diisi"))
                    ok = False
                row[column.key] = None if column.kind in ("int", "number", "minutes") else ""
                continue
            try:
                row[column.key] = self._clean(column, raw)
            except CellError as exc:
                parsed.errors.append(self._where(sheet, number, column.header) + str(exc))
                ok = False
        return row if ok else None

    def _clean(self, column, raw):
        kind = column.kind
        if kind == "text":
            text = _text(raw)
            limit = TEXT_LIMITS.get(column.key)
            if limit and len(text) > limit:
                raise CellError(_("paling banyak %(n)s karakter") % {"n": limit})
            return text
        if kind == "int":
            value = parse_number(raw)
            if value != value.to_integral_value():
                raise CellError(_("harus bilangan bulat"))
            value = int(value)
            if column.key == "grade" and not 1 <= value <= 17:
                raise CellError(_("kelas jabatan harus 1–17"))
            if value > 32767:
                raise CellError(_("terlalu besar"))
            return value
        if kind == "number":
            return parse_number(raw)
        if kind == "minutes":
            return parse_minutes(raw)
        if kind in ("period", "kind", "level", "unit"):
            return self._look_up(kind, raw)
        raise ValueError(kind)

    def _look_up(self, kind, raw):
        """A choice named by its label as typed (any case and spacing), or the refusal naming the cell's value."""
        choices, unknown = {
            "period": (PERIOD_ALIASES,
                       _("periode \"%(v)s\" tidak dikenal; tulis per hari, per minggu, per bulan atau per tahun")),
            "kind": (self.kinds, _("jenis jabatan \"%(v)s\" tidak dikenal")),
            "level": (self.levels, _("jenjang \"%(v)s\" tidak dikenal")),
            "unit": (self.units, _("unit \"%(v)s\" tidak ada pada struktur organisasi ABK ini")),
        }[kind]
        value = choices.get(_key(raw))
        if value is None:
            raise CellError(unknown % {"v": raw})
        return value


def read_blank_workbook(workbook, abk, units):
    try:
        return BlankReader(abk, units).read(workbook)
    except ValidationError as exc:
        return ParsedBlank(errors=list(exc.messages))
