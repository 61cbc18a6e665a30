"""The RB index bands (predikat) of PermenPANRB 9/2023 (as in 26/2020): the one place they live.

    AA  > 90 – 100   sangat memuaskan
    A   > 80 – 90    memuaskan
    BB  > 70 – 80    sangat baik
    B   > 60 – 70    baik
    CC  > 50 – 60    cukup
    C   > 30 – 50    kurang
    D      0 – 30    sangat kurang

A boundary value belongs to the lower band ("> 80 – 90" starts just above 80), so exactly 80.00 is
BB and 30.01 is C. Indices are kept as Decimal with two decimals; an index above 100 (RB General 100
plus RB Tematik up to 20 from 2023) is still AA.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

INDEX_STEP = Decimal("0.01")  # indices carry two decimals


class Predikat(models.TextChoices):
    # Ordered from the lowest band to the highest.
    D = "D", "D"
    C = "C", "C"
    CC = "CC", "CC"
    B = "B", "B"
    BB = "BB", "BB"
    A = "A", "A"
    AA = "AA", "AA"


@dataclass(frozen=True)
class Band:
    predikat: str
    above: Decimal  # the band starts strictly above this value (D starts at 0 inclusive)
    up_to: Decimal
    meaning: str

    @property
    def minimum(self):
        """The smallest two-decimal index in this band (0 for D, 70.01 for BB)."""
        return self.above if self.predikat == Predikat.D else self.above + INDEX_STEP


BANDS = (
    Band(Predikat.D, Decimal("0"), Decimal("30"), _("sangat kurang")),
    Band(Predikat.C, Decimal("30"), Decimal("50"), _("kurang")),
    Band(Predikat.CC, Decimal("50"), Decimal("60"), _("cukup")),
    Band(Predikat.B, Decimal("60"), Decimal("70"), _("baik")),
    Band(Predikat.BB, Decimal("70"), Decimal("80"), _("sangat baik")),
    Band(Predikat.A, Decimal("80"), Decimal("90"), _("memuaskan")),
    Band(Predikat.AA, Decimal("90"), Decimal("100"), _("sangat memuaskan")),
)
BAND_BY_PREDIKAT = {band.predikat: band for band in BANDS}
ORDER = {band.predikat: position for position, band in enumerate(BANDS)}


def default_target():
    """The predikat a Pemda aims for unless an LHE says otherwise (setting RB_TARGET_PREDIKAT, "BB")."""
    return getattr(settings, "RB_TARGET_PREDIKAT", Predikat.BB)


def band_for(index):
    """The band an RB index falls in. Raises ValueError for a negative index or a non-number."""
    if index is None:
        raise ValueError("index is required")
    value = Decimal(str(index))
    if not value.is_finite() or value < 0:
        raise ValueError(f"RB index must be 0 or more, got {index}")
    for band in BANDS:
        if value <= band.up_to:
            return band
    return BANDS[-1]  # above 100 (RB Tematik bonus): still AA


def predikat_for(index):
    """The predikat ("AA" … "D") of an RB index; boundary values belong to the lower band."""
    return band_for(index).predikat


def next_band(predikat):
    """The band above `predikat`, or None at AA."""
    position = ORDER[predikat] + 1
    return BANDS[position] if position < len(BANDS) else None


def at_least(predikat, target):
    return ORDER[predikat] >= ORDER[target]


def distance_to(index, target):
    """Index points still missing to reach `target` (0 when reached)."""
    missing = BAND_BY_PREDIKAT[target].minimum - Decimal(str(index))
    return max(missing, Decimal("0.00"))


def badge_class(predikat, target=None):
    """CSS badge for a predikat, relative to `target` (default: the default target)."""
    if not predikat:
        return ""
    target = target or default_target()
    if at_least(predikat, target):
        return "badge-ok"
    if ORDER[predikat] == ORDER[target] - 1:
        return "badge-warn"
    return "badge-bad"
