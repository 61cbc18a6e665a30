"""Server-side SVG bar charts (no JavaScript library): achievement per theme, OPD, regency/city."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from reformportal.formats import group_number

COLOURS = {"ok": "#1e7b34", "warn": "#c9a227", "bad": "#b42318", "none": "#b8c0cc"}


def _colour(value, target):
    if value is None:
        return COLOURS["none"]
    if value >= target:
        return COLOURS["ok"]
    return COLOURS["warn"] if value >= target * 0.8 else COLOURS["bad"]


def bar_chart(items, *, target=None, title="", width=640, bar_height=18, label_width=230):
    """Horizontal bars of percentages (0–100), one per (label, value) item, with an optional target line.

    Returns safe SVG markup with a <title> per bar for screen readers and hover.
    """
    items = list(items)
    gap = 6
    top = 24 if title else 6
    height = top + len(items) * (bar_height + gap) + 22
    plot = width - label_width - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{escape(title)}" class="bar-chart">'
    ]
    if title:
        parts.append(f'<text x="0" y="15" font-size="13" font-weight="bold" fill="#1c2430">{escape(title)}</text>')
    for i, (label, value) in enumerate(items):
        y = top + i * (bar_height + gap)
        short = label if len(label) <= 34 else label[:32] + "…"
        parts.append(f'<text x="0" y="{y + bar_height - 5}" font-size="12" fill="#1c2430"><title>{escape(label)}</title>{escape(short)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{plot}" height="{bar_height}" fill="#eef1f5" rx="3"/>')
        if value is not None:
            w = max(0.0, min(100.0, float(value))) * plot / 100
            colour = _colour(float(value), float(target) if target is not None else 100.0)
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="{colour}" rx="3"><title>{escape(label)}: {group_number(value, 1)} %</title></rect>'
            )
            text = f"{group_number(value, 1)} %"
        else:
            text = "–"
        parts.append(f'<text x="{label_width + plot + 6}" y="{y + bar_height - 5}" font-size="12" fill="#1c2430">{text}</text>')
    axis_y = top + len(items) * (bar_height + gap)
    if target is not None and items:
        x = label_width + float(target) * plot / 100
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{axis_y}" stroke="#083b69" stroke-width="2" stroke-dasharray="4 3"/>')
        parts.append(f'<text x="{x:.1f}" y="{axis_y + 14}" font-size="11" text-anchor="middle" fill="#083b69">target {group_number(target, 0)} %</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def gauge(actual, target, *, width=320):
    """One bar: actual % of plans achieved against the target %."""
    height = 46
    value = 0.0 if actual is None else max(0.0, min(100.0, float(actual)))
    colour = _colour(actual, float(target))
    tx = float(target) * (width - 2) / 100
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{group_number(value, 1)} % / target {group_number(target, 0)} %" class="gauge">'
        f'<rect x="1" y="6" width="{width - 2}" height="20" rx="4" fill="#eef1f5"/>'
        f'<rect x="1" y="6" width="{value * (width - 2) / 100:.1f}" height="20" rx="4" fill="{colour}"/>'
        f'<line x1="{tx:.1f}" y1="0" x2="{tx:.1f}" y2="32" stroke="#083b69" stroke-width="2"/>'
        f'<text x="{tx:.1f}" y="44" font-size="11" text-anchor="middle" fill="#083b69">{group_number(target, 0)} %</text>'
        "</svg>"
    )
