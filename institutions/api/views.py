"""Kelembagaan API: reads start from visible_to(user); the mismatch workflow goes through services."""

import django_filters
from django.db.models import F, Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from agencies.api.errors import run

from .. import services
from ..models import Mismatch, OrganisationStructure, OrgUnit, PostConversion, Regulation, StrategicIssue, WorkloadScore
from ..selectors import get_mismatch_for_user
from .serializers import (
    ConversionSerializer,
    IssueSerializer,
    MismatchSerializer,
    ProposalInputSerializer,
    RegulationSerializer,
    StructureSerializer,
    VerifyInputSerializer,
    WorkloadScoreSerializer,
)




class StructureFilter(django_filters.FilterSet):
    pemda = django_filters.NumberFilter(field_name="opd__pemda")
    valid_on = django_filters.DateFilter(field_name="valid_from", lookup_expr="lte")

    class Meta:
        model = OrganisationStructure
        fields = ["opd", "pemda", "valid_on"]


class StructureViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = StructureSerializer
    filterset_class = StructureFilter
    ordering_fields = ["valid_from"]

    def get_queryset(self):
        # opd: opd_code and pemda per row; units: serialised per row (one prefetch)
        return (
            OrganisationStructure.objects.visible_to(self.request.user).select_related("opd")
            .prefetch_related(Prefetch("units", queryset=OrgUnit.objects.order_by("order", "pk")))
            .order_by("opd_id", "-valid_from")
        )


class ConversionFilter(django_filters.FilterSet):
    pemda = django_filters.NumberFilter(field_name="opd__pemda")
    converted_after = django_filters.DateFilter(field_name="converted_on", lookup_expr="gte")

    class Meta:
        model = PostConversion
        fields = ["opd", "pemda", "former_level", "converted_after"]


class ConversionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ConversionSerializer
    filterset_class = ConversionFilter
    search_fields = ["former_post", "functional_position", "person_name"]

    def get_queryset(self):
        # opd: pemda per row
        return PostConversion.objects.visible_to(self.request.user).select_related("opd").order_by("pk")


class MismatchFilter(django_filters.FilterSet):
    pemda = django_filters.NumberFilter(field_name="opd__pemda")
    open = django_filters.BooleanFilter(method="filter_open")

    class Meta:
        model = Mismatch
        fields = ["opd", "pemda", "kind", "status", "open"]

    def filter_open(self, queryset, name, value):
        return queryset.filter(status__in=Mismatch.OPEN_STATUSES) if value else queryset.exclude(
            status__in=Mismatch.OPEN_STATUSES)


class MismatchViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MismatchSerializer
    filterset_class = MismatchFilter

    def get_queryset(self):
        # opd: pemda per row
        return Mismatch.objects.visible_to(self.request.user).select_related("opd").order_by("-raised_at", "-pk")

    @extend_schema(request=ProposalInputSerializer, responses={200: MismatchSerializer})
    @action(detail=True, methods=["post"])
    def propose(self, request, pk=None):
        mismatch = get_mismatch_for_user(request.user, pk)
        if not services.can_manage(request.user, mismatch.opd.pemda):
            raise exceptions.PermissionDenied
        data = ProposalInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = run(services.propose_resolution, mismatch, by=request.user, **data.validated_data)
        return Response(MismatchSerializer(result).data)

    @extend_schema(request=VerifyInputSerializer, responses={200: MismatchSerializer})
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        mismatch = get_mismatch_for_user(request.user, pk)
        if not services.can_verify(request.user, mismatch.opd.pemda):
            raise exceptions.PermissionDenied
        data = VerifyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = run(services.verify_resolution, mismatch, by=request.user, **data.validated_data)
        return Response(MismatchSerializer(result).data)


class RegulationFilter(django_filters.FilterSet):
    province = django_filters.CharFilter(field_name="pemda__province__code")

    class Meta:
        model = Regulation
        fields = ["pemda", "province", "kind", "status", "is_model", "follows"]


class RegulationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RegulationSerializer
    filterset_class = RegulationFilter
    search_fields = ["subject", "number"]

    def get_queryset(self):
        return Regulation.objects.visible_to(self.request.user).order_by("pemda_id", "kind", "pk")


class IssueFilter(django_filters.FilterSet):
    province = django_filters.CharFilter(field_name="pemda__province__code")
    raised_after = django_filters.DateFilter(field_name="raised_on", lookup_expr="gte")

    class Meta:
        model = StrategicIssue
        fields = ["pemda", "province", "category", "status", "raised_after"]


class IssueViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IssueSerializer
    filterset_class = IssueFilter
    search_fields = ["title", "description", "raised_by"]

    def get_queryset(self):
        # meetings: ids per row (one prefetch)
        return StrategicIssue.objects.visible_to(self.request.user).prefetch_related("meetings").order_by("-raised_on",
                                                                                                          "-pk")


class WorkloadFilter(django_filters.FilterSet):
    pemda = django_filters.NumberFilter(field_name="mapping__pemda")
    year = django_filters.NumberFilter(field_name="mapping__year")
    type_mismatch = django_filters.BooleanFilter(method="filter_mismatch")

    class Meta:
        model = WorkloadScore
        fields = ["opd", "pemda", "year", "computed_type", "type_mismatch"]

    def filter_mismatch(self, queryset, name, value):
        return queryset.exclude(computed_type=F("opd__type")) if value else queryset.filter(
            computed_type=F("opd__type"))


class WorkloadScoreViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = WorkloadScoreSerializer
    filterset_class = WorkloadFilter

    def get_queryset(self):
        # mapping: year and general variables per row; opd: recorded type per row
        return WorkloadScore.objects.visible_to(self.request.user).select_related("mapping", "opd").order_by("pk")
