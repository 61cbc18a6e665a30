"""The recap's charts (page and PDF), drawn by the portal's one chart module (reformportal/charts.py)."""

from reformportal import charts

from .maturity import BANDS, REFERENCE_VARIABLES
from .models import ROMAN

LEVEL_COLOURS = {1: "#b42318", 2: "#dd6b20", 3: "#b7791f", 4: "#2f855a", 5: "#1e4e8c"}


def distribution_svg(distribution, *, title):
    """Vertical bars: how many verified answers sit at each level I–V."""
    return charts.column_chart(
        [(ROMAN[level], count, LEVEL_COLOURS[level]) for level, count in sorted(distribution.items())],
        title=title, testid="pd-distribution-chart",
    )


def scores_svg(pemdas, *, variable_count, title):
    """Horizontal bars: each regency/city's mean agency score on the 11–55 scale, band lines behind."""
    scale = variable_count / REFERENCE_VARIABLES
    marks = [(float(upper) * scale, charts.number(float(upper) * scale, 0)) for upper, _label in BANDS[:-1]]
    return charts.scale_chart(
        [(p.short_name, p.mean_score) for p in pemdas],
        low=variable_count, high=5 * variable_count, marks=marks, title=title, testid="pd-scores-chart",
        colour=LEVEL_COLOURS[5],
    )
