"""Anjab/ABK API (read-only): ABKs with their totals, positions with their figures and tasks.

Every queryset starts from visible_to(user); the figures come from workload.figures().
"""

import django_filters
from django.db.models import Prefetch
from rest_framework import viewsets

from .. import selectors
from ..models import Abk, Position, Task
from .serializers import AbkSerializer, PositionDetailSerializer, PositionSerializer


class AbkFilter(django_filters.FilterSet):
    pemda = django_filters.CharFilter(method="filter_pemda", label="Pemda code (62, 62.71)")
    province = django_filters.CharFilter(field_name="opd__pemda__province__code")

    class Meta:
        model = Abk
        fields = ["year", "status", "opd", "pemda", "province"]

    def filter_pemda(self, queryset, name, value):
        if "." in value:
            return queryset.filter(opd__pemda__regency__code=value)
        return queryset.filter(opd__pemda__province__code=value, opd__pemda__regency__isnull=True)


class AbkViewSet(viewsets.ReadOnlyModelViewSet):
    """Agencies' ABKs in scope, each with its totals (staff needed, in post, gap, EJ, grade)."""

    serializer_class = AbkSerializer
    filterset_class = AbkFilter
    ordering_fields = ["year", "opd__code"]

    def get_queryset(self):
        # opd and its pemda (with province/regency, for pemda_code) are printed on every row
        return Abk.objects.visible_to(self.request.user).select_related(
            "opd__pemda__province", "opd__pemda__regency").order_by("opd__pemda__province__code", "opd__code", "-year")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._totals = selectors.abk_totals([a.pk for a in page]) if page is not None else None
        return page

    def get_object(self):
        obj = super().get_object()
        self._totals = selectors.abk_totals([obj.pk])
        return obj

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "totals": getattr(self, "_totals", None) or {}}


class PositionFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="abk__year")
    opd = django_filters.NumberFilter(field_name="abk__opd")
    province = django_filters.CharFilter(field_name="abk__opd__pemda__province__code")
    grade_min = django_filters.NumberFilter(field_name="grade", lookup_expr="gte")
    grade_max = django_filters.NumberFilter(field_name="grade", lookup_expr="lte")

    class Meta:
        model = Position
        fields = ["abk", "year", "opd", "province", "kind", "functional_level", "unit", "grade_min", "grade_max"]


class PositionViewSet(viewsets.ReadOnlyModelViewSet):
    """Positions in scope with their figures; the detail lists the tasks too."""

    filterset_class = PositionFilter
    search_fields = ["name", "code"]
    ordering_fields = ["code", "grade", "name"]

    def get_serializer_class(self):
        return PositionDetailSerializer if self.action == "retrieve" else PositionSerializer

    def get_queryset(self):
        # abk (year, opd) and unit (name) are printed on every row; workload summed in the query
        qs = Position.objects.visible_to(self.request.user).select_related("abk", "unit")
        qs = selectors.positions_with_workload(qs).order_by("abk__opd_id", "abk__year", "order", "pk")
        if self.action == "retrieve":
            # the tasks of the one position, in their order
            qs = qs.prefetch_related(Prefetch("tasks", queryset=Task.objects.order_by("order", "pk")))
        return qs
