"""The action plan's editable fields, in the order of the blank's columns: the one list that the
plan form's services, the Excel blank and its import resource share.

A field added to ActionPlan that OPDs fill in goes here once; the blank gets its column, the
import resource its field and create_plan/update_plan accept it.

Columns added after blanks were already in use are `optional`: a blank downloaded before they
existed still imports, and a column it lacks leaves that field of existing plans unchanged (new
plans get the field's default). LEGACY_HEADERS is the column list of those older blanks.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str  # text, number, money, date, theme, mode, kegiatan_utama, sasaran_tematik
    required: bool = False
    width: int = 18
    optional: bool = False  # may be absent from the blank (added in issue 13, Portal RB fields)


COLUMNS = [
    Column("code", "Kode RA", "text", True, 10),
    Column("theme", "Tema/Area", "theme", True, 34),
    Column("kegiatan_utama", "Kegiatan utama", "kegiatan_utama", False, 30, optional=True),
    Column("sasaran_tematik", "Sasaran tematik", "sasaran_tematik", False, 30, optional=True),
    Column("goal", "Sasaran", "text", True, 34),
    Column("problem", "Permasalahan", "text", False, 30),
    Column("expected_impact", "Dampak yang diharapkan", "text", False, 30),
    Column("indicator", "Indikator", "text", True, 34),
    Column("unit", "Satuan", "text", True, 10),
    Column("formula", "Rumus indikator", "text", False, 30, optional=True),
    Column("baseline", "Baseline (tahun sebelumnya)", "number", False, 14, optional=True),
    Column("annual_target", "Target tahunan", "number", True, 12),
    Column("target_mode", "Mode target", "mode", False, 14),
    Column("target_q1", "Target TW I", "number", False, 11),
    Column("target_q2", "Target TW II", "number", False, 11),
    Column("target_q3", "Target TW III", "number", False, 11),
    Column("target_q4", "Target TW IV", "number", False, 11),
    Column("activities", "Kegiatan", "text", False, 36),
    Column("outputs", "Output", "text", False, 30),
    Column("output_indicator", "Indikator output", "text", False, 30, optional=True),
    Column("output_unit", "Satuan output", "text", False, 12, optional=True),
    Column("budget", "Anggaran (Rp)", "money", False, 16),
    Column("budget_source", "Sumber anggaran", "text", False, 16),
    Column("coordinators", "Koordinator", "text", False, 24, optional=True),
    Column("implementers", "Pelaksana", "text", False, 24, optional=True),
    Column("person_in_charge", "Penanggung jawab", "text", False, 22),
    Column("weight", "Bobot", "number", False, 8),
    Column("due_date", "Tenggat", "date", False, 14),
]
PLAN_FIELDS = tuple(column.key for column in COLUMNS)
# The header row of blanks downloaded before the optional columns existed (kept for tests and
# for the reader's message when a required column is missing).
LEGACY_HEADERS = tuple(column.header for column in COLUMNS if not column.optional)
