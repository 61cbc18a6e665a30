from django import template
from django.utils.safestring import mark_safe

from ..sanitize import clean_minutes

register = template.Library()


@register.filter
def minutes_html(value):
    """Minutes as HTML, sanitised again on render (the stored text may predate a rule change)."""
    return mark_safe(clean_minutes(value))  # noqa: S308 - nh3 output
