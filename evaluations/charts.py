"""The RB index trend of a Pemda, drawn by the portal's one chart module (reformportal/charts.py)."""

from reformportal import charts

from .models import Lhe
from .predikat import BAND_BY_PREDIKAT, BANDS

KIND_COLOURS = {Lhe.Kind.EXTERNAL: charts.BLUE, Lhe.Kind.INTERNAL: "#b7791f"}
TREND_BANDS = tuple(charts.Band(float(b.above), float(b.up_to), str(b.predikat)) for b in BANDS)


def trend_series(points):
    """selectors.trend() points as one series per LHE kind (external first), empty kinds included."""
    return [
        charts.Series(
            label=str(kind.label), colour=KIND_COLOURS[kind], label_below=kind == Lhe.Kind.INTERNAL,
            points=tuple((str(p["year"]), p["index"], f"{p['kind_label']} {p['year']}: {charts.number(p['index'], 2)} ({p['predikat']})")
                         for p in points if p["kind"] == kind),
        )
        for kind in (Lhe.Kind.EXTERNAL, Lhe.Kind.INTERNAL)
    ]


def trend_svg(points, *, target=None, title=""):
    level = (float(BAND_BY_PREDIKAT[target].above), str(target)) if target else None
    return charts.trend_chart(trend_series(points), bands=TREND_BANDS, target=level, title=title)


def legend():
    return charts.legend(trend_series([]))
