from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from agencies.models import Opd

from ..models import ActionPlan, Evidence, ProgressReport, ReportTransition, Theme


class ActionPlanSerializer(serializers.ModelSerializer):
    opd_code = serializers.CharField(source="opd.code", read_only=True)
    opd_name = serializers.CharField(source="opd.name", read_only=True)
    pemda = serializers.IntegerField(source="opd.pemda_id", read_only=True)
    theme_code = serializers.CharField(source="theme.code", read_only=True)
    theme_name = serializers.CharField(source="theme.name", read_only=True)
    programme = serializers.CharField(source="theme.programme.kind", read_only=True)

    class Meta:
        model = ActionPlan
        fields = [
            "id", "opd", "opd_code", "opd_name", "pemda", "year", "theme", "theme_code", "theme_name", "programme",
            "code", "goal", "problem", "expected_impact", "indicator", "unit", "annual_target", "target_mode",
            "target_q1", "target_q2", "target_q3", "target_q4", "activities", "outputs", "budget", "budget_source",
            "person_in_charge", "weight", "due_date", "created_at", "updated_at",
        ]
        read_only_fields = fields


class ActionPlanInputSerializer(serializers.ModelSerializer):
    """Writes go through actionplans.services (create_plan / update_plan)."""

    class Meta:
        model = ActionPlan
        fields = [
            "opd", "year", "theme", "code", "goal", "problem", "expected_impact", "indicator", "unit", "annual_target",
            "target_mode", "target_q1", "target_q2", "target_q3", "target_q4", "activities", "outputs", "budget",
            "budget_source", "person_in_charge", "weight", "due_date",
        ]
        validators = []  # uniqueness and scope are checked by the service / validate()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["opd"].queryset = Opd.objects.visible_to(request.user)
        self.fields["theme"].queryset = Theme.objects.select_related("programme")
        if self.instance is not None:
            self.fields["opd"].read_only = True
            self.fields["year"].read_only = True

    def validate(self, attrs):
        opd = attrs.get("opd") or self.instance.opd
        year = attrs.get("year") or self.instance.year
        code = attrs.get("code") or (self.instance.code if self.instance else None)
        qs = ActionPlan.objects.filter(opd=opd, year=year, code__iexact=code)
        if self.instance is not None:
            qs = qs.exclude(pk=self.instance.pk)
        if qs.exists():
            raise serializers.ValidationError({"code": _("Kode ini sudah dipakai rencana aksi lain pada tahun ini.")})
        return attrs


class EvidenceSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "label", "url", "original_name", "download_url", "uploaded_at"]

    def get_download_url(self, obj) -> str:
        from django.urls import reverse

        return reverse("actionplans:evidence", args=[obj.pk])


class TransitionSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username", read_only=True)

    class Meta:
        model = ReportTransition
        fields = ["from_status", "to_status", "by", "at", "comment"]


class ProgressReportSerializer(serializers.ModelSerializer):
    plan_code = serializers.CharField(source="plan.code", read_only=True)
    opd = serializers.IntegerField(source="plan.opd_id", read_only=True)
    year = serializers.IntegerField(source="plan.year", read_only=True)
    theme_code = serializers.CharField(source="plan.theme.code", read_only=True)
    target = serializers.SerializerMethodField()
    evidence = EvidenceSerializer(many=True, read_only=True)
    transitions = TransitionSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id", "plan", "plan_code", "opd", "year", "theme_code", "quarter", "target", "realisation", "narrative",
            "obstacles", "solutions", "status", "comment", "submitted_at", "reviewed_at", "evidence", "transitions",
        ]
        read_only_fields = fields

    def get_target(self, obj) -> str:
        return str(obj.plan.target_for(obj.quarter))


class ProgressReportInputSerializer(serializers.Serializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=ActionPlan.objects.none())
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    realisation = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0, required=False, allow_null=True)
    narrative = serializers.CharField(required=False, allow_blank=True)
    obstacles = serializers.CharField(required=False, allow_blank=True)
    solutions = serializers.CharField(required=False, allow_blank=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["plan"].queryset = ActionPlan.objects.visible_to(request.user)


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
