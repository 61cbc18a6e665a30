from django import template
from django.utils.html import format_html

from reformportal.formats import quarter_label

register = template.Library()

BADGES = {"verified": "badge-ok", "submitted": "badge-info", "returned": "badge-bad", "draft": "badge-warn", "": "", "missing": ""}


@register.filter
def status_badge(status):
    return BADGES.get(status or "", "")


@register.filter
def tw(quarter):
    return quarter_label(quarter)


@register.filter
def progress_css(value, target=100):
    if value is None:
        return ""
    value, target = float(value), float(target)
    return "ok" if value >= target else ("warn" if value >= target * 0.8 else "bad")


@register.filter
def get_target(plan, quarter):
    return plan.target_for(int(quarter))


@register.simple_tag
def preview_cell(row, key, shown, css=""):
    """A cell of the blank preview; a bad one is outlined and says why (title, screen readers)."""
    reason = row.get("bad", {}).get(key)
    if not reason:
        return format_html('<td class="{}">{}</td>', css, shown)
    return format_html(
        '<td class="{} cell-bad" title="{}" data-testid="bad-cell">{}<div class="cell-error small">{}</div></td>',
        css, reason, shown, reason,
    )
