"""The numbers of the workload analysis (analisis beban kerja, ABK), kept in one place.

Source: Peraturan Menteri PANRB Nomor 1 Tahun 2020 tentang Pedoman Analisis Jabatan dan Analisis
Beban Kerja (Lampiran II, Analisis Beban Kerja), as restated in the regional rules issued under
it (e.g. Peraturan Bupati Banjar Nomor 61 Tahun 2020 tentang Pedoman Analisis Jabatan dan
Analisis Beban Kerja, which says it adopts the PermenPANRB 1/2020 rules). The regulation's own
text was not available to check these figures against when this module was written (the
reference search held only the regional rule's preamble and the older BKN rule); each figure
below says where it comes from, and the lead developer should check them against the Lampiran
before the numbers are used for a formasi.

- Effective working time: 1,250 hours = 75,000 minutes a year (PermenPANRB 1/2020). The older
  rule (Perka BKN 19/2011: 240 days × 5 hours = 1,200 hours = 72,000 minutes) is still used by
  some agencies, so the figure is the setting ABK_EFFECTIVE_HOURS, not a constant.
- Period factors (volume per period → per year): derived from the same rule's effective-time
  equivalences: a year of 75,000 minutes = 250 days of 300 minutes = 50 weeks of 1,500 minutes
  = 12 months of 6,250 minutes. So per day ×250, per week ×50, per month ×12, per year ×1.
- Staff needed = Σ (yearly volume × time norm) ÷ effective minutes. The exact figure is kept;
  the number of persons is rounded half up (a remainder of 0,50 or more makes one more person,
  less than 0,50 is dropped), computed on the exact quotient, never on an already rounded one.
- Job effectiveness EJ = Σ workload ÷ (staff in post × effective minutes); undefined (no
  grade) when nobody is in post. Its grade (prestasi kerja jabatan, PEJ) by the bands below,
  applied to EJ rounded half up to two decimals (so 0,895 is 0,90 and grades B, as the
  regulation's bands are written with two decimals and leave no gap between 0,89 and 0,90).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

REGULATION = "PermenPANRB 1/2020"


@dataclass(frozen=True)
class Fact:
    """One number of the rule, where it comes from, and whether that source is the regulation's text."""

    value: str
    source: str
    provisional: bool = True


# A December 2026 search found neither the regulation's Lampiran nor a faithful copy of it (only its
# title, regional rules that adopt it, and software that restates the figures), so every fact below
# stays provisional and names what it rests on.
NOT_FOUND = f"{REGULATION}, Lampiran II (Analisis Beban Kerja): naskah belum ditemukan"
BANJAR = "Perbup Banjar 61/2020 tentang Pedoman Anjab dan ABK (mengadopsi PermenPANRB 1/2020)"
FACTS = {
    "effective_time": Fact(
        "1.250 jam = 75.000 menit setahun (pengaturan ABK_EFFECTIVE_HOURS; aturan lama 1.200 jam)",
        f"{NOT_FOUND}; sumber sekunder: {BANJAR}; Perka BKN 19/2011 untuk 1.200 jam"),
    "period_factors": Fact(
        "per hari ×250, per minggu ×50, per bulan ×12, per tahun ×1",
        f"{NOT_FOUND}; diturunkan dari 75.000 menit = 250 hari × 300 menit = 50 minggu × 1.500 menit "
        "= 12 bulan × 6.250 menit"),
    "rounding": Fact(
        "kebutuhan pegawai dibulatkan setengah ke atas dari angka pasti",
        f"{NOT_FOUND}; aturan portal (angka pasti tetap disimpan)"),
    "grades": Fact(
        "PEJ: A > 1,00; B 0,90–1,00; C 0,70–0,89; D 0,50–0,69; E < 0,50 (EJ dua desimal)",
        f"{NOT_FOUND}; sumber sekunder: catatan domain portal"),
}

# volume per period -> volume per year (see the module docstring for the derivation)
PERIOD_FACTORS = {"day": 250, "week": 50, "month": 12, "year": 1}

# (grade, lowest EJ of the band, label); checked from the top, EJ rounded to two decimals.
# A: EJ > 1,00; B: 0,90–1,00; C: 0,70–0,89; D: 0,50–0,69; E: < 0,50.
GRADES = [
    ("A", Decimal("1.01"), _("Sangat baik")),
    ("B", Decimal("0.90"), _("Baik")),
    ("C", Decimal("0.70"), _("Cukup")),
    ("D", Decimal("0.50"), _("Sedang")),
    ("E", Decimal("0"), _("Kurang")),
]
GRADE_LABELS = {grade: label for grade, _low, label in GRADES}

TWO = Decimal("0.01")
FOUR = Decimal("0.0001")


def effective_minutes():
    """Effective working minutes a year (ABK_EFFECTIVE_HOURS × 60; 1,250 h by default)."""
    return int(settings.ABK_EFFECTIVE_HOURS) * 60


def round_persons(exact):
    """Persons needed from the exact figure: half up to a whole number."""
    return int(Decimal(exact).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def grade_of(ej):
    """The PEJ grade (A–E) of a job effectiveness figure, or "" when EJ is undefined."""
    if ej is None:
        return ""
    ej = Decimal(ej).quantize(TWO, rounding=ROUND_HALF_UP)
    for grade, low, _label in GRADES:
        if ej >= low:
            return grade
    return "E"
