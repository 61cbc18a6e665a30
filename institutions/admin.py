from django.contrib import admin

from agencies.admin import ScopedHistoryAdmin

from .anjab import admin as anjab_admin  # noqa: F401  (registers the Anjab/ABK models)
from . import models


class OrgUnitInline(admin.TabularInline):
    model = models.OrgUnit
    fields = ["parent", "name", "kind", "level", "order"]
    extra = 0


@admin.register(models.OrganisationStructure)
class OrganisationStructureAdmin(ScopedHistoryAdmin):
    list_display = ["opd", "valid_from", "perda_number", "perkada_number"]
    list_select_related = ["opd"]
    list_filter = ["opd__pemda__province"]
    search_fields = ["opd__name", "perkada_number"]
    inlines = [OrgUnitInline]
    raw_id_fields = ["opd"]


class WorkloadScoreInline(admin.TabularInline):
    model = models.WorkloadScore
    fields = ["opd", "technical_score", "general_score", "total_score", "computed_type"]
    readonly_fields = ["general_score", "total_score", "computed_type"]
    raw_id_fields = ["opd"]
    extra = 0


@admin.register(models.WorkloadMapping)
class WorkloadMappingAdmin(ScopedHistoryAdmin):
    list_display = ["pemda", "year", "population", "area_km2", "apbd"]
    list_select_related = ["pemda"]
    inlines = [WorkloadScoreInline]


@admin.register(models.SimplificationBaseline)
class SimplificationBaselineAdmin(ScopedHistoryAdmin):
    list_display = ["pemda", "posts_before"]
    list_select_related = ["pemda"]


@admin.register(models.PostConversion)
class PostConversionAdmin(ScopedHistoryAdmin):
    list_display = ["former_post", "functional_position", "opd", "person_name", "converted_on"]
    list_select_related = ["opd"]
    list_filter = ["former_level", "opd__pemda__province"]
    search_fields = ["former_post", "functional_position", "person_name"]
    raw_id_fields = ["opd", "unit"]


@admin.register(models.Mismatch)
class MismatchAdmin(ScopedHistoryAdmin):
    list_display = ["post", "opd", "kind", "status", "raised_at"]
    list_select_related = ["opd"]
    list_filter = ["status", "kind"]
    readonly_fields = ["status", "raised_by", "proposed_by", "resolved_by", "resolved_at"]
    raw_id_fields = ["opd", "conversion"]


@admin.register(models.Regulation)
class RegulationAdmin(ScopedHistoryAdmin):
    list_display = ["subject", "pemda", "kind", "status", "number", "is_model"]
    list_select_related = ["pemda"]
    list_filter = ["kind", "status", "is_model"]
    search_fields = ["subject", "number"]
    raw_id_fields = ["pemda", "follows"]


@admin.register(models.StrategicIssue)
class StrategicIssueAdmin(ScopedHistoryAdmin):
    list_display = ["title", "pemda", "category", "status", "raised_on"]
    list_select_related = ["pemda"]
    list_filter = ["category", "status"]
    search_fields = ["title", "raised_by"]
