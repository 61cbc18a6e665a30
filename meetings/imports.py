"""Attendance lists (daftar hadir) from xlsx: read safely, check every row, report every problem.

The sheet is checked completely before anything is written: `parse_attendance` returns either the
rows or the full list of problems ("Baris 7, kolom Kehadiran: ..."), never a part. Writing the
rows is `services.record_attendance` through `meetings.resources.AttendanceResource`, the same
import-export layer as the other imports (all rows or none).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reformportal.spreadsheets import open_workbook, read_rows
from reformportal.uploads import already_checked

from .models import Attendance

MAX_ROWS = 2000
HEADER_SEARCH_ROWS = 10

# (key, column label shown in messages, accepted header spellings, required)
COLUMNS = [
    ("name", gettext_lazy("Nama"), ("nama", "nama lengkap", "nama peserta"), True),
    ("unit_name", gettext_lazy("Unit kerja"), ("unit kerja", "unit", "instansi", "opd", "perangkat daerah", "asal instansi"), True),
    ("position", gettext_lazy("Jabatan"), ("jabatan",), False),
    ("mode", gettext_lazy("Kehadiran"), ("kehadiran", "hadir", "cara hadir", "luring/daring"), False),
]
MODE_WORDS = {
    Attendance.Mode.IN_PERSON: ("luring", "langsung", "hadir langsung", "tatap muka", "offline", "in person"),
    Attendance.Mode.ONLINE: ("daring", "online", "zoom", "virtual", "video conference", "vicon"),
}
FIELD_LIMITS = {"name": 150, "unit_name": 250, "position": 200}


class AttendanceSheetError(ValidationError):
    """All problems of one sheet; `.messages` lists them in row order."""


def _norm(value):
    return " ".join(str(value).split()).casefold() if value is not None else ""


def _find_header(rows):
    for number, values in rows[:HEADER_SEARCH_ROWS]:
        normalised = [_norm(v) for v in values]
        if any(n in ("nama", "nama lengkap", "nama peserta") for n in normalised):
            return number, normalised
    return None, None


def parse_attendance(uploaded_file):
    """Return a list of row dicts (name, unit_name, position, mode, row) or raise AttendanceSheetError."""
    already_checked(uploaded_file, "attendance")
    workbook = open_workbook(uploaded_file, read_only=True)
    try:
        rows = [(number, list(values)) for number, values in read_rows(workbook, max_rows=MAX_ROWS)]
    finally:
        workbook.close()

    header_number, header = _find_header(rows)
    if header is None:
        raise AttendanceSheetError(
            [_("Baris judul tidak ditemukan: %(n)s baris pertama harus memuat kolom \"Nama\".") % {"n": HEADER_SEARCH_ROWS}]
        )
    positions, problems = {}, []
    for key, label, spellings, required in COLUMNS:
        for index, title in enumerate(header):
            if title in spellings:
                positions[key] = index
                break
        else:
            if required:
                problems.append(_("Kolom \"%(column)s\" tidak ditemukan di baris judul (baris %(row)s).") % {"column": label, "row": header_number})
    if problems:
        raise AttendanceSheetError(problems)

    parsed = []
    for number, values in rows:
        if number <= header_number:
            continue
        record = {"row": number}
        for key, label, _spellings, required in COLUMNS:
            index = positions.get(key)
            raw = values[index] if index is not None and index < len(values) else None
            text = "" if raw is None else " ".join(str(raw).split())
            if key == "mode":
                mode = _mode(text)
                if mode is None:
                    problems.append(
                        _("Baris %(row)s, kolom %(column)s: '%(value)s' bukan Luring atau Daring")
                        % {"row": number, "column": label, "value": text[:60]}
                    )
                record[key] = mode
                continue
            if required and not text:
                problems.append(_("Baris %(row)s, kolom %(column)s: wajib diisi") % {"row": number, "column": label})
            elif len(text) > FIELD_LIMITS[key]:
                problems.append(
                    _("Baris %(row)s, kolom %(column)s: terlalu panjang (%(length)s karakter, maksimum %(max)s)")
                    % {"row": number, "column": label, "length": len(text), "max": FIELD_LIMITS[key]}
                )
            record[key] = text
        parsed.append(record)
    if problems:
        raise AttendanceSheetError(problems)
    if not parsed:
        raise AttendanceSheetError([_("Lembar kerja tidak berisi baris peserta di bawah baris judul.")])
    return parsed


def _mode(text):
    word = _norm(text)
    if not word:
        return Attendance.Mode.IN_PERSON
    for mode, words in MODE_WORDS.items():
        if word in words:
            return mode
    return None


def template_workbook():
    """An empty attendance sheet to download and fill in."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = str(_("Daftar hadir"))
    ws.append([str(label) for _key, label, _s, _r in COLUMNS])
    ws.append(["Betri Susilawati", "Biro Organisasi Setda Provinsi Kalimantan Tengah", "Plt. Kepala Biro Organisasi", "Luring"])
    for column, width in zip("ABCD", (30, 50, 40, 14)):
        ws.column_dimensions[column].width = width
    return wb
