"""Template filters of the maturity recap."""

from django import template

register = template.Library()


@register.filter
def per_variable(mapping, code):
    """The value for a variable code in a {code: value} dict of the recap (None if missing)."""
    return mapping.get(code)
