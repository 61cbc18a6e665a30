"""The one chart module: server-side SVG (no JavaScript) for pages and PDFs alike.

Every chart of the portal is drawn here, so a measure looks the same wherever it appears:

- `Measure.ACHIEVED_SHARE`, the share of action plans that reached their target, is judged
  against the province target: green when it meets the target, ochre from 80 % of the target,
  red below, grey without data (`colour_for`). Bar charts and the gauge use that one rule.
- `Measure.ACHIEVEMENT`, the weighted achievement of the plans (no target), is one neutral blue.

Pages pass `size=SCREEN`, PDFs `size=PRINT`; the layout is the same. Numbers inside SVG
attributes are always written with a dot (`_n`), whatever the language; numbers shown to the
reader use the active language's format (`django.utils.formats`). Words in a chart go through
gettext. Every label is escaped here and the result is safe markup.
"""

import enum
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

FONT = "DejaVu Sans, sans-serif"
INK = "#1c2430"
MUTED = "#5b6675"
GRID = "#d9dee5"
TRACK = "#eef1f5"
TARGET = "#083b69"
GREEN = "#1e7b34"
OCHRE = "#c9a227"
RED = "#b42318"
GREY = "#b8c0cc"
BLUE = "#0b5394"
NEAR_TARGET = 0.8  # from 80 % of the target a shortfall is ochre, below it red


class Measure(enum.Enum):
    ACHIEVED_SHARE = "achieved_share"  # % of plans that reached their target, against the province target
    ACHIEVEMENT = "achievement"  # weighted achievement of the plans, drawn without a target


def colour_for(measure, value, target=None):
    """The colour of one value of a measure: the single rule every chart and PDF follows."""
    if value is None:
        return GREY
    if measure is Measure.ACHIEVEMENT or target is None:
        return BLUE
    value, target = float(value), float(target)
    if value >= target - 1e-9:
        return GREEN
    return OCHRE if value >= target * NEAR_TARGET - 1e-9 else RED


@dataclass(frozen=True)
class Size:
    width: int
    label_width: int
    bar: int
    gap: int
    font: float
    small: float
    limit: int  # characters of a label before it is shortened (the full label stays in <title>)


SCREEN = Size(width=880, label_width=300, bar=16, gap=6, font=12, small=10, limit=40)
PRINT = Size(width=640, label_width=220, bar=13, gap=5, font=8, small=7, limit=38)


def _n(value):
    """A coordinate for an SVG attribute: always a dot, never the locale's comma."""
    return f"{float(value):.1f}"


def number(value, decimals=1):
    """A number as the reader's language writes it ("52,9" in Indonesian, "52.9" in English)."""
    # Rounded here (half up): number_format only cuts the decimals off.
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def percent(value, decimals=1):
    return "–" if value is None else f"{number(value, decimals)} %"


def _clamp(value):
    return max(0.0, min(100.0, float(value)))


def _short(text, limit):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _text(x, y, content, *, size, fill=INK, anchor="start", extra=""):
    return (f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" fill="{fill}" text-anchor="{anchor}"{extra}>'
            f"{content}</text>")


def target_label(target):
    return _("target %(value)s") % {"value": percent(target, 0)}


def bar_chart(items, *, measure=Measure.ACHIEVED_SHARE, target=None, title="", size=SCREEN, limit=None):
    """Horizontal bars of percentages (0–100), one per (label, value or None), with the target line.

    Labels right-aligned before the bars, a 0–25–50–75–100 grid, values in their own column right
    of the scale, the full label and value in a <title> per bar (hover, screen readers).
    """
    items = list(items)
    limit = limit or size.limit
    title_h = size.font + 10 if title else 0
    top = title_h + size.small + 8
    plot = size.width - size.label_width - 60
    rows_h = len(items) * (size.bar + size.gap)
    axis_y = top + rows_h
    height = axis_y + (size.small + 8 if target is not None else 4)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size.width} {_n(height)}" width="{size.width}" '
        f'height="{_n(height)}" role="img" aria-label="{escape(title)}" class="chart bar-chart" font-family="{FONT}">'
    ]
    if title:
        parts.append(_text(0, size.font + 2, escape(title), size=size.font + 1, extra=' font-weight="bold"'))
    for tick in (0, 25, 50, 75, 100):
        x = size.label_width + plot * tick / 100
        parts.append(f'<line x1="{_n(x)}" y1="{_n(top - 3)}" x2="{_n(x)}" y2="{_n(axis_y)}" stroke="{GRID}" stroke-width="0.6"/>')
        parts.append(_text(x, top - 5, tick, size=size.small, fill=MUTED, anchor="middle"))
    for index, (label, value) in enumerate(items):
        y = top + index * (size.bar + size.gap)
        baseline = y + size.bar / 2 + size.font * 0.36
        parts.append(_text(size.label_width - 6, baseline, f"<title>{escape(label)}</title>{escape(_short(label, limit))}",
                           size=size.font, anchor="end"))
        parts.append(f'<rect x="{size.label_width}" y="{_n(y)}" width="{_n(plot)}" height="{size.bar}" fill="{TRACK}" rx="2"/>')
        if value is not None:
            parts.append(
                f'<rect x="{size.label_width}" y="{_n(y)}" width="{_n(plot * _clamp(value) / 100)}" height="{size.bar}" '
                f'fill="{colour_for(measure, value, target)}" rx="2"><title>{escape(label)}: {percent(value)}</title></rect>'
            )
        parts.append(_text(size.width - 2, baseline, percent(value), size=size.font, anchor="end",
                           fill=INK if value is not None else MUTED))
    if target is not None and items:
        x = size.label_width + plot * _clamp(target) / 100
        parts.append(f'<line x1="{_n(x)}" y1="{_n(top - 3)}" x2="{_n(x)}" y2="{_n(axis_y + 2)}" stroke="{TARGET}" '
                     f'stroke-width="1.5" stroke-dasharray="4 3"/>')
        parts.append(_text(x, axis_y + size.small + 4, escape(target_label(target)), size=size.small, fill=TARGET,
                           anchor="middle"))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def gauge(actual, target, *, size=SCREEN, width=None):
    """One bar: the share achieved against the target, with the target marked and named."""
    width = width or (320 if size is SCREEN else size.width)
    height = 48
    plot = width - 20
    target_x = 10 + plot * _clamp(target) / 100
    label = f"{percent(actual)} / {target_label(target)}"
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(label)}" class="chart gauge" font-family="{FONT}">'
        f'<rect x="10" y="14" width="{plot}" height="18" rx="4" fill="{TRACK}"/>'
        f'<rect x="10" y="14" width="{_n(plot * _clamp(actual or 0) / 100)}" height="18" rx="4" '
        f'fill="{colour_for(Measure.ACHIEVED_SHARE, actual, target)}"><title>{escape(label)}</title></rect>'
        f'<line x1="{_n(target_x)}" y1="8" x2="{_n(target_x)}" y2="38" stroke="{TARGET}" stroke-width="2"/>'
        + _text(target_x, 7, escape(target_label(target)), size=size.small, fill=TARGET, anchor="middle")
        + _text(10, 46, "0 %", size=size.small, fill=MUTED)
        + _text(width - 10, 46, "100 %", size=size.small, fill=MUTED, anchor="end")
        + "</svg>"
    )


def column_chart(columns, *, title="", testid="", size=SCREEN):
    """Vertical bars of counts, one per (label, count, colour), the count above each bar."""
    columns = list(columns)
    width, height, left, bottom, top = 420, 200, 36, 28, 14
    plot_h = height - top - bottom
    highest = max((count for _label, count, _colour in columns), default=0) or 1
    slot = (width - left - 10) / (len(columns) or 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" data-testid="{escape(testid)}" class="chart column-chart" '
        f'font-family="{FONT}">'
    ]
    for index, (label, count, colour) in enumerate(columns):
        bar_h = plot_h * count / highest
        x = left + index * slot + slot * 0.15
        centre = x + slot * 0.35
        parts.append(f'<rect x="{_n(x)}" y="{_n(top + plot_h - bar_h)}" width="{_n(slot * 0.7)}" height="{_n(bar_h)}" '
                     f'fill="{colour}"><title>{escape(label)}: {number(count, 0)}</title></rect>')
        parts.append(_text(centre, top + plot_h - bar_h - 3, number(count, 0), size=size.small + 1, anchor="middle"))
        parts.append(_text(centre, height - 10, escape(label), size=size.small + 1, anchor="middle"))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def scale_chart(rows, *, low, high, marks=(), title="", testid="", decimals=2, colour=BLUE, size=SCREEN):
    """Horizontal bars of values on a fixed scale from `low` to `high`, one per (label, value or
    None), with a guide line at each (value, label) of `marks` (e.g. the bands of a category)."""
    rows = list(rows)
    left, right, top, row_h, width = 180, 50, 22, 20, 640
    height = top + row_h * max(len(rows), 1) + 24
    plot_w = width - left - right

    def x(value):
        return left + plot_w * (float(value) - low) / (high - low)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" data-testid="{escape(testid)}" class="chart scale-chart" '
        f'font-family="{FONT}">'
    ]
    for value, label in marks:
        parts.append(f'<line x1="{_n(x(value))}" x2="{_n(x(value))}" y1="{top - 4}" y2="{height - 20}" stroke="{GRID}"/>')
        parts.append(_text(x(value), height - 6, escape(label), size=size.small + 1, fill=MUTED, anchor="middle"))
    for value, anchor in ((low, "start"), (high, "end")):
        parts.append(_text(x(value), height - 6, number(value, 0), size=size.small + 1, fill=MUTED, anchor=anchor))
    for index, (label, value) in enumerate(rows):
        y = top + index * row_h
        parts.append(_text(left - 6, y + 13, escape(label), size=size.small + 1, anchor="end"))
        if value is None:
            parts.append(_text(left + 4, y + 13, "–", size=size.small + 1, fill=MUTED))
            continue
        shown = number(value, decimals)
        parts.append(f'<rect x="{left}" y="{_n(y + 3)}" width="{_n(max(x(value) - left, 1))}" height="{row_h - 6}" '
                     f'fill="{colour}"><title>{escape(label)}: {shown}</title></rect>')
        parts.append(_text(x(value) + 4, y + 13, shown, size=size.small + 1))
    parts.append("</svg>")
    return mark_safe("".join(parts))


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    points: tuple  # (x label, value, tooltip) in x order
    label_below: bool = False  # write the values under the points (keeps two series apart)


@dataclass(frozen=True)
class Band:
    above: float  # the band runs from above this value ...
    up_to: float  # ... up to this value
    label: str


def trend_chart(series, *, bands=(), target=None, title="", decimals=2):
    """Lines of values across x labels (years), with the bands behind and an optional target level.

    `target` is (level, label), e.g. (70, "BB"). The scale zooms to the bands around the data, so
    a few points of change stay visible.
    """
    series = [s for s in series if s.points]
    if not series:
        return ""
    width, height, left, right, top, bottom = 760, 280, 44, 110, 16, 40
    xs = sorted({p[0] for s in series for p in s.points})
    values = [float(p[1]) for s in series for p in s.points] + ([float(target[0])] if target else [])
    boundaries = [0.0] + [float(b.up_to) for b in bands]
    low = max([b for b in boundaries if b <= min(values) - 3] or [0.0])
    high = min([b for b in boundaries if b >= max(values) + 3] or [max(values + [100.0])])
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(key):
        return left + (plot_w / 2 if len(xs) == 1 else plot_w * xs.index(key) / (len(xs) - 1))

    def y(value):
        return top + plot_h * (1 - (float(value) - low) / (high - low))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" data-testid="trend-chart" class="chart trend-chart" '
        f'font-family="{FONT}" font-size="11">'
    ]
    for band in bands:
        if band.above and low <= band.above <= high:
            parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{_n(y(band.above))}" y2="{_n(y(band.above))}" stroke="{GRID}"/>')
            parts.append(_text(left - 4, y(band.above) + 4, number(band.above, 0), size=11, fill=MUTED, anchor="end"))
        if band.up_to > low and band.above < high:
            middle = (max(band.above, low) + min(band.up_to, high)) / 2
            parts.append(_text(left + plot_w + 6, y(middle) + 4, escape(band.label), size=11, fill=MUTED))
    if target:
        level, name = target
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{_n(y(level))}" y2="{_n(y(level))}" stroke="{GREEN}" stroke-dasharray="5 4"/>')
        parts.append(_text(left + plot_w + 26, y(level) + 4, escape(_("target %(value)s") % {"value": name}), size=11, fill=GREEN))
    for key in xs:
        parts.append(_text(x(key), height - 10, escape(key), size=11, anchor="middle"))
    for line in series:
        path = " ".join(f"{_n(x(p[0]))},{_n(y(p[1]))}" for p in line.points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{line.colour}" stroke-width="2.5"/>')
        for key, value, tooltip in line.points:
            parts.append(f'<circle cx="{_n(x(key))}" cy="{_n(y(value))}" r="4" fill="{line.colour}"><title>{escape(tooltip)}</title></circle>')
            parts.append(_text(x(key), y(value) + (16 if line.label_below else -8), number(value, decimals), size=11,
                               fill=line.colour, anchor="middle"))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def legend(series):
    """The series' names in their colours, for under a trend chart."""
    return mark_safe(" ".join(f'<span class="small" style="color:{s.colour}">● {escape(s.label)}</span>' for s in series))
