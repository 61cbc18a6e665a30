"""The maturity of an agency from its verified levels, as the guidance describes it.

Source: "Pedoman Pengisian Indikator Tingkat Kematangan Perangkat Daerah" (see instrument.py,
[PEDOMAN]); provisional until checked against the regulation's annex.

- Score: the sum of the eleven variables' levels, 11 to 55.
- Category of the score: Sangat Rendah 11–19, Rendah 19,1–28, Sedang 28,1–37, Tinggi 37,1–46,
  Sangat Tinggi 46,1–55. A band includes its upper bound (19 is Sangat Rendah).
- Level (staging): an agency is at the level of its lowest variable; the score does not raise it.

With fewer variables verified than the instrument has, there is no score (None): a partial sum
would read as a low maturity.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

BANDS = [  # (upper bound of the band, inclusive, per variable count 11; label)
    (Decimal("19"), _("Sangat Rendah")),
    (Decimal("28"), _("Rendah")),
    (Decimal("37"), _("Sedang")),
    (Decimal("46"), _("Tinggi")),
    (Decimal("55"), _("Sangat Tinggi")),
]
REFERENCE_VARIABLES = 11


def category_for(score, variable_count=REFERENCE_VARIABLES):
    """The band of a score; bounds scale with the instrument's variable count (11 → as written)."""
    if score is None:
        return ""
    scale = Decimal(variable_count) / REFERENCE_VARIABLES
    for upper, label in BANDS:
        if Decimal(score) <= upper * scale:
            return str(label)
    return str(BANDS[-1][1])


def q2(value):
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Maturity:
    score: Decimal | None  # sum of levels, None while incomplete
    category: str
    level: int | None  # staged level: the lowest variable
    mean_level: Decimal | None  # shown beside it, named as a mean
    verified: int
    expected: int

    @property
    def complete(self):
        return self.expected > 0 and self.verified == self.expected


def maturity_of(levels, expected):
    """levels: the verified level per variable (only verified ones); expected: the variable count."""
    values = [int(v) for v in levels if v is not None]
    complete = expected > 0 and len(values) == expected
    score = Decimal(sum(values)) if complete else None
    return Maturity(
        score=score,
        category=category_for(score, expected) if complete else "",
        level=min(values) if complete else None,
        mean_level=q2(Decimal(sum(values)) / len(values)) if values else None,
        verified=len(values),
        expected=expected,
    )
