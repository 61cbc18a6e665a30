from django.db.models import Count, Q

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


def search_opds(user, *, q="", province="", regency="", level="", kind="", type="", active=""):
    """OPDs in the user's scope, filtered as the browse page and the API filter them."""
    qs = Opd.objects.visible_to(user).select_related("pemda__province", "pemda__regency", "replaced_by")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__icontains=q))
    if province:
        qs = qs.filter(pemda__province__code=province)
    if regency:
        qs = qs.filter(pemda__regency__code=regency)
    if level:
        qs = qs.filter(pemda__level=level)
    if kind:
        qs = qs.filter(kind=kind)
    if type:
        qs = qs.filter(type=type)
    if active in ("1", "0"):
        qs = qs.filter(is_active=active == "1")
    return qs
