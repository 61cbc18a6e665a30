import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from agencies.api.errors import run

from .. import services
from ..filters import LheFilter
from ..models import FollowUp, Framework, Lhe, Recommendation
from .serializers import (
    LheFollowUpInputSerializer, LheFollowUpSerializer, EvaluationFrameworkDetailSerializer, EvaluationFrameworkSerializer, LheInputSerializer,
    LheSerializer, LheRecommendationSerializer, LheReviewInputSerializer, LheScoresInputSerializer,
)


class NotReadOnly(permissions.BasePermission):
    """Leaders and national observers read; writes are further checked by the services."""

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or not request.user.scope.is_read_only


class EvaluationFrameworkViewSet(viewsets.ReadOnlyModelViewSet):
    """Evaluation frameworks (LKE trees) per year; the detail includes every node."""

    filterset_fields = ["year_from"]

    def get_queryset(self):
        qs = Framework.objects.visible_to(self.request.user).order_by("-year_from", "-version")
        if self.action == "retrieve":
            # nodes: serialised with their parent's code
            qs = qs.prefetch_related("nodes__parent")
        return qs

    def get_serializer_class(self):
        return EvaluationFrameworkDetailSerializer if self.action == "retrieve" else EvaluationFrameworkSerializer


class LheViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """LHE in scope. Create records a new LHE (Biro/Bagian, or the Pemda's inspectors)."""

    filterset_class = LheFilter
    ordering_fields = ["year", "index"]
    permission_classes = [permissions.IsAuthenticated, NotReadOnly]

    def get_queryset(self):
        # pemda: pemda_name is serialised on every row
        return Lhe.objects.visible_to(self.request.user).select_related("pemda").order_by("-year", "pk")

    def get_serializer_class(self):
        return LheInputSerializer if self.action == "create" else LheSerializer

    @extend_schema(request=LheInputSerializer, responses={201: LheSerializer})
    def create(self, request, *args, **kwargs):
        data = self.get_input(LheInputSerializer)
        lhe = run(services.record_lhe, by=request.user, **data)
        return Response(LheSerializer(lhe).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LheScoresInputSerializer, responses={200: LheSerializer})
    @action(detail=True, methods=["post"])
    def scores(self, request, pk=None):
        """Set scores by node code (all or nothing); the index is recomputed."""
        lhe = self.get_object()
        data = self.get_input(LheScoresInputSerializer)
        nodes = {node.code: node for node in lhe.framework.nodes.all()}
        unknown = sorted(set(data["scores"]) - set(nodes))
        if unknown:
            raise ValidationError({"scores": [f"Kode tidak dikenal: {', '.join(unknown)}"]})
        run(services.set_scores, lhe, {nodes[c]: v for c, v in data["scores"].items()}, by=request.user)
        return Response(LheSerializer(lhe).data)

    def get_input(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class LheRecommendationFilter(django_filters.FilterSet):
    opd = django_filters.NumberFilter(field_name="opds")

    class Meta:
        model = Recommendation
        fields = ["lhe", "status", "opd"]


class LheRecommendationViewSet(viewsets.ReadOnlyModelViewSet):
    """Recommendations in scope (an OPD admin: their OPD's); inspectors close or return them."""

    serializer_class = LheRecommendationSerializer
    filterset_class = LheRecommendationFilter
    permission_classes = [permissions.IsAuthenticated, NotReadOnly]

    def get_queryset(self):
        # finding: number and text serialised; lhe__pemda__province (or the maturity set's):
        # is_overdue uses its time zone; opds: ids serialised
        return (
            Recommendation.objects.visible_to(self.request.user)
            .select_related("finding", "lhe__pemda__province", "pd_submission__pemda__province")
            .prefetch_related("opds")
            .order_by("due_date", "pk")
        )

    def _review(self, service, request):
        serializer = LheReviewInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        recommendation = run(service, self.get_object(), by=request.user, comment=serializer.validated_data["comment"])
        recommendation = self.get_queryset().get(pk=recommendation.pk)
        return Response(LheRecommendationSerializer(recommendation).data)

    @extend_schema(request=LheReviewInputSerializer, responses={200: LheRecommendationSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Accept the submitted follow-up and close (inspectors of the Pemda)."""
        return self._review(services.close_recommendation, request)

    @extend_schema(request=LheReviewInputSerializer, responses={200: LheRecommendationSerializer})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """Return the submitted follow-up with a comment (inspectors of the Pemda)."""
        return self._review(services.return_recommendation, request)

    @extend_schema(request=None, responses={200: LheRecommendationSerializer})
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        """Mark that the assigned OPD is working on it (open/returned → in progress)."""
        run(services.start_follow_up, self.get_object(), by=request.user)
        return Response(LheRecommendationSerializer(self.get_queryset().get(pk=pk)).data)


class LheFollowUpViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Follow-ups (tindak lanjut) in scope; an assigned OPD posts one with evidence (multipart)."""

    filterset_fields = ["recommendation", "opd", "outcome"]
    permission_classes = [permissions.IsAuthenticated, NotReadOnly]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        return FollowUp.objects.visible_to(self.request.user).order_by("submitted_at", "pk")

    def get_serializer_class(self):
        return LheFollowUpInputSerializer if self.action == "create" else LheFollowUpSerializer

    @extend_schema(request=LheFollowUpInputSerializer, responses={201: LheFollowUpSerializer})
    def create(self, request, *args, **kwargs):
        serializer = LheFollowUpInputSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        recommendation = data.pop("recommendation")
        follow_up = run(services.submit_follow_up, recommendation, by=request.user, **data)
        return Response(LheFollowUpSerializer(follow_up).data, status=status.HTTP_201_CREATED)
