"""The recap's charts as inline SVG, drawn once here for both the page and the PDF.

Coordinates are written with a dot whatever the active locale; the labels use the locale's
number format.
"""

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from reformportal.formats import group_number

from .maturity import BANDS, REFERENCE_VARIABLES
from .models import ROMAN

LEVEL_COLOURS = {1: "#b42318", 2: "#dd6b20", 3: "#b7791f", 4: "#2f855a", 5: "#1e4e8c"}


def _n(value):
    return f"{float(value):.1f}"


def _svg_open(width, height, label, testid):
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" role="img" '
        'aria-label="{}" data-testid="{}" font-family="DejaVu Sans, sans-serif" font-size="11">',
        width, height, width, height, label, testid,
    )


def distribution_svg(distribution, *, title):
    """Vertical bars: how many verified answers sit at each level I–V."""
    width, height, left, bottom, top = 420, 200, 36, 28, 14
    plot_h = height - top - bottom
    highest = max(distribution.values() or [0]) or 1
    slot = (width - left - 10) / len(distribution or {1: 0})
    parts = [_svg_open(width, height, title, "pd-distribution-chart")]
    for i, (level, count) in enumerate(sorted(distribution.items())):
        bar_h = plot_h * count / highest
        x = left + i * slot + slot * 0.15
        parts.append(format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>'
            '<text x="{}" y="{}" text-anchor="middle">{}</text>'
            '<text x="{}" y="{}" text-anchor="middle" fill="#1c2430">{}</text>',
            _n(x), _n(top + plot_h - bar_h), _n(slot * 0.7), _n(bar_h), LEVEL_COLOURS[level], ROMAN[level],
            group_number(count), _n(x + slot * 0.35), _n(top + plot_h - bar_h - 3), group_number(count),
            _n(x + slot * 0.35), height - 10, ROMAN[level],
        ))
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(p) for p in parts))


def scores_svg(pemdas, *, variable_count, title):
    """Horizontal bars: each regency/city's mean agency score on the 11–55 scale, band lines behind."""
    rows = [p for p in pemdas]
    low, high = variable_count, 5 * variable_count
    left, right, top, row_h = 180, 50, 22, 20
    width = 640
    height = top + row_h * max(len(rows), 1) + 24
    plot_w = width - left - right
    scale = variable_count / REFERENCE_VARIABLES

    def x(value):
        return left + plot_w * (float(value) - low) / (high - low)

    parts = [_svg_open(width, height, title, "pd-scores-chart")]
    for upper, label in BANDS[:-1]:
        bound = float(upper) * scale
        parts.append(format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#d9dee5"/><text x="{}" y="{}" fill="#5b6675" text-anchor="middle">{}</text>',
            _n(x(bound)), _n(x(bound)), top - 4, height - 20, _n(x(bound)), height - 6, group_number(bound),
        ))
    for value, anchor in ((low, "start"), (high, "end")):
        parts.append(format_html('<text x="{}" y="{}" fill="#5b6675" text-anchor="{}">{}</text>',
                                 _n(x(value)), height - 6, anchor, group_number(value)))
    for i, p in enumerate(rows):
        y = top + i * row_h
        parts.append(format_html('<text x="{}" y="{}" text-anchor="end">{}</text>', left - 6, _n(y + 13), p.short_name))
        if p.mean_score is None:
            parts.append(format_html('<text x="{}" y="{}" fill="#5b6675">–</text>', left + 4, _n(y + 13)))
            continue
        parts.append(format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="#1e4e8c"><title>{}: {}</title></rect>'
            '<text x="{}" y="{}">{}</text>',
            left, _n(y + 3), _n(max(x(p.mean_score) - left, 1)), row_h - 6, p.short_name, group_number(p.mean_score, 2),
            _n(x(p.mean_score) + 4), _n(y + 13), group_number(p.mean_score, 2),
        ))
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(p) for p in parts))
