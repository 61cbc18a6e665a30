"""Template filters over reformportal.formats: "30 Januari 2025", "1.234.567,89", "Rp 1.234.567",
"75,5 %", and `bar_width` for numbers printed into CSS (always with a dot)."""

from django import template

from reformportal import formats

register = template.Library()


@register.filter
def tanggal(value):
    return formats.long_date(value)


@register.filter
def angka(value, decimals=0):
    return formats.group_number(value, int(decimals))


@register.filter
def rupiah(value):
    return formats.rupiah(value)


@register.filter
def persen(value, decimals=1):
    return formats.percent(value, decimals)


@register.filter
def bar_width(value):
    """`style="width: {{ x|bar_width }}%"`: clamped to 0–100, with a dot in every language."""
    return formats.bar_width(value)


@register.simple_tag(takes_context=True)
def querystring_page(context, page_number):
    qs = context.get("querystring", "")
    return f"?{qs}&page={page_number}" if qs else f"?page={page_number}"
