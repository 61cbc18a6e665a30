"""Server-side SVG charts for the PDFs: plain strings, no browser and no JavaScript needed.

Every label is escaped here; the templates insert the returned SVG with |safe.
"""

from django.utils.html import escape

from reformportal.formats import group_number

FONT = 'font-family="DejaVu Sans, sans-serif"'
BAR = "#0b5394"
BAR_MET = "#1e7b34"
BAR_LOW = "#c9a227"
TARGET = "#b42318"
GRID = "#d9dee5"
INK = "#1c2430"
MUTED = "#5b6675"


def _short(text, limit):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar_chart(items, *, target=None, width=640, label_width=220, bar_height=13, gap=5, limit=38, unit=" %"):
    """A horizontal bar chart of (label, value 0–100 or None) with an optional target line.

    Bars at or above the target are green, below it ochre; a missing value shows "–".
    """
    items = list(items)
    top = 16
    chart_width = width - label_width - 52
    height = top + len(items) * (bar_height + gap) + 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" class="chart">'
    ]
    for tick in (0, 25, 50, 75, 100):
        x = label_width + chart_width * tick / 100
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 4}" stroke="{GRID}" stroke-width="0.6"/>')
        parts.append(f'<text x="{x:.1f}" y="{top - 7}" {FONT} font-size="7" fill="{MUTED}" text-anchor="middle">{tick}</text>')
    for index, (label, value) in enumerate(items):
        y = top + index * (bar_height + gap)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height - 3}" {FONT} font-size="8" fill="{INK}" '
            f'text-anchor="end">{escape(_short(label, limit))}</text>'
        )
        if value is None:
            parts.append(f'<text x="{label_width + 3}" y="{y + bar_height - 3}" {FONT} font-size="8" fill="{MUTED}">–</text>')
            continue
        clamped = max(0.0, min(100.0, float(value)))
        bar_width = chart_width * clamped / 100
        colour = BAR if target is None else (BAR_MET if clamped >= target - 1e-9 else BAR_LOW)
        parts.append(f'<rect x="{label_width}" y="{y}" width="{bar_width:.1f}" height="{bar_height}" fill="{colour}" rx="1.5"/>')
        # Values in their own column right of the scale, clear of bars and the target line.
        parts.append(
            f'<text x="{width - 2}" y="{y + bar_height - 3}" {FONT} font-size="8" text-anchor="end" '
            f'fill="{INK}">{escape(group_number(clamped, 1))}{escape(unit)}</text>'
        )
    if target is not None:
        x = label_width + chart_width * max(0.0, min(100.0, float(target))) / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 2}" x2="{x:.1f}" y2="{height - 2}" stroke="{TARGET}" '
            f'stroke-width="1.2" stroke-dasharray="3,2"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def gauge(actual, target, *, label="target", width=640, height=46):
    """One bar: the actual percentage against the target, with both numbers written."""
    chart_width = width - 20
    actual_value = 0.0 if actual is None else max(0.0, min(100.0, float(actual)))
    met = actual is not None and actual_value >= float(target) - 1e-9
    colour = BAR_MET if met else BAR_LOW
    target_x = 10 + chart_width * float(target) / 100
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" class="chart">'
        f'<rect x="10" y="14" width="{chart_width}" height="16" fill="#eef1f5" rx="3"/>'
        f'<rect x="10" y="14" width="{chart_width * actual_value / 100:.1f}" height="16" fill="{colour}" rx="3"/>'
        f'<line x1="{target_x:.1f}" y1="8" x2="{target_x:.1f}" y2="36" stroke="{TARGET}" stroke-width="1.6"/>'
        f'<text x="{target_x:.1f}" y="6" {FONT} font-size="7.5" fill="{TARGET}" text-anchor="middle">'
        f"{escape(label)} {escape(group_number(target, 0))} %</text>"
        f'<text x="10" y="43" {FONT} font-size="7" fill="{MUTED}">0 %</text>'
        f'<text x="{width - 10}" y="43" {FONT} font-size="7" fill="{MUTED}" text-anchor="end">100 %</text>'
        "</svg>"
    )
