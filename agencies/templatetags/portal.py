"""Indonesian display formats: "30 Januari 2025", "1.234.567,89", "Rp 1.234.567", "75,5 %"."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import get_language

register = template.Library()

MONTHS_ID = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]
MONTHS_EN = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]


def long_date(value, language=None):
    if not value:
        return ""
    language = language or get_language() or "id"
    if language.startswith("en"):
        return f"{MONTHS_EN[value.month - 1]} {value.day}, {value.year}"
    return f"{value.day} {MONTHS_ID[value.month - 1]} {value.year}"


def group_number(value, decimals=0, language=None):
    """1234567.891 -> "1.234.567,89" in Indonesian, "1,234,567.89" in English."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = f"{number:,.{decimals}f}"
    language = language or get_language() or "id"
    if language.startswith("en"):
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


@register.filter
def tanggal(value):
    return long_date(value)


@register.filter
def angka(value, decimals=0):
    return group_number(value, int(decimals))


@register.filter
def rupiah(value):
    if value is None or value == "":
        return ""
    return f"Rp {group_number(value, 0)}"


@register.filter
def persen(value, decimals=1):
    if value is None or value == "":
        return "–"
    decimals = int(decimals)
    text = group_number(value, decimals)
    if decimals:
        text = text[:-decimals] + text[-decimals:].rstrip("0")
        text = text.rstrip(",.")
    return f"{text} %"


@register.simple_tag(takes_context=True)
def querystring_page(context, page_number):
    qs = context.get("querystring", "")
    return f"?{qs}&page={page_number}" if qs else f"?page={page_number}"


