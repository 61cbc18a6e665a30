from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from agencies.models import Opd

from ..columns import PLAN_FIELDS
from ..models import (
    ActionPlan,
    Evidence,
    KegiatanUtama,
    ProgressReport,
    ReportingWindow,
    ReportTransition,
    SasaranTematik,
    Theme,
    WindowReopening,
)


class ActionPlanSerializer(serializers.ModelSerializer):
    opd_code = serializers.CharField(source="opd.code", read_only=True)
    opd_name = serializers.CharField(source="opd.name", read_only=True)
    pemda = serializers.IntegerField(source="opd.pemda_id", read_only=True)
    theme_code = serializers.CharField(source="theme.code", read_only=True)
    theme_name = serializers.CharField(source="theme.name", read_only=True)
    programme = serializers.CharField(source="theme.programme.kind", read_only=True)
    kegiatan_utama_code = serializers.CharField(source="kegiatan_utama.code", read_only=True, default=None, allow_null=True)
    sasaran_tematik_code = serializers.CharField(source="sasaran_tematik.code", read_only=True, default=None, allow_null=True)

    class Meta:
        model = ActionPlan
        fields = [
            "id", "opd", "opd_code", "opd_name", "pemda", "year", "theme", "theme_code", "theme_name", "programme",
            "kegiatan_utama_code", "sasaran_tematik_code", *PLAN_FIELDS, "created_at", "updated_at",
        ]
        read_only_fields = fields


class ActionPlanInputSerializer(serializers.ModelSerializer):
    """Writes go through actionplans.services (create_plan / update_plan)."""

    class Meta:
        model = ActionPlan
        fields = ["opd", "year", *PLAN_FIELDS]
        validators = []  # uniqueness and scope are checked by the service / validate()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["opd"].queryset = Opd.objects.visible_to(request.user)
        self.fields["theme"].queryset = Theme.objects.select_related("programme")
        # the service checks that they are the plan's Pemda's and year's; here only what the user sees
        user = request.user if request is not None else None
        self.fields["kegiatan_utama"].queryset = KegiatanUtama.objects.visible_to(user) if user else KegiatanUtama.objects.none()
        self.fields["sasaran_tematik"].queryset = SasaranTematik.objects.visible_to(user) if user else SasaranTematik.objects.none()
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
            "supporting_factors", "obstacles", "solutions", "status", "comment", "submitted_at", "reviewed_at", "evidence", "transitions",
        ]
        read_only_fields = fields

    def get_target(self, obj) -> str:
        return str(obj.plan.target_for(obj.quarter))


class ProgressReportInputSerializer(serializers.Serializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=ActionPlan.objects.none())
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    realisation = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0, required=False, allow_null=True)
    narrative = serializers.CharField(required=False, allow_blank=True)
    supporting_factors = serializers.CharField(required=False, allow_blank=True)
    obstacles = serializers.CharField(required=False, allow_blank=True)
    solutions = serializers.CharField(required=False, allow_blank=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["plan"].queryset = ActionPlan.objects.visible_to(request.user)


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class KegiatanUtamaSerializer(serializers.ModelSerializer):
    pemda_code = serializers.CharField(source="pemda.code", read_only=True)

    class Meta:
        model = KegiatanUtama
        fields = ["id", "pemda", "pemda_code", "year", "code", "name", "indicator", "unit", "target"]
        read_only_fields = fields


class SasaranTematikSerializer(serializers.ModelSerializer):
    pemda_code = serializers.CharField(source="pemda.code", read_only=True)
    theme_code = serializers.CharField(source="theme.code", read_only=True)
    theme_name = serializers.CharField(source="theme.name", read_only=True)

    class Meta:
        model = SasaranTematik
        fields = ["id", "pemda", "pemda_code", "year", "theme", "theme_code", "theme_name", "code", "name", "indicator",
                  "unit", "annual_target"]
        read_only_fields = fields


class WindowReopeningSerializer(serializers.ModelSerializer):
    opd_code = serializers.CharField(source="opd.code", read_only=True)
    by = serializers.CharField(source="by.username", read_only=True)

    class Meta:
        model = WindowReopening
        fields = ["id", "opd", "opd_code", "until", "reason", "by", "at"]
        read_only_fields = fields


class ReportingWindowSerializer(serializers.ModelSerializer):
    province_code = serializers.CharField(source="province.code", read_only=True)
    reopenings = WindowReopeningSerializer(many=True, read_only=True, source="visible_reopenings")

    class Meta:
        model = ReportingWindow
        fields = ["id", "province", "province_code", "year", "quarter", "opens_on", "closes_on", "reopenings"]
        read_only_fields = fields
