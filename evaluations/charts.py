"""The trend chart of the RB index across years, drawn on the server as inline SVG (no JS)."""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from reformportal.formats import group_number

from .predikat import BAND_BY_PREDIKAT, BANDS

WIDTH, HEIGHT = 760, 280
LEFT, RIGHT, TOP, BOTTOM = 44, 110, 16, 40
COLOURS = {"eksternal": "#0b5394", "internal": "#b7791f"}


def _n(value):
    return f"{float(value):.1f}"


def trend_svg(points, *, target=None, title=""):
    """SVG for trend points (selectors.trend); one line per LHE kind, band boundaries behind."""
    if not points:
        return ""
    years = sorted({p["year"] for p in points})
    values = [float(p["index"]) for p in points]
    if target:
        values.append(float(BAND_BY_PREDIKAT[target].above))
    # Zoom to the bands around the data, so that a few points of change are visible.
    boundaries = [0.0] + [float(band.up_to) for band in BANDS]
    bottom_value = max([b for b in boundaries if b <= min(values) - 3] or [0.0])
    top_value = min([b for b in boundaries if b >= max(values) + 3] or [max(values + [100.0])])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(year):
        if len(years) == 1:
            return _n(LEFT + plot_w / 2)
        return _n(LEFT + plot_w * years.index(year) / (len(years) - 1))

    def y(value, shift=0):
        share = (float(value) - bottom_value) / (top_value - bottom_value)
        return _n(TOP + plot_h * (1 - share) + shift)

    def shown(value):
        return bottom_value <= float(value) <= top_value

    parts = [format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{}" '
        'data-testid="trend-chart" font-family="DejaVu Sans, sans-serif" font-size="11">',
        WIDTH, HEIGHT, WIDTH, HEIGHT, title,
    )]
    for band in BANDS:
        if band.above and shown(band.above):
            parts.append(format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#d9dee5"/>'
                '<text x="{}" y="{}" fill="#5b6675" text-anchor="end">{}</text>',
                LEFT, LEFT + plot_w, y(band.above), y(band.above), LEFT - 4, y(band.above, 4), band.above,
            ))
        middle = (max(float(band.above), bottom_value) + min(float(band.up_to), top_value)) / 2
        if not (float(band.up_to) > bottom_value and float(band.above) < top_value):
            continue
        parts.append(format_html('<text x="{}" y="{}" fill="#5b6675">{}</text>', LEFT + plot_w + 6, y(middle, 4), str(band.predikat)))
    if target:
        level = BAND_BY_PREDIKAT[target].above
        parts.append(format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#1e7b34" stroke-dasharray="5 4"/>'
            '<text x="{}" y="{}" fill="#1e7b34">{} {}</text>',
            LEFT, LEFT + plot_w, y(level), y(level), LEFT + plot_w + 26, y(level, 4), _("target"), str(target),
        ))
    for year in years:
        parts.append(format_html('<text x="{}" y="{}" text-anchor="middle" fill="#1c2430">{}</text>', x(year), HEIGHT - 10, year))
    for kind, colour in COLOURS.items():
        series = [p for p in points if p["kind"] == kind]
        if not series:
            continue
        path = " ".join(f"{x(p['year'])},{y(p['index'])}" for p in series)
        parts.append(format_html('<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"/>', path, colour))
        for p in series:
            parts.append(format_html(
                '<circle cx="{}" cy="{}" r="4" fill="{}"><title>{} {}: {} ({})</title></circle>'
                '<text x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>',
                x(p["year"]), y(p["index"]), colour, p["kind_label"], p["year"], group_number(p["index"], 2),
                str(p["predikat"]), x(p["year"]), y(p["index"], -8 if kind == "eksternal" else 16), colour,
                group_number(p["index"], 2),
            ))
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(part) for part in parts))


def legend():
    items = ((_("Eksternal (KemenPAN-RB)"), COLOURS["eksternal"]), (_("Internal (Inspektorat)"), COLOURS["internal"]))
    return mark_safe("".join(f'<span class="small" style="color:{colour}">● {escape(label)}</span> ' for label, colour in items))
