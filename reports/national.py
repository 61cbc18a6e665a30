"""The national overview: every province's action plans (actionplans) beside its predikat (evaluations).

Composed here because reports is the one package that reads every feature app
through its selectors: actionplans and evaluations do not import each other (STYLE.md).
"""

from dataclasses import dataclass

from actionplans.selectors import ProvinceFigures, province_figures
from evaluations.selectors import LatestPredikat, latest_predikats

# ?urut= key -> the value a row sorts by (None sorts last whichever the direction)
SORT_KEYS = {
    "provinsi": lambda row: row.figures.pemda.province.code,
    "rencana": lambda row: row.figures.plans,
    "capaian": lambda row: row.figures.achievement,
    "target": lambda row: row.figures.achieved_percent,
    "pelaporan": lambda row: row.figures.reporting_rate,
    "predikat": lambda row: row.predikat.index if row.predikat else None,
}
DEFAULT_SORT = "provinsi"


@dataclass(frozen=True)
class NationalRow:
    figures: ProvinceFigures
    predikat: LatestPredikat | None


def national_overview(user, year, quarter, *, sort=DEFAULT_SORT, descending=False):
    """One NationalRow per province government in the user's scope, sorted by `sort` (SORT_KEYS).

    A fixed number of queries whatever the number of provinces (see province_figures, plus one
    for the predikats).
    """
    figures = province_figures(user, year, quarter)
    predikats = latest_predikats(user, [f.pemda for f in figures])
    rows = [NationalRow(figures=f, predikat=predikats.get(f.pemda.pk)) for f in figures]
    key = SORT_KEYS.get(sort, SORT_KEYS[DEFAULT_SORT])
    present = sorted((r for r in rows if key(r) is not None), key=key, reverse=descending)
    return present + [r for r in rows if key(r) is None]
