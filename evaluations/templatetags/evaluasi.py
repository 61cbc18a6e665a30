from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..predikat import badge_class

register = template.Library()


@register.simple_tag
def predikat_badge(predikat, target=None):
    """<span class="badge …">BB</span>, green at or above the target, amber one band below, red below."""
    if not predikat:
        return mark_safe('<span class="badge">–</span>')
    return format_html('<span class="badge {}" data-testid="predikat">{}</span>', badge_class(predikat, target), predikat)
