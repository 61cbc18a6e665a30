"""Filters of the OPD list, shared by the API (`/api/v1/opds/`) and the HTML list (`/opd/`), and
how every HTML page reads its query string through the API's FilterSets (`page_filters`)."""

import django_filters
from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import Http404
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


class WholeNumberFilter(django_filters.NumberFilter):
    """An id or a year: a whole number (a NumberFilter also takes "1.5", which an integer lookup
    rounds to 1, and hands the page a Decimal)."""

    field_class = forms.IntegerField


def page_filters(request, filterset_class, *, data=None, not_found=(), **kwargs):
    """Read a page's query string (or `data`) through a FilterSet the API uses.

    A value that fails the FilterSet's validation is named in a warning and left out, as
    django-filter leaves it out of `.qs`: the page keeps its default. A bad value of a field in
    `not_found` (an id outside the user's scope) answers 404, like a detail page.
    """
    filters = filterset_class(request.GET if data is None else data, request=request, **kwargs)
    errors = filters.errors
    if any(name in errors for name in not_found):
        raise Http404
    for name, messages_ in errors.items():
        label = filters.form[name].label or name
        messages.warning(request, _("%(label)s diabaikan: %(errors)s") % {"label": label, "errors": " ".join(messages_)})
    return filters
