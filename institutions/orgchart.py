"""The org chart (bagan struktur organisasi) of one structure, laid out for SVG.

One layout serves the page and the PDF: each unit is a box, leaves are placed left to right,
a parent is centred over its children. Coordinates are formatted here with a dot, never by the
template's locale.
"""

import textwrap
from dataclasses import dataclass

BOX_W = 170
BOX_H = 64
GAP_X = 16
GAP_Y = 44
MARGIN = 10
LINE_CHARS = 26
MAX_LINES = 3


def _n(value):
    return f"{value:.1f}"


@dataclass(frozen=True)
class Box:
    x: str
    y: str
    w: str
    h: str
    text_x: str
    lines: tuple  # ((y, text), ...)
    level: str
    level_y: str
    kind: str


@dataclass(frozen=True)
class Link:
    path: str


@dataclass(frozen=True)
class Chart:
    width: str
    height: str
    boxes: tuple
    links: tuple

    @property
    def view_box(self):
        return f"0 0 {self.width} {self.height}"


def layout(units):
    """`units`: OrgUnit rows of one structure (any order). Returns a Chart."""
    children = {}
    for unit in sorted(units, key=lambda u: (u.order, u.pk)):
        children.setdefault(unit.parent_id, []).append(unit)
    roots = children.get(None, [])
    positions = {}
    cursor = [0]

    def place(unit, depth):
        kids = children.get(unit.pk, [])
        if not kids:
            x = cursor[0]
            cursor[0] += BOX_W + GAP_X
        else:
            xs = [place(kid, depth + 1) for kid in kids]
            x = (xs[0] + xs[-1]) / 2
        positions[unit.pk] = (x, depth)
        return x

    for root in roots:
        place(root, 0)
    by_pk = {u.pk: u for u in units}
    depth_max = max((d for _x, d in positions.values()), default=0)
    boxes, links = [], []
    for pk, (x, depth) in positions.items():
        unit = by_pk[pk]
        left = MARGIN + x
        top = MARGIN + depth * (BOX_H + GAP_Y)
        wrapped = textwrap.wrap(unit.name, LINE_CHARS) or [""]
        if len(wrapped) > MAX_LINES:
            wrapped = wrapped[:MAX_LINES]
            wrapped[-1] = wrapped[-1][: LINE_CHARS - 1] + "…"
        first = top + 16 + (MAX_LINES - len(wrapped)) * 6
        lines = tuple((_n(first + i * 13), line) for i, line in enumerate(wrapped))
        boxes.append(Box(
            x=_n(left), y=_n(top), w=_n(BOX_W), h=_n(BOX_H), text_x=_n(left + BOX_W / 2), lines=lines,
            level=unit.level, level_y=_n(top + BOX_H - 6), kind=unit.kind,
        ))
        if unit.parent_id in positions:
            px, pdepth = positions[unit.parent_id]
            start_x = MARGIN + px + BOX_W / 2
            start_y = MARGIN + pdepth * (BOX_H + GAP_Y) + BOX_H
            end_x = left + BOX_W / 2
            mid_y = start_y + GAP_Y / 2
            links.append(Link(f"M{_n(start_x)} {_n(start_y)} V{_n(mid_y)} H{_n(end_x)} V{_n(top)}"))
    width = MARGIN * 2 + max(cursor[0] - GAP_X, BOX_W)
    height = MARGIN * 2 + (depth_max + 1) * BOX_H + depth_max * GAP_Y
    return Chart(width=_n(width), height=_n(height), boxes=tuple(boxes), links=tuple(links))
