from django.db.models import Count, Q
from django.utils.translation import gettext as _

from .models import Opd, Pemda, Province, Regency


def scope_counts(user):
    """Counts shown on the home page: what the user's scope holds."""
    opds = Opd.objects.visible_to(user).aggregate(
        total=Count("pk"), active=Count("pk", filter=Q(is_active=True))
    )
    return {
        "provinces": Province.objects.visible_to(user).count(),
        "regencies": Regency.objects.visible_to(user).count(),
        "pemdas": Pemda.objects.visible_to(user).count(),
        "opds": opds["total"],
        "active_opds": opds["active"],
    }


def scope_place(user):
    """The OPD or Pemda a user's role is attached to, or None for national roles."""
    scope = user.scope
    if scope.opd_id:
        return Opd.objects.select_related("pemda").get(pk=scope.opd_id)
    if scope.pemda_id:
        # regency, province: the link to the place's page is built from their codes
        return Pemda.objects.select_related("regency", "province").get(pk=scope.pemda_id)
    return None


def search_opds(user, params):
    """OPDs in the user's scope, filtered by `params` (request.GET) exactly as the API filters them."""
    from .filters import OpdFilter

    qs = Opd.objects.visible_to(user).select_related("pemda__province", "pemda__regency", "replaced_by")
    return OpdFilter(params, queryset=qs).qs


def replacement_problem(opd, replaced_by, is_active):
    """Why `opd` cannot be recorded as replaced by `replaced_by`: (field, message), or None.

    The rules of renames and mergers, shared by the API and the admin: an OPD does not replace
    itself, a replaced OPD is inactive, and a chain of renames never leads back to where it began.
    `opd` may be an unsaved instance (pk None).
    """
    if replaced_by is None:
        return None
    if opd.pk is not None and replaced_by.pk == opd.pk:
        return "replaced_by", _("Perangkat daerah tidak dapat menggantikan dirinya sendiri.")
    if is_active:
        return "is_active", _("Perangkat daerah yang sudah digantikan harus dinonaktifkan.")
    successor, seen = replaced_by, set()
    while opd.pk is not None and successor is not None and successor.pk not in seen:
        if successor.pk == opd.pk:
            return "replaced_by", _("Penggantian ini membuat rantai perubahan melingkar.")
        seen.add(successor.pk)
        successor = successor.replaced_by
    return None
