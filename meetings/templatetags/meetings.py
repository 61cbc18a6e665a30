from django import template
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

from ..sanitize import clean_minutes

register = template.Library()


@register.filter
def minutes_html(value):
    """Minutes as HTML, sanitised again on render (the stored text may predate a rule change)."""
    return mark_safe(clean_minutes(value))  # noqa: S308 - nh3 output


@register.filter
def hari_tanggal(value):
    """A meeting day with its weekday: "Jumat, 20 Oktober 2023" / "Friday, October 20, 2023"."""
    if not value:
        return ""
    # Translators: a PHP-style date format (Django's date filter) for a day with its weekday.
    return date_format(value, pgettext("weekday date", "l, j F Y"))
