"""The action-plan blank (blanko rencana aksi): building the xlsx, reading and normalising it.

Sheets: "Identitas" (whose blank: Pemda code, OPD code, year), "Petunjuk" (instructions),
"Rencana Aksi" (title rows 1–2, headers on row 4, one plan per row from row 5), and a hidden
"Referensi" sheet feeding the drop-downs (themes of the year, target modes).

What the reader accepts (and the instruction sheet says so):
- numbers "12,5" and "12.5"; grouped thousands "1.250.000" or "1,250,000"; "75%" / "75 %"
  (Excel percent cells, stored as 0.75, become 75);
- rupiah "Rp 1.250.000", "1.250.000", "1250000" (whole rupiah);
- dates as date cells, "30/09/2025", "30-09-2025", "2025-09-30", "30 September 2025", "30 Sep 2025".
What it rejects, with "Baris N, kolom X: …":
- text that is not a number ("12,5,0"), negative values;
- AMBIGUOUS numbers: a single "." or "," followed by exactly three digits ("1.250", "1,250")
  could be a thousand or a decimal; write "1250" or "1,25" instead (for rupiah columns, where
  decimals do not exist, "1.250" is accepted as 1250);
- more than two decimal places; formulas whose value was not saved (open and save in Excel);
- unknown themes, codes used twice, cumulative targets that go down or whose TW IV differs from
  the annual target, per-quarter targets whose sum differs from the annual target.
Empty rows (also trailing ones) are ignored.
"""

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

import openpyxl
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from reformportal.spreadsheets import (
    DEFAULT_MAX_ROWS,
    CellError,
    SheetRows,
    as_read_back,
    neutralise,
    parse_number,
    raise_too_many_rows,
    unneutralise,
)

from .columns import COLUMNS
from .models import ActionPlan, KegiatanUtama, Programme, SasaranTematik, Theme

DATA_SHEET = "Rencana Aksi"
IDENTITY_SHEET = "Identitas"
INSTRUCTION_SHEET = "Petunjuk"
REFERENCE_SHEET = "Referensi"
HEADER_ROW = 4
FIRST_DATA_ROW = 5

MODE_LABELS = {"cumulative": "Akumulatif", "per_quarter": "Per triwulan"}
MODE_ALIASES = {
    "akumulatif": "cumulative", "kumulatif": "cumulative", "cumulative": "cumulative",
    "per triwulan": "per_quarter", "per tw": "per_quarter", "pertriwulan": "per_quarter",
    "per-quarter": "per_quarter", "per quarter": "per_quarter", "per_quarter": "per_quarter",
}


TEXT_LIMITS = {"code": 30, "unit": 50, "output_unit": 50, "budget_source": 100, "person_in_charge": 150}
# columns whose empty cell means "" (the model's blank text), not "missing"
BLANK_TEXT = ("problem", "expected_impact", "activities", "outputs", "budget_source", "person_in_charge", "formula",
              "output_indicator", "output_unit", "coordinators", "implementers")
MONTHS = {
    "januari": 1, "january": 1, "jan": 1, "februari": 2, "february": 2, "feb": 2, "pebruari": 2,
    "maret": 3, "march": 3, "mar": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "june": 6,
    "jun": 6, "juli": 7, "july": 7, "jul": 7, "agustus": 8, "august": 8, "agu": 8, "aug": 8, "agt": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nopember": 11, "nov": 11, "desember": 12, "december": 12, "des": 12, "dec": 12,
}


def theme_label(theme):
    return f"{theme.code} - {theme.name}"


def reference_label(row):
    """A kegiatan utama or sasaran tematik as the blank's drop-down shows it."""
    return f"{row.code} - {row.name}"


def pemda_references(pemda, year):
    """The Pemda's kegiatan utama and sasaran tematik of the year (two queries)."""
    return (
        list(KegiatanUtama.objects.filter(pemda=pemda, year=year).order_by("code")),
        list(SasaranTematik.objects.filter(pemda=pemda, year=year).order_by("code")),
    )


def year_themes(year):
    themes = Theme.objects.filter(programme__year=year).select_related("programme")
    # RB General first, then the year's tematik/berdampak themes
    return sorted(themes, key=lambda t: (t.programme.kind != "general", t.programme.kind, t.order))


# --- building -------------------------------------------------------------------------------


def build_blank(opd, year, *, plans=None):
    """The pre-filled blank for `opd` and `year` as xlsx bytes (its existing plans included)."""
    themes = year_themes(year)
    kegiatan, goals = pemda_references(opd.pemda, year)
    if plans is None:
        plans = list(
            ActionPlan.objects.filter(opd=opd, year=year)
            .select_related("theme", "kegiatan_utama", "sasaran_tematik").order_by("code")
        )
    wb = openpyxl.Workbook()
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DCE6F1")

    ident = wb.active
    ident.title = IDENTITY_SHEET
    pemda = opd.pemda
    rows = [
        ("Blanko rencana aksi reformasi birokrasi", ""),
        ("", ""),
        ("Kode pemerintah daerah", pemda.code),
        ("Kode perangkat daerah", opd.code),
        ("Nama perangkat daerah", opd.name),
        ("Tahun", year),
        ("Pemerintah daerah", pemda.name),
        ("Dibuat", timezone.localtime().strftime("%d/%m/%Y %H:%M")),
    ]
    for r, (label, value) in enumerate(rows, 1):
        ident.cell(r, 1, label).font = bold
        ident.cell(r, 2, neutralise(value))
    ident["A1"].font = Font(bold=True, size=14)
    ident.column_dimensions["A"].width = 28
    ident.column_dimensions["B"].width = 60
    ident.protection.sheet = True

    instr = wb.create_sheet(INSTRUCTION_SHEET)
    lines = [
        "Petunjuk pengisian blanko rencana aksi",
        "",
        "1. Isi satu rencana aksi per baris pada lembar \"Rencana Aksi\", mulai baris 5. Jangan ubah judul kolom di baris 4.",
        "2. Kode RA tetap untuk perangkat daerah dan tahun ini (misalnya RA-01). Mengunggah kode yang sama memperbarui rencana aksi, bukan menggandakannya.",
        "3. Tema/Area: pilih dari daftar (tema tahun %s). Rencana aksi RB General memilih Kegiatan utama; rencana aksi RB Tematik/Berdampak memilih Sasaran tematik (keduanya dari daftar yang ditetapkan Biro/Bagian Organisasi). Rencana aksi RB General yang baru wajib memiliki kegiatan utama." % year,
        "4. Mode target: Akumulatif (target TW IV = target tahunan, target tidak boleh turun) atau Per triwulan (jumlah target TW I–IV = target tahunan).",
        "5. Angka boleh ditulis 12,5 atau 12.5; persen boleh 75%. Angka dengan satu pemisah diikuti tepat tiga digit (misalnya 1.250 atau 1,250) ditolak karena ambigu: tulis 1250 atau 1,25.",
        "6. Anggaran dalam rupiah utuh, boleh ditulis Rp 1.250.000.",
        "7. Tanggal boleh ditulis 30/09/2025 atau 30 September 2025.",
        "8. Kegiatan dan output: satu per baris di dalam sel (Alt+Enter), output sejajar dengan kegiatannya. Koordinator dan Pelaksana: satu unit per baris di dalam sel; boleh lebih dari satu.",
        "8a. Rumus indikator: cara menghitung indikator, ditulis sebagai teks (misalnya: jumlah layanan daring / jumlah layanan x 100%). Baseline: nilai indikator tahun sebelumnya. Indikator output dan satuan output: keluaran kegiatan yang dilaporkan ke Portal RB.",
        "9. Jangan gunakan rumus. Jika terpaksa, buka dan simpan berkas di Excel agar nilainya tersimpan.",
        "10. Unggah berkas .xlsx (bukan .xls/.xlsm). Sistem menampilkan pratinjau; data baru tersimpan setelah Anda menekan Simpan. Satu kesalahan membuat seluruh berkas tidak disimpan.",
        "11. Blanko lama (tanpa kolom Kegiatan utama, Sasaran tematik, Rumus indikator, Baseline, Indikator output, Satuan output, Koordinator, Pelaksana) tetap dapat diunggah: kolom yang tidak ada tidak mengubah data rencana aksi yang sudah tersimpan.",
    ]
    for r, line in enumerate(lines, 1):
        instr.cell(r, 1, line)
    instr["A1"].font = Font(bold=True, size=14)
    instr.column_dimensions["A"].width = 140

    ref = wb.create_sheet(REFERENCE_SHEET)
    for r, theme in enumerate(themes, 1):
        ref.cell(r, 1, theme_label(theme))
    for r, label in enumerate(MODE_LABELS.values(), 1):
        ref.cell(r, 2, label)
    for column, rows in ((3, kegiatan), (4, goals)):
        for r, row in enumerate(rows, 1):
            ref.cell(r, column, neutralise(reference_label(row)))
    ref.sheet_state = "hidden"

    ws = wb.create_sheet(DATA_SHEET)
    wb.active = wb.index(ws)
    ws.cell(1, 1, "Rencana aksi %s tahun %s" % (opd.name, year)).font = Font(bold=True, size=13)
    ws.cell(2, 1, "%s · kode %s" % (pemda.name, opd.code))
    for c, column in enumerate(COLUMNS, 1):
        cell = ws.cell(HEADER_ROW, c, column.header)
        cell.font = bold
        cell.fill = head_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width = column.width
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 3)
    for r, plan in enumerate(plans, FIRST_DATA_ROW):
        for c, column in enumerate(COLUMNS, 1):
            ws.cell(r, c, neutralise(_plan_value(plan, column)))
    last = max(FIRST_DATA_ROW + len(plans) + 200, 300)
    col = {column.key: openpyxl.utils.get_column_letter(i) for i, column in enumerate(COLUMNS, 1)}
    if themes:
        dv = DataValidation(
            type="list", formula1=f"={REFERENCE_SHEET}!$A$1:$A${len(themes)}", allow_blank=True,
            errorTitle="Tema tidak dikenal", error="Pilih tema/area dari daftar.", showErrorMessage=True,
        )
        dv.add(f"{col['theme']}{FIRST_DATA_ROW}:{col['theme']}{last}")
        ws.add_data_validation(dv)
    for key, letter, rows in (("kegiatan_utama", "C", kegiatan), ("sasaran_tematik", "D", goals)):
        if rows:
            dv = DataValidation(type="list", formula1=f"={REFERENCE_SHEET}!${letter}$1:${letter}${len(rows)}", allow_blank=True)
            dv.add(f"{col[key]}{FIRST_DATA_ROW}:{col[key]}{last}")
            ws.add_data_validation(dv)
    mode_dv = DataValidation(type="list", formula1=f"={REFERENCE_SHEET}!$B$1:$B$2", allow_blank=True)
    mode_dv.add(f"{col['target_mode']}{FIRST_DATA_ROW}:{col['target_mode']}{last}")
    ws.add_data_validation(mode_dv)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _plan_value(plan, column):
    if column.key == "theme":
        return theme_label(plan.theme)
    if column.key == "target_mode":
        return MODE_LABELS[plan.target_mode]
    if column.kind in ("kegiatan_utama", "sasaran_tematik"):
        row = getattr(plan, column.key)
        return reference_label(row) if row is not None else None
    value = getattr(plan, column.key)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


# --- reading --------------------------------------------------------------------------------


@dataclass
class ParsedBlank:
    rows: list = field(default_factory=list)  # [{"row": N, key: normalised value, ...}]
    errors: list = field(default_factory=list)  # readable messages, in row order
    checked: object = None  # the upload gate's CheckedUpload (size, SHA-256) of the file read
    gate_refused: bool = False  # the upload gate refused the file (such files are not kept)

    bad_cells: dict = field(default_factory=dict)  # {(row number, column key): reason}, for the preview

    @property
    def ok(self):
        return not self.errors


def _is_empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


DATE_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
DATE_WORDS = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$")


def parse_date(raw):
    """A date from a date cell, "30/09/2025", "2025-09-30" or "30 September 2025"."""
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = str(raw).strip()
    try:
        if m := DATE_NUMERIC.match(text):
            day, month, year = (int(g) for g in m.groups())
        elif m := DATE_ISO.match(text):
            year, month, day = (int(g) for g in m.groups())
        elif m := DATE_WORDS.match(text):
            day, name, year = int(m.group(1)), m.group(2).lower(), int(m.group(3))
            if name not in MONTHS:
                raise ValueError
            month = MONTHS[name]
        else:
            raise ValueError
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(_("'%(v)s' bukan tanggal (contoh: 30/09/2025 atau 30 September 2025)") % {"v": text}) from None


def _text(raw):
    if isinstance(raw, str) and (written := unneutralise(raw)) is not raw:
        return written  # a value the portal wrote (see neutralise): exactly as stored, spaces too
    if isinstance(raw, float) and raw == int(raw):
        raw = int(raw)
    if isinstance(raw, datetime.datetime):
        raw = raw.date()
    return str(raw).replace("\r\n", "\n").strip()


class BlankReader:
    """Reads and normalises one uploaded blank for a given OPD and year."""

    def __init__(self, opd, year, *, max_rows=DEFAULT_MAX_ROWS):
        self.opd = opd
        self.year = year
        self.max_rows = max_rows
        self.themes = {}
        for theme in year_themes(year):
            for key in (theme.code, theme_label(theme), theme.name, f"{theme.code} {theme.name}", f"{theme.code} · {theme.name}"):
                self.themes.setdefault(key.lower(), theme)
        kegiatan, goals = pemda_references(opd.pemda, year)
        # a kegiatan utama / sasaran tematik by its code or by its drop-down label
        self.references = {
            kind: {key.lower(): row for row in rows for key in (row.code, reference_label(row))}
            for kind, rows in (("kegiatan_utama", kegiatan), ("sasaran_tematik", goals))
        }
        # as the import keys them (resources._key): a stored CR comes back from the blank as LF
        self.existing_codes = {
            as_read_back(code).lower() for code in ActionPlan.objects.filter(opd=opd, year=year).values_list("code", flat=True)
        }

    def read(self, workbook, fileobj=None):
        parsed = ParsedBlank()
        names = workbook.sheetnames
        if DATA_SHEET not in names or IDENTITY_SHEET not in names:
            parsed.errors.append(
                _("Berkas ini bukan blanko rencana aksi portal (lembar \"%(sheet)s\" tidak ada). Unduh blanko dari portal lalu isi.")
                % {"sheet": DATA_SHEET if DATA_SHEET not in names else IDENTITY_SHEET}
            )
            return parsed
        self._check_identity(workbook[IDENTITY_SHEET], parsed)
        if parsed.errors:
            return parsed
        missing_values = self._formulas_without_values(fileobj, workbook) if fileobj is not None else set()
        rows = SheetRows(workbook, DATA_SHEET, min_row=HEADER_ROW, max_col=len(COLUMNS) + 10)
        index = None
        seen_codes = {}
        count = 0
        for number, values in rows:
            if number == HEADER_ROW:
                index = self._header_index(values, parsed)
                if index is None:
                    return parsed
                continue
            if all(_is_empty(v) for v in values) and not (
                missing_values and any((number, i + 1) in missing_values for i in range(len(values)))
            ):
                continue
            count += 1
            if count > self.max_rows:
                raise_too_many_rows(self.max_rows)
            row = {"row": number}
            for column in COLUMNS:
                if column.key not in index:
                    continue  # an optional column an older blank lacks: the field stays unchanged
                i = index[column.key]
                raw = values[i] if i < len(values) else None
                if missing_values and (number, i + 1) in missing_values:
                    parsed.bad_cells[(number, column.key)] = _("rumus tanpa nilai tersimpan")
                    parsed.errors.append(
                        _("Baris %(row)s, kolom %(col)s: berisi rumus yang nilainya tidak tersimpan; buka dan simpan ulang berkas di Excel, atau ketik nilainya")
                        % {"row": number, "col": column.header}
                    )
                    continue
                # the number format only matters for numeric cells of number columns (Excel percent cells)
                number_format = rows.number_format(i + 1) if isinstance(raw, (int, float)) and column.kind in ("number", "money") else ""
                try:
                    row[column.key] = self._clean(column, raw, number_format)
                except CellError as exc:
                    parsed.bad_cells[(number, column.key)] = str(exc)
                    parsed.errors.append(
                        _("Baris %(row)s, kolom %(col)s: %(reason)s") % {"row": number, "col": column.header, "reason": exc}
                    )
            self._check_row(row, number, parsed, seen_codes)
            parsed.rows.append(row)
        if index is None:
            parsed.errors.append(_("Judul kolom pada baris %(row)s tidak ditemukan.") % {"row": HEADER_ROW})
        elif not parsed.rows and not parsed.errors:
            parsed.errors.append(_("Blanko tidak berisi rencana aksi (baris %(row)s dan seterusnya kosong).") % {"row": FIRST_DATA_ROW})
        return parsed

    def _check_identity(self, ws, parsed):
        values = {}
        for row in ws.iter_rows(min_row=1, max_row=12, max_col=2, values_only=True):
            if row and row[0]:
                values[str(row[0]).strip().lower()] = row[1] if len(row) > 1 else None
        pemda_code = _text(values.get("kode pemerintah daerah") or "")
        opd_code = _text(values.get("kode perangkat daerah") or "")
        year = values.get("tahun")
        try:
            year = int(str(year).strip())
        except (TypeError, ValueError):
            year = None
        if (pemda_code, opd_code) != (self.opd.pemda.code, self.opd.code):
            parsed.errors.append(
                _("Blanko ini milik perangkat daerah %(code)s (%(pemda)s), bukan %(expected)s. Unduh blanko perangkat daerah Anda.")
                % {"code": opd_code or "?", "pemda": pemda_code or "?", "expected": self.opd.code}
            )
        if year != self.year:
            parsed.errors.append(
                _("Blanko ini untuk tahun %(year)s, bukan %(expected)s.") % {"year": year or "?", "expected": self.year}
            )

    def _header_index(self, values, parsed):
        found = {}
        for i, value in enumerate(values):
            if isinstance(value, str):
                found.setdefault(value.strip().lower(), i)
        index = {}
        missing = []
        for column in COLUMNS:
            if column.header.lower() in found:
                index[column.key] = found[column.header.lower()]
            elif not column.optional:
                missing.append(column.header)
        if missing:
            parsed.errors.append(
                _("Baris %(row)s: kolom %(cols)s tidak ditemukan. Jangan ubah judul kolom blanko.")
                % {"row": HEADER_ROW, "cols": ", ".join(missing)}
            )
            return None
        return index

    def _clean(self, column, raw, number_format):
        if _is_empty(raw):
            if column.required:
                raise CellError(_("wajib diisi"))
            return None
        if isinstance(raw, str) and raw.strip().startswith("#") and raw.strip().upper() in ("#REF!", "#VALUE!", "#DIV/0!", "#N/A", "#NAME?", "#NUM!", "#NULL!"):
            raise CellError(_("berisi galat rumus %(v)s") % {"v": raw.strip()})
        if column.kind == "number":
            return parse_number(raw, number_format=number_format)
        if column.kind == "money":
            return parse_number(raw, money=True, number_format=number_format)
        if column.kind == "date":
            return parse_date(raw)
        text = _text(raw)
        if column.kind == "theme":
            theme = self.themes.get(text.lower()) or self.themes.get(text.split(" ")[0].lower())
            if theme is None:
                raise CellError(_("'%(v)s' bukan tema/area tahun %(year)s") % {"v": text, "year": self.year})
            return theme
        if column.kind in self.references:
            row = self.references[column.kind].get(text.lower()) or self.references[column.kind].get(text.split(" ")[0].lower())
            if row is None:
                raise CellError(_("'%(v)s' tidak ada dalam daftar %(list)s tahun %(year)s")
                                % {"v": text, "list": column.header.lower(), "year": self.year})
            return row
        if column.kind == "mode":
            mode = MODE_ALIASES.get(text.lower())
            if mode is None:
                raise CellError(_("'%(v)s' bukan mode target (Akumulatif atau Per triwulan)") % {"v": text})
            return mode
        limit = TEXT_LIMITS.get(column.key)
        if limit and len(text) > limit:
            raise CellError(_("lebih dari %(n)s karakter") % {"n": limit})
        return text

    def _check_row(self, row, number, parsed, seen_codes):
        header = {c.key: c.header for c in COLUMNS}

        def err(key, message):
            parsed.bad_cells[(number, key)] = str(message)
            parsed.errors.append(_("Baris %(row)s, kolom %(col)s: %(reason)s") % {"row": number, "col": header[key], "reason": message})

        code = row.get("code")
        if code:
            if code.lower() in seen_codes:
                err("code", _("kode %(code)s sudah dipakai di baris %(other)s") % {"code": code, "other": seen_codes[code.lower()]})
            else:
                seen_codes[code.lower()] = number
        for key in ("target_q1", "target_q2", "target_q3", "target_q4"):
            if key in row and row[key] is None:
                row[key] = Decimal("0.00")
        row["target_mode"] = row.get("target_mode") or "cumulative"
        row["weight"] = row.get("weight") if row.get("weight") is not None else Decimal("1.00")
        row["budget"] = row.get("budget") if row.get("budget") is not None else Decimal("0")
        if "weight" in row and row["weight"] is not None and row["weight"] <= 0:
            err("weight", _("bobot harus lebih dari 0"))
        for key in BLANK_TEXT:
            if row.get(key) is None and key in row:
                row[key] = ""
        self._check_references(row, code, err, already_bad=(number, "kegiatan_utama") in parsed.bad_cells)
        targets = [row.get(f"target_q{q}") for q in (1, 2, 3, 4)]
        annual = row.get("annual_target")
        if None in targets or annual is None:
            return
        if row["target_mode"] == "cumulative":
            if any(b < a for a, b in zip(targets, targets[1:])):
                err("target_q4", _("mode akumulatif: target TW I–IV tidak boleh turun"))
            elif targets[3] != annual:
                err("target_q4", _("mode akumulatif: target TW IV (%(q4)s) harus sama dengan target tahunan (%(a)s)") % {"q4": _fmt(targets[3]), "a": _fmt(annual)})
        elif sum(targets) != annual:
            err("annual_target", _("mode per triwulan: jumlah target TW I–IV (%(s)s) harus sama dengan target tahunan (%(a)s)") % {"s": _fmt(sum(targets)), "a": _fmt(annual)})

    def _check_references(self, row, code, err, *, already_bad):
        """The rules of services._check_theme, per row (the import writes in bulk, not through it)."""
        theme = row.get("theme")
        if theme is None:
            return
        general = theme.programme.kind == Programme.Kind.GENERAL
        ku, goal = row.get("kegiatan_utama"), row.get("sasaran_tematik")
        if ku is not None and not general:
            err("kegiatan_utama", _("kegiatan utama hanya untuk rencana aksi RB General"))
        elif ku is None and general and code and code.lower() not in self.existing_codes and not already_bad:
            err("kegiatan_utama", _("rencana aksi RB General yang baru wajib memiliki kegiatan utama"))
        if goal is not None and general:
            err("sasaran_tematik", _("sasaran tematik hanya untuk rencana aksi RB Tematik/Berdampak"))
        elif goal is not None and goal.theme_id != theme.pk:
            err("sasaran_tematik", _("sasaran tematik ini milik tema lain"))

    def _formulas_without_values(self, fileobj, workbook):
        """Cells of the data sheet holding a formula but no saved value: {(row, column)}."""
        try:
            fileobj.seek(0)
            archive = zipfile.ZipFile(fileobj)
            sheet_path = _sheet_path(archive, DATA_SHEET)
            if sheet_path is None:
                return set()
            xml = archive.read(sheet_path)
        except (KeyError, zipfile.BadZipFile):
            return set()
        if b"<f" not in xml:
            return set()
        missing = set()
        # <c r="L7" ...><f>...</f></c> or <f .../> without a <v> value
        for m in re.finditer(rb'<c r="([A-Z]+)(\d+)"[^>]*?(?:/>|>(.*?)</c>)', xml, re.S):
            body = m.group(3) or b""
            if b"<f" in body and not re.search(rb"<v>[^<]+</v>", body):
                col = openpyxl.utils.column_index_from_string(m.group(1).decode())
                missing.add((int(m.group(2)), col))
        return missing


def _sheet_path(archive, name):
    workbook_xml = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    m = re.search(r'<sheet[^>]*name="%s"[^>]*r:id="([^"]+)"' % re.escape(name), workbook_xml)
    if not m:
        m = re.search(r'<sheet[^>]*r:id="([^"]+)"[^>]*name="%s"' % re.escape(name), workbook_xml)
    if not m:
        return None
    rel = re.search(r'<Relationship[^>]*Id="%s"[^>]*Target="([^"]+)"' % re.escape(m.group(1)), rels)
    if not rel:
        rel = re.search(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="%s"' % re.escape(m.group(1)), rels)
    if not rel:
        return None
    target = rel.group(1).lstrip("/")
    return target if target.startswith("xl/") else f"xl/{target}"


def _fmt(value):
    from reformportal.formats import group_number

    value = Decimal(value)
    return group_number(value, 0 if value == value.to_integral_value() else 2, language="id")


__all__ = ["COLUMNS", "BlankReader", "ParsedBlank", "build_blank", "parse_number", "parse_date", "ValidationError"]
