"""The display formats Django's localisation lacks, for pages, PDFs, charts, e-mails and messages.

Dates and separators come from Django itself (`date_format`, `number_format` with the active
language's formats: "1.234.567,89" / "1,234,567.89", "30 Januari 2025" / "September 30, 2025");
this module adds only the portal's own shapes: rupiah ("Rp 1.234.567"), the percent with a space
("75,5 %"), the triwulan ("TW III") and numbers printed into CSS or SVG, which always take a dot.
Template filters (agencies/templatetags/portal.py) are thin wrappers over these functions.
"""

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from django.utils import formats, translation
from django.utils.translation import pgettext

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def quarter_label(quarter):
    """"TW III": how the portal names a triwulan everywhere (pages, exports, PDFs, messages)."""
    return f"TW {ROMAN[int(quarter)]}"


def _in_language(language, function, *args):
    if language is None:
        return function(*args)
    with translation.override(language):
        return function(*args)


def long_date(value, language=None):
    """"30 Januari 2025" in Indonesian, "September 30, 2025" in English ("" for no date)."""
    if not value:
        return ""
    # the pattern is translated (locale/en: "F j, Y"); Django gives the month names
    return _in_language(language, lambda: formats.date_format(value, pgettext("long date", "j F Y")))


def _decimal(value):
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def group_number(value, decimals=0, language=None):
    """1234567.891 -> "1.234.567,89" in Indonesian, "1,234,567.89" in English (rounded half even)."""
    if value is None or value == "":
        return ""
    number = _decimal(value)
    if number is None or not number.is_finite():
        return str(value)
    number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    return _in_language(
        language, lambda: formats.number_format(number, decimals, use_l10n=True, force_grouping=True)
    )


def rupiah(value, language=None):
    """"Rp 1.234.567" (whole rupiah)."""
    if value is None or value == "":
        return ""
    return f"Rp {group_number(value, 0, language)}"


def percent(value, decimals=1, language=None):
    """"75,5 %" (trailing zeros dropped: "75 %"); "–" for no value."""
    if value is None or value == "":
        return "–"
    decimals = int(decimals)
    text = group_number(value, decimals, language)
    if decimals:
        text = text[:-decimals] + text[-decimals:].rstrip("0")
        text = text.rstrip(",.")
    return f"{text} %"


def css_number(value, decimals=1):
    """A number for CSS or SVG ("52.9"): always a dot, whatever the language (CSS ignores
    "52,9%", so a bar drawn with it is full)."""
    number = _decimal(value if value is not None else 0)
    if number is None or not number.is_finite():
        number = Decimal(0)
    text = f"{number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def bar_width(value):
    """The width of a progress bar in percent for CSS: clamped to 0–100, one decimal, a dot."""
    if value is None:
        return "0"
    number = _decimal(value)
    if number is None or not number.is_finite():
        return "0"
    return css_number(max(Decimal(0), min(Decimal(100), number)), 1)
