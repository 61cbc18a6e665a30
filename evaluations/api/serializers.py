from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agencies.models import Pemda
from reformportal.uploads import check_upload

from ..models import FollowUp, Framework, FrameworkNode, Lhe, Recommendation
from ..predikat import Predikat


class EvaluationFrameworkNodeSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)  # a root node: null

    class Meta:
        model = FrameworkNode
        fields = ["id", "code", "parent", "kind", "name", "weight", "max_score", "order", "source", "provisional"]


class EvaluationFrameworkSerializer(serializers.ModelSerializer):
    class Meta:
        model = Framework
        fields = ["id", "name", "year_from", "year_to", "version", "replaces", "max_total", "regulation", "source"]


class EvaluationFrameworkDetailSerializer(EvaluationFrameworkSerializer):
    nodes = EvaluationFrameworkNodeSerializer(many=True, read_only=True)

    class Meta(EvaluationFrameworkSerializer.Meta):
        fields = EvaluationFrameworkSerializer.Meta.fields + ["nodes"]


class LheSerializer(serializers.ModelSerializer):
    pemda_name = serializers.CharField(source="pemda.name", read_only=True)
    predikat = serializers.ChoiceField(choices=Predikat.choices, read_only=True, allow_blank=True)
    distance_to_target = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True, allow_null=True)
    has_document = serializers.SerializerMethodField()

    class Meta:
        model = Lhe
        fields = [
            "id", "pemda", "pemda_name", "year", "kind", "framework", "number", "date", "index", "index_entered",
            "predikat", "target_predikat", "distance_to_target", "has_document", "summary",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_has_document(self, lhe):
        return bool(lhe.document)


class LheInputSerializer(serializers.Serializer):
    pemda = serializers.PrimaryKeyRelatedField(queryset=Pemda.objects.none())
    year = serializers.IntegerField(min_value=2010, max_value=2100)
    kind = serializers.ChoiceField(choices=Lhe.Kind.choices)
    date = serializers.DateField()
    number = serializers.CharField(required=False, allow_blank=True, max_length=100)
    index_entered = serializers.DecimalField(max_digits=6, decimal_places=2, required=False, allow_null=True)
    target_predikat = serializers.ChoiceField(choices=Predikat.choices, required=False)
    summary = serializers.CharField(required=False, allow_blank=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["pemda"].queryset = Pemda.objects.visible_to(request.user)


class LheScoresInputSerializer(serializers.Serializer):
    scores = serializers.DictField(
        child=serializers.DecimalField(max_digits=9, decimal_places=3, allow_null=True),
        help_text=_("Nilai per kode unsur, misalnya {\"G.1.a\": 0.75}; null menghapus nilai."),
    )


class LheRecommendationSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True)
    finding = serializers.IntegerField(source="finding.number", read_only=True)
    finding_text = serializers.CharField(source="finding.description", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Recommendation
        fields = ["id", "code", "lhe", "pd_submission", "finding", "finding_text", "text", "opds", "due_date", "status",
                  "is_overdue", "closed_at"]
        read_only_fields = fields


class LheReviewInputSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class LheFollowUpSerializer(serializers.ModelSerializer):
    has_evidence = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = [
            "id", "recommendation", "opd", "narrative", "evidence_link", "has_evidence", "submitted_by", "submitted_at",
            "outcome", "reviewed_by", "reviewed_at", "review_comment",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_has_evidence(self, follow_up):
        return bool(follow_up.evidence)


class LheFollowUpInputSerializer(serializers.Serializer):
    recommendation = serializers.PrimaryKeyRelatedField(queryset=Recommendation.objects.none())
    narrative = serializers.CharField()
    evidence = serializers.FileField(required=False, allow_null=True)
    evidence_link = serializers.URLField(required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["recommendation"].queryset = Recommendation.objects.visible_to(request.user)

    def validate_evidence(self, value):
        if value:
            check_upload(value, "evidence")
        return value
