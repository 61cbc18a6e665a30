"""The audit trail: who changed what, when (UTC), from where, before and after.

Every model users change declares `history = audited_history()` (django-simple-history with
an `ip_address` on each historical row). simple_history's HistoryRequestMiddleware records the
user; the address comes from the same request through `current_ip`, used as the field default
so that `bulk_create_with_history` rows get it too.

Object pages show the trail to Biro staff, inspectors and superusers:

    # view
    from agencies.audit import history_for
    context["history"] = history_for(plan, request.user)   # None when the user may not see it
    # template
    {% include "_history.html" %}
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .roles import Role
from .scoping import get_scope

HISTORY_ROLES = {Role.BIRO, Role.INSPECTOR, "superuser"}
DEFAULT_LIMIT = 30


def current_ip():
    """The client address of the request being handled (None outside a request: shell, tasks)."""
    from reformportal.security import client_ip

    request = getattr(HistoricalRecords.context, "request", None)
    return client_ip(request) if request is not None else None


class AuditedHistoricalModel(models.Model):
    """Abstract base of every historical model: adds where the change came from."""

    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True, default=current_ip)

    class Meta:
        abstract = True


def audited_history(**kwargs):
    """HistoricalRecords with the client address; use as `history = audited_history()`."""
    bases = kwargs.pop("bases", [])
    if kwargs.get("m2m_fields"):
        kwargs["m2m_bases"] = [AuditedHistoricalModel, *kwargs.get("m2m_bases", [])]
    return HistoricalRecords(bases=[AuditedHistoricalModel, *bases], **kwargs)


def can_view_history(user):
    """Biro staff, inspectors and superusers read the trail of the objects they can see."""
    return get_scope(user).role in HISTORY_ROLES


class Change:
    def __init__(self, field, old, new):
        self.field, self.old, self.new = field, old, new


class Entry:
    """One historical row, as shown: when, who, from where, what kind, and which fields changed."""

    TYPE_LABELS = {"+": _("dibuat"), "~": _("diubah"), "-": _("dihapus")}

    def __init__(self, record, changes):
        self.record = record
        self.date = record.history_date
        self.user = record.history_user
        self.ip_address = getattr(record, "ip_address", None)
        self.type = record.history_type
        self.type_label = self.TYPE_LABELS.get(record.history_type, record.history_type)
        self.reason = record.history_change_reason
        self.changes = changes


class History(list):
    """Entries of history_for; `more` is True when older changes exist beyond the limit."""

    more = False


def history_for(obj, user, *, limit=DEFAULT_LIMIT):
    """The last `limit` changes of `obj` (all of them when `limit` is None), newest first, or None
    when `user` may not see them; `.more` says whether older ones were left out.

    Call it only with an object the user may see (after the access helper). One query: the
    historical rows with their users; diffs are computed between neighbouring rows in Python.
    """
    if not can_view_history(user):
        return None
    records = obj.history.select_related("history_user").order_by("-history_date", "-history_id")
    records = list(records if limit is None else records[: limit + 1])
    fields = {f.name: f for f in obj._meta.concrete_fields}
    entries = History()
    entries.more = limit is not None and len(records) > limit
    for newer, older in zip(records, records[1:] + [None]):
        if len(entries) == limit:
            break
        changes = []
        if older is not None and newer.history_type == "~":
            delta = newer.diff_against(older)
            for change in delta.changes:
                field = fields.get(change.field)
                label = field.verbose_name if field is not None else change.field
                changes.append(Change(label, change.old, change.new))
        entries.append(Entry(newer, changes))
    return entries
