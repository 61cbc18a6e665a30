"""The action plan's editable fields, in the order of the blank's columns: the one list that the
plan form's services, the Excel blank and its import resource share.

A field added to ActionPlan that OPDs fill in goes here once; the blank gets its column, the
import resource its field and create_plan/update_plan accept it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str  # text, number, money, date, theme, mode
    required: bool = False
    width: int = 18


COLUMNS = [
    Column("code", "Kode RA", "text", True, 10),
    Column("theme", "Tema/Area", "theme", True, 34),
    Column("goal", "Sasaran", "text", True, 34),
    Column("problem", "Permasalahan", "text", False, 30),
    Column("expected_impact", "Dampak yang diharapkan", "text", False, 30),
    Column("indicator", "Indikator", "text", True, 34),
    Column("unit", "Satuan", "text", True, 10),
    Column("annual_target", "Target tahunan", "number", True, 12),
    Column("target_mode", "Mode target", "mode", False, 14),
    Column("target_q1", "Target TW I", "number", False, 11),
    Column("target_q2", "Target TW II", "number", False, 11),
    Column("target_q3", "Target TW III", "number", False, 11),
    Column("target_q4", "Target TW IV", "number", False, 11),
    Column("activities", "Kegiatan", "text", False, 36),
    Column("outputs", "Output", "text", False, 30),
    Column("budget", "Anggaran (Rp)", "money", False, 16),
    Column("budget_source", "Sumber anggaran", "text", False, 16),
    Column("person_in_charge", "Penanggung jawab", "text", False, 22),
    Column("weight", "Bobot", "number", False, 8),
    Column("due_date", "Tenggat", "date", False, 14),
]
PLAN_FIELDS = tuple(column.key for column in COLUMNS)
