"""The type of an agency from its workload score (PP 18/2016 on Perangkat Daerah).

The PP maps the intensity of each government affair with general variables (population 10 %,
area 5 %, APBD 5 %) and technical variables per affair (80 %). Each indicator falls in a class
of an interval scale worth 200, 400, 600, 800 or 1,000; its score is value × weight, so the
general variables give at most 200 and the technical ones at most 800. The total sets the type.

Sources and their status (shown on the workload page):
- Province general scales: PP 18/2016, Lampiran I.A "Variabel Umum" (verified against a copy of
  the annex, Lampiran PP 18/2016 "Perhitungan Variabel Umum dan Variabel Teknis …", I.A no. 1–3,
  as published at vdokumen.com from eplanning.tapselkab.go.id/download/PP_NO_18_2016.pdf:
  population ≤ 2,000,000 → 200 … > 8,000,000 → 1,000; area ≤ 600 km² … > 2,400; APBD
  ≤ Rp2 trillion … > Rp8 trillion; weights 10/5/5 %).
- Regency/city general scales: PP 18/2016, Lampiran II.A. PROVISIONAL: the annex's own text was
  not found. The classes come from a secondary source that reproduces them: the Kemendagri
  "Formulir Validasi Pemetaan Urusan Pemerintahan dengan Data Dukung Pemerintahan Daerah",
  Lampiran 2 (untuk kab/kota), as filled by Kab. Bangka Barat, November 2022
  (id.scribd.com/document/618831334): population ≤ 100,000 / 100,001–200,000 /
  200,001–500,000 / 500,001–1,000,000 / > 1,000,000; area ≤ 150 / 151–300 / 301–450 / 451–600 /
  > 600 km²; APBD ≤ Rp250 billion / … / > Rp1 trillion. (Until December 2026 the portal used
  unsourced classes: 100,000/250,000/500,000/750,000 people, 50/100/150/200 km²,
  Rp500/750/1,000/1,250 billion.)
- Type thresholds (> 800 A, > 600 B, > 400 C, otherwise no separate agency): PP 18/2016, the
  articles on the types of Dinas and Badan. PROVISIONAL: the articles' text was not found; the
  figures come from the portal's domain notes (secondary).

Boundary rule: a class's upper bound belongs to it ("≤ 2,000,000" scores 200; 2,000,001 scores
400), as the annex writes its classes.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

SOURCE = "PP 18/2016 tentang Perangkat Daerah, Lampiran"
# Where the regency/city classes were taken from while the annex's text is not at hand.
REGENCY_SECONDARY = (
    "belum diverifikasi dengan naskah lampiran; kelas dari Formulir Validasi Pemetaan Urusan Pemerintahan "
    "(Kemendagri), Lampiran 2 untuk kab/kota, diisi Kab. Bangka Barat Nov. 2022 (id.scribd.com/document/618831334)"
)
VALUES = (200, 400, 600, 800, 1000)
WEIGHTS = {"population": Decimal("0.10"), "area": Decimal("0.05"), "apbd": Decimal("0.05")}
TECHNICAL_MAX = Decimal("800")
T = 10**12  # one trillion rupiah


@dataclass(frozen=True)
class Scale:
    """Upper bounds of the first four classes of an interval scale; above the last → 1,000."""

    bounds: tuple
    source: str
    verified: bool

    def value(self, amount):
        for bound, value in zip(self.bounds, VALUES):
            if amount <= bound:
                return value
        return VALUES[-1]


SCALES = {
    "province": {
        "population": Scale((2_000_000, 4_000_000, 6_000_000, 8_000_000), f"{SOURCE} I.A.1 (jumlah penduduk)", True),
        "area": Scale((600, 1_200, 1_800, 2_400), f"{SOURCE} I.A.2 (luas wilayah)", True),
        "apbd": Scale((2 * T, 4 * T, 6 * T, 8 * T), f"{SOURCE} I.A.3 (jumlah APBD)", True),
    },
    "regency": {
        "population": Scale((100_000, 200_000, 500_000, 1_000_000),
                            f"{SOURCE} II.A.1 (jumlah penduduk); {REGENCY_SECONDARY}", False),
        "area": Scale((150, 300, 450, 600), f"{SOURCE} II.A.2 (luas wilayah); {REGENCY_SECONDARY}", False),
        "apbd": Scale((250 * 10**9, 500 * 10**9, 750 * 10**9, 1 * T),
                      f"{SOURCE} II.A.3 (jumlah APBD); {REGENCY_SECONDARY}", False),
    },
}


@dataclass(frozen=True)
class Threshold:
    above: Decimal
    type: str


# Highest first; a total at or below every threshold means no separate agency ("").
THRESHOLDS = (Threshold(Decimal(800), "A"), Threshold(Decimal(600), "B"), Threshold(Decimal(400), "C"))
THRESHOLDS_SOURCE = (
    "PP 18/2016, pasal tentang tipe Dinas dan Badan; belum diverifikasi dengan naskah pasal "
    "(angka dari catatan domain portal, sumber sekunder)"
)
THRESHOLDS_VERIFIED = False
NO_SEPARATE_AGENCY = _("Tidak dibentuk perangkat daerah tersendiri")


@dataclass(frozen=True)
class Assessment:
    population_value: int
    area_value: int
    apbd_value: int
    general_score: Decimal
    technical_score: Decimal
    total_score: Decimal
    type: str  # "A", "B", "C" or "" (no separate agency)

    @property
    def type_label(self):
        return _("Tipe %(type)s") % {"type": self.type} if self.type else NO_SEPARATE_AGENCY


def type_for(total):
    for threshold in THRESHOLDS:
        if total > threshold.above:
            return threshold.type
    return ""


def assess(level, *, population, area_km2, apbd, technical_score):
    """The one computation of an agency's workload score and type.

    `level` is "province" or "regency"; `technical_score` is the weighted sum of the affair's
    technical indicators (0–800).
    """
    technical = Decimal(technical_score)
    if not Decimal(0) <= technical <= TECHNICAL_MAX:
        raise ValueError(f"technical score {technical} outside 0–{TECHNICAL_MAX}")
    scales = SCALES[level]
    population_value = scales["population"].value(population)
    area_value = scales["area"].value(Decimal(area_km2))
    apbd_value = scales["apbd"].value(Decimal(apbd))
    general = (
        population_value * WEIGHTS["population"] + area_value * WEIGHTS["area"] + apbd_value * WEIGHTS["apbd"]
    )
    total = general + technical
    return Assessment(
        population_value=population_value,
        area_value=area_value,
        apbd_value=apbd_value,
        general_score=general.quantize(Decimal("0.01")),
        technical_score=technical.quantize(Decimal("0.01")),
        total_score=total.quantize(Decimal("0.01")),
        type=type_for(total),
    )


def is_verified(level):
    return all(scale.verified for scale in SCALES[level].values()) and THRESHOLDS_VERIFIED
