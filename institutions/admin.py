from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .anjab import admin as anjab_admin  # noqa: F401  (registers the Anjab/ABK models)
from .models import (
    Mismatch,
    OrganisationStructure,
    OrgUnit,
    PostConversion,
    Regulation,
    SimplificationBaseline,
    StrategicIssue,
    WorkloadMapping,
    WorkloadScore,
)


class ScopedAdmin(SimpleHistoryAdmin):
    """The admin starts from visible_to(user) too (staff users with a membership see their scope)."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.visible_to(request.user)


class OrgUnitInline(admin.TabularInline):
    model = OrgUnit
    fields = ["parent", "name", "kind", "level", "order"]
    extra = 0


@admin.register(OrganisationStructure)
class OrganisationStructureAdmin(ScopedAdmin):
    list_display = ["opd", "valid_from", "perda_number", "perkada_number"]
    list_select_related = ["opd"]
    list_filter = ["opd__pemda__province"]
    search_fields = ["opd__name", "perkada_number"]
    inlines = [OrgUnitInline]
    raw_id_fields = ["opd"]


class WorkloadScoreInline(admin.TabularInline):
    model = WorkloadScore
    fields = ["opd", "technical_score", "general_score", "total_score", "computed_type"]
    readonly_fields = ["general_score", "total_score", "computed_type"]
    raw_id_fields = ["opd"]
    extra = 0


@admin.register(WorkloadMapping)
class WorkloadMappingAdmin(ScopedAdmin):
    list_display = ["pemda", "year", "population", "area_km2", "apbd"]
    list_select_related = ["pemda"]
    inlines = [WorkloadScoreInline]


@admin.register(SimplificationBaseline)
class SimplificationBaselineAdmin(ScopedAdmin):
    list_display = ["pemda", "posts_before"]
    list_select_related = ["pemda"]


@admin.register(PostConversion)
class PostConversionAdmin(ScopedAdmin):
    list_display = ["former_post", "functional_position", "opd", "person_name", "converted_on"]
    list_select_related = ["opd"]
    list_filter = ["former_level", "opd__pemda__province"]
    search_fields = ["former_post", "functional_position", "person_name"]
    raw_id_fields = ["opd", "unit"]


@admin.register(Mismatch)
class MismatchAdmin(ScopedAdmin):
    list_display = ["post", "opd", "kind", "status", "raised_at"]
    list_select_related = ["opd"]
    list_filter = ["status", "kind"]
    readonly_fields = ["status", "raised_by", "proposed_by", "resolved_by", "resolved_at"]
    raw_id_fields = ["opd", "conversion"]


@admin.register(Regulation)
class RegulationAdmin(ScopedAdmin):
    list_display = ["subject", "pemda", "kind", "status", "number", "is_model"]
    list_select_related = ["pemda"]
    list_filter = ["kind", "status", "is_model"]
    search_fields = ["subject", "number"]
    raw_id_fields = ["pemda", "follows"]


@admin.register(StrategicIssue)
class StrategicIssueAdmin(ScopedAdmin):
    list_display = ["title", "pemda", "category", "status", "raised_on"]
    list_select_related = ["pemda"]
    list_filter = ["category", "status"]
    search_fields = ["title", "raised_by"]
