"""The trend chart of the RB index across years, drawn on the server as inline SVG (no JS)."""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from .predikat import BANDS, BAND_BY_PREDIKAT

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 110, 14, 30
COLOURS = {"eksternal": "#0b5394", "internal": "#c9a227"}


def trend_svg(points, *, target=None, title=""):
    """SVG for trend points (selectors.trend); one line per LHE kind, band boundaries behind."""
    if not points:
        return ""
    years = sorted({p["year"] for p in points})
    top_value = max([100] + [float(p["index"]) for p in points])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(year):
        if len(years) == 1:
            return LEFT + plot_w / 2
        return LEFT + plot_w * years.index(year) / (len(years) - 1)

    def y(value):
        return TOP + plot_h * (1 - float(value) / top_value)

    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-label="{}" '
            'data-testid="trend-chart" font-family="DejaVu Sans, sans-serif" font-size="11">',
            WIDTH, HEIGHT, title,
        )
    ]
    for band in BANDS:
        if band.above:
            parts.append(format_html(
                '<line x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}" stroke="#d9dee5"/>'
                '<text x="{}" y="{:.1f}" fill="#5b6675" text-anchor="end">{}</text>',
                LEFT, LEFT + plot_w, y(band.above), y(band.above), LEFT - 4, y(band.above) + 4, band.above,
            ))
        middle = (float(band.above) + float(band.up_to)) / 2
        parts.append(format_html(
            '<text x="{}" y="{:.1f}" fill="#5b6675">{}</text>', LEFT + plot_w + 6, y(middle) + 4, band.predikat
        ))
    if target:
        level = BAND_BY_PREDIKAT[target].above
        parts.append(format_html(
            '<line x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}" stroke="#1e7b34" stroke-dasharray="5 4"/>'
            '<text x="{}" y="{:.1f}" fill="#1e7b34">target {}</text>',
            LEFT, LEFT + plot_w, y(level), y(level), LEFT + plot_w + 26, y(level) + 4, target,
        ))
    for year in years:
        parts.append(format_html(
            '<text x="{:.1f}" y="{}" text-anchor="middle" fill="#1c2430">{}</text>', x(year), HEIGHT - 10, year
        ))
    for kind, colour in COLOURS.items():
        series = [p for p in points if p["kind"] == kind]
        if not series:
            continue
        path = " ".join(f"{x(p['year']):.1f},{y(p['index']):.1f}" for p in series)
        parts.append(format_html(
            '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"/>', path, colour
        ))
        for p in series:
            parts.append(format_html(
                '<circle cx="{:.1f}" cy="{:.1f}" r="4" fill="{}"><title>{} {}: {} ({})</title></circle>'
                '<text x="{:.1f}" y="{:.1f}" text-anchor="middle" fill="{}">{}</text>',
                x(p["year"]), y(p["index"]), colour, p["kind_label"], p["year"], p["index"], p["predikat"],
                x(p["year"]), y(p["index"]) - 8, colour, p["index"],
            ))
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(part) for part in parts))


def legend():
    return mark_safe("".join(
        f'<span class="small" style="color:{colour}">● {escape(label)}</span> '
        for label, colour in (("Eksternal (KemenPAN-RB)", COLOURS["eksternal"]), ("Internal (Inspektorat)", COLOURS["internal"]))
    ))
