"""API of the maturity evaluation: rounds with their results, regency/city sets, answers.

Reads start from visible_to(); the two writes (submit a set, verify an answer) validate the
input here and call the services, which check who may act.
"""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from evaluations.api.views import NotReadOnly, run

from . import services
from .models import LEVEL_CHOICES, PdAnswer, PdRound, PdSubmission
from .selectors import round_results


class PdRoundSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="pemda.province.code", read_only=True)

    class Meta:
        model = PdRound
        fields = ["id", "pemda", "province", "year", "instrument"]
        read_only_fields = fields


class PdRoundResultsSerializer(PdRoundSerializer):
    results = serializers.SerializerMethodField()

    class Meta(PdRoundSerializer.Meta):
        fields = [*PdRoundSerializer.Meta.fields, "results"]
        read_only_fields = fields

    def get_results(self, round) -> dict:
        results = round_results(round, self.context["request"].user)

        def number(value):
            return None if value is None else str(value)

        return {
            "variables": [{"code": v.code, "name": v.name, "levels": list(v.levels)} for v in results.variables],
            "pemdas": [{
                "code": p.code, "name": p.name, "status": p.status, "mean_score": number(p.mean_score),
                "category": p.category, "weakest": [v.code for v, _ in p.weakest],
                "variable_means": {code: number(m) for code, m in p.variable_means.items()},
                "distribution": {str(level): n for level, n in p.distribution.items()},
                "agencies": [{"code": a.code, "name": a.name, "levels": a.levels, "score": number(a.maturity.score),
                              "category": a.maturity.category, "level": a.maturity.level} for a in p.agencies],
            } for p in results.pemdas],
        }


class PdRoundFilter(django_filters.FilterSet):
    province = django_filters.CharFilter(field_name="pemda__province__code")

    class Meta:
        model = PdRound
        fields = ["year", "province"]


class PdRoundViewSet(viewsets.ReadOnlyModelViewSet):
    """Maturity evaluation rounds (a province and year); the detail carries the results matrix."""

    filterset_class = PdRoundFilter

    def get_queryset(self):
        # pemda__province: the province code is serialised; instrument: the results read its variables
        return PdRound.objects.visible_to(self.request.user).select_related("pemda__province", "instrument").order_by("-year", "pk")

    def get_serializer_class(self):
        return PdRoundResultsSerializer if self.action == "retrieve" else PdRoundSerializer


class PdSubmissionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PdSubmission
        fields = ["id", "round", "pemda", "status", "submitted_at"]
        read_only_fields = fields


class PdSubmissionViewSet(viewsets.ReadOnlyModelViewSet):
    """Regency/city sets in scope; its Bagian Organisasi submits one to the Biro."""

    serializer_class = PdSubmissionSerializer
    filterset_fields = ["round", "pemda", "status"]
    permission_classes = [permissions.IsAuthenticated, NotReadOnly]

    def get_queryset(self):
        return PdSubmission.objects.visible_to(self.request.user).order_by("round", "pk")

    @extend_schema(request=None, responses={200: PdSubmissionSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        submission = run(services.submit_set, self.get_object(), by=request.user)
        return Response(PdSubmissionSerializer(submission).data)


class PdAnswerSerializer(serializers.ModelSerializer):
    opd = serializers.IntegerField(source="assessment.opd_id", read_only=True)
    variable_code = serializers.CharField(source="variable.code", read_only=True)
    has_evidence = serializers.SerializerMethodField()

    class Meta:
        model = PdAnswer
        fields = ["id", "assessment", "opd", "variable", "variable_code", "level", "note", "evidence_link", "has_evidence",
                  "status", "verified_level", "review_note", "reviewed_at"]
        read_only_fields = fields

    def get_has_evidence(self, answer) -> bool:
        return bool(answer.evidence)


class PdVerifyInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=services.DECISIONS)
    level = serializers.ChoiceField(choices=LEVEL_CHOICES, required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PdAnswerFilter(django_filters.FilterSet):
    round = django_filters.NumberFilter(field_name="assessment__submission__round")
    pemda = django_filters.NumberFilter(field_name="assessment__submission__pemda")
    opd = django_filters.NumberFilter(field_name="assessment__opd")
    variable_code = django_filters.CharFilter(field_name="variable__code")

    class Meta:
        model = PdAnswer
        fields = ["round", "pemda", "opd", "assessment", "variable_code", "status"]


class PdAnswerViewSet(viewsets.ReadOnlyModelViewSet):
    """Answers in scope (an OPD admin: their agency's); the province's Biro verifies them."""

    serializer_class = PdAnswerSerializer
    filterset_class = PdAnswerFilter
    permission_classes = [permissions.IsAuthenticated, NotReadOnly]

    def get_queryset(self):
        # assessment: its OPD id is serialised; variable: its code
        return PdAnswer.objects.visible_to(self.request.user).select_related("assessment", "variable").order_by("pk")

    @extend_schema(request=PdVerifyInputSerializer, responses={200: PdAnswerSerializer})
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """Accept, set another level (with a note) or return (with a note)."""
        serializer = PdVerifyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answer = run(services.verify_answer, self.get_object(), by=request.user, **serializer.validated_data)
        return Response(PdAnswerSerializer(self.get_queryset().get(pk=answer.pk)).data)
