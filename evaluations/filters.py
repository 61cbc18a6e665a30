"""Filters of the LHE list, shared by the API (`/api/v1/lhe/`) and the HTML pages (the LHE list,
the completion page), which read their query string through it (agencies.filters.page_filters)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from agencies.filters import WholeNumberFilter
from agencies.models import Pemda

from .models import Lhe


def visible_pemdas(request):
    # Only the Pemdas in the user's scope are choices: another one answers like an unknown id.
    if request is None:
        return Pemda.objects.none()
    return Pemda.objects.visible_to(request.user).select_related("province", "regency")


class LheFilter(django_filters.FilterSet):
    pemda = django_filters.ModelChoiceFilter(queryset=visible_pemdas, label=_("Pemda"))
    province = django_filters.CharFilter(field_name="pemda__province__code")
    year = WholeNumberFilter(label=_("Tahun"), min_value=2000, max_value=2100)

    class Meta:
        model = Lhe
        fields = ["pemda", "province", "year", "kind"]
