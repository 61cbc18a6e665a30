"""Admin of the maturity evaluation: instruments are edited here (a new version per year range);
rounds, sets and answers are read-only and scoped, they change only through the services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from evaluations.admin import ScopedReadMixin

from .models import PdAnswer, PdAssessment, PdInstrument, PdRecap, PdRound, PdStep, PdSubmission, PdVariable


class PdVariableInline(admin.StackedInline):
    model = PdVariable
    extra = 0
    fields = ["code", "order", "name", "level_1", "level_2", "level_3", "level_4", "level_5", "evidence", "source",
              "is_provisional"]


@admin.register(PdInstrument)
class PdInstrumentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "year_from", "year_to", "is_provisional"]
    inlines = [PdVariableInline]


@admin.register(PdRound)
class PdRoundAdmin(ScopedReadMixin, SimpleHistoryAdmin):
    list_display = ["pemda", "year", "instrument"]
    list_filter = ["year"]
    list_select_related = ["pemda", "instrument"]


@admin.register(PdSubmission)
class PdSubmissionAdmin(ScopedReadMixin, SimpleHistoryAdmin):
    list_display = ["pemda", "round", "status", "submitted_at"]
    list_filter = ["status", "round__year"]
    list_select_related = ["pemda", "round__pemda", "round__instrument"]


@admin.register(PdAssessment)
class PdAssessmentAdmin(ScopedReadMixin, SimpleHistoryAdmin):
    list_display = ["opd", "submission"]
    list_select_related = ["opd", "submission__pemda", "submission__round"]


@admin.register(PdAnswer)
class PdAnswerAdmin(ScopedReadMixin, SimpleHistoryAdmin):
    list_display = ["assessment", "variable", "level", "status", "verified_level"]
    list_filter = ["status", "level"]
    list_select_related = ["assessment__opd", "assessment__submission__round", "variable"]


@admin.register(PdStep)
class PdStepAdmin(admin.ModelAdmin):
    list_display = ["submission", "action", "level", "actor", "at"]
    list_select_related = ["submission__pemda", "submission__round", "actor"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(submission__in=PdSubmission.objects.visible_to(request.user))

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(PdRecap)
class PdRecapAdmin(admin.ModelAdmin):
    list_display = ["round", "language", "status", "requested_at", "finished_at"]
    list_select_related = ["round__pemda"]
    readonly_fields = ["round", "language", "status", "file", "error", "requested_by", "requested_at", "finished_at"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(round__in=PdRound.objects.visible_to(request.user))

    def has_add_permission(self, request):
        return False
