"""Small markup of the Anjab/ABK pages: a gap (+ shortage, − surplus) and an ABK status badge.

Tags rather than {% include %}: the Biro's overview prints them for every agency, and an
include per cell costs more than the rest of the row.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from reformportal.formats import group_number

register = template.Library()


def _gap(value):
    """(css class, text) of a gap: "+3" short (red), "-2" over (blue), "0"."""
    value = int(value or 0)
    css = "gap-short" if value > 0 else "gap-over" if value < 0 else ""
    return css, ("+" if value > 0 else "") + group_number(value)


@register.simple_tag
def gap(value):
    css, text = _gap(value)
    return format_html('<span class="gap {}">{}</span>', css, text)


@register.simple_tag
def gap_cell(value, tag="td"):
    """The whole table cell of a gap, coloured by its class: no inline box inside (the job map PDF)."""
    css, text = _gap(value)
    return format_html('<{} class="num {}">{}</{}>', tag, css, text, tag)


STATUS_LABELS = {
    "none": "Belum ada", "draft": "Draf", "submitted": "Diajukan", "verified": "Terverifikasi", "returned": "Dikembalikan",
}


@register.simple_tag
def abk_status(status):
    return format_html('<span class="badge abk-{}" data-testid="abk-status">{}</span>', status, _(STATUS_LABELS[status]))
