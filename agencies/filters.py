"""Filters of the OPD list, shared by the API (`/api/v1/opds/`) and the HTML list (`/opd/`)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Opd


class OpdFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label=_("Cari (nama, singkatan, kode)"))
    province = django_filters.CharFilter(field_name="pemda__province__code")
    regency = django_filters.CharFilter(field_name="pemda__regency__code")
    level = django_filters.CharFilter(field_name="pemda__level")
    # the list page's status select ("1" active, "0" inactive); the API also takes is_active=true/false
    active = django_filters.ChoiceFilter(
        choices=[("1", _("Aktif")), ("0", _("Tidak aktif"))], method="filter_active", label=_("Status")
    )

    class Meta:
        model = Opd
        fields = ["pemda", "province", "regency", "level", "kind", "type", "is_active"]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value) | Q(code__icontains=value))

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "1")
