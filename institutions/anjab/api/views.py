"""Anjab/ABK API: ABKs with their totals, positions with their figures, tasks; and the writes.

Every queryset starts from visible_to(user); the figures come from workload.figures(). Writes
validate the body with an input serializer and call institutions.anjab.services, which lock the
ABK and check the workflow and who acts: positions and tasks change only in a draft or returned
ABK, by its agency (or whoever manages its Pemda); the agency's admin submits; the Bagian
(regency/city) or the Biro (province) verifies or returns with a comment. A verified ABK is locked.
"""

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from agencies.api.errors import run
from agencies.models import pemda_code_q
from evaluations.api.views import NotReadOnly

from .. import selectors, services
from ..models import Abk, Position, Task
from .serializers import (
    AbkReturnInputSerializer, AbkSerializer, AbkVerifyInputSerializer, PositionDetailSerializer, PositionInputSerializer,
    PositionSerializer, TaskInputSerializer, TaskSerializer,
)

WRITE_METHODS = ["get", "post", "patch", "delete", "head", "options"]


def validated(serializer_class, request, instance=None):
    """The body checked by an input serializer (partial when it changes `instance`), or a 400."""
    data = serializer_class(instance, data=request.data, partial=instance is not None, context={"request": request})
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


class AbkFilter(django_filters.FilterSet):
    pemda = django_filters.CharFilter(method="filter_pemda", label="Pemda code (62, 62.71)")
    province = django_filters.CharFilter(field_name="opd__pemda__province__code")

    class Meta:
        model = Abk
        fields = ["year", "status", "opd", "pemda", "province"]

    def filter_pemda(self, queryset, name, value):
        return queryset.filter(pemda_code_q("opd__pemda", value))


class AbkViewSet(viewsets.ReadOnlyModelViewSet):
    """Agencies' ABKs in scope, each with its totals (staff needed, in post, gap, EJ, grade)."""

    serializer_class = AbkSerializer
    permission_classes = [permissions.IsAuthenticated, NotReadOnly]
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

    def _answer(self, abk):
        self._totals = selectors.abk_totals([abk.pk])
        return Response(self.get_serializer(self.get_queryset().get(pk=abk.pk)).data)

    @extend_schema(request=None, responses={200: AbkSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """The agency's admin submits a draft or returned ABK for verification."""
        return self._answer(run(services.submit_abk, self.get_object(), by=request.user))

    @extend_schema(request=AbkVerifyInputSerializer, responses={200: AbkSerializer})
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """The Bagian (a regency's agency) or the Biro (the province's) verifies a submitted ABK; it is then locked."""
        abk = self.get_object()
        fields = validated(AbkVerifyInputSerializer, request)
        return self._answer(run(services.verify_abk, abk, by=request.user, **fields))

    @extend_schema(request=AbkReturnInputSerializer, responses={200: AbkSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_agency(self, request, pk=None):
        """The Bagian or the Biro returns a submitted ABK to the agency, with a comment (required)."""
        abk = self.get_object()
        fields = validated(AbkReturnInputSerializer, request)
        return self._answer(run(services.return_abk, abk, by=request.user, **fields))


class PositionFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="abk__year")
    opd = django_filters.NumberFilter(field_name="abk__opd")
    province = django_filters.CharFilter(field_name="abk__opd__pemda__province__code")
    grade_min = django_filters.NumberFilter(field_name="grade", lookup_expr="gte")
    grade_max = django_filters.NumberFilter(field_name="grade", lookup_expr="lte")

    class Meta:
        model = Position
        fields = ["abk", "year", "opd", "province", "kind", "functional_level", "unit", "grade_min", "grade_max"]


class PositionViewSet(viewsets.ModelViewSet):
    """Positions in scope with their figures; the detail lists the tasks too. Writes: a draft/returned ABK's."""

    filterset_class = PositionFilter
    permission_classes = [permissions.IsAuthenticated, NotReadOnly]
    http_method_names = WRITE_METHODS
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

    def _answer(self, position, code=status.HTTP_200_OK):
        return Response(PositionSerializer(self.get_queryset().get(pk=position.pk)).data, status=code)

    @extend_schema(request=PositionInputSerializer, responses={201: PositionSerializer})
    def create(self, request, *args, **kwargs):
        fields = validated(PositionInputSerializer, request)
        position = run(services.create_position, fields.pop("abk"), by=request.user, **fields)
        return self._answer(position, status.HTTP_201_CREATED)

    @extend_schema(request=PositionInputSerializer, responses={200: PositionSerializer})
    def partial_update(self, request, *args, **kwargs):
        position = self.get_object()
        fields = validated(PositionInputSerializer, request, position)
        return self._answer(run(services.update_position, position, by=request.user, **fields))

    def destroy(self, request, *args, **kwargs):
        run(services.delete_position, self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TaskFilter(django_filters.FilterSet):
    abk = django_filters.NumberFilter(field_name="position__abk")

    class Meta:
        model = Task
        fields = ["position", "abk", "period"]


class TaskViewSet(viewsets.ModelViewSet):
    """Tasks (uraian tugas) in scope with their yearly volume and workload. Writes: a draft/returned ABK's."""

    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    permission_classes = [permissions.IsAuthenticated, NotReadOnly]
    http_method_names = WRITE_METHODS

    def get_queryset(self):
        # the rows print only their own fields (yearly volume and workload are computed from them)
        return Task.objects.visible_to(self.request.user).order_by("position_id", "order", "pk")

    @extend_schema(request=TaskInputSerializer, responses={201: TaskSerializer})
    def create(self, request, *args, **kwargs):
        fields = validated(TaskInputSerializer, request)
        task = run(services.create_task, fields.pop("position"), by=request.user, **fields)
        return Response(TaskSerializer(task).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TaskInputSerializer, responses={200: TaskSerializer})
    def partial_update(self, request, *args, **kwargs):
        task = self.get_object()
        fields = validated(TaskInputSerializer, request, task)
        return Response(TaskSerializer(run(services.update_task, task, by=request.user, **fields)).data)

    def destroy(self, request, *args, **kwargs):
        run(services.delete_task, self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
