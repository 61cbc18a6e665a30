from django.contrib import admin
from agencies.admin import ScopedHistoryAdmin

from .models import Abk, AbkImportLog, JobMapDocument, Position, Task


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    fields = ["code", "name", "kind", "functional_level", "grade", "in_post", "unit", "order"]
    raw_id_fields = ["unit"]
    show_change_link = True


@admin.register(Abk)
class AbkAdmin(ScopedHistoryAdmin):
    list_display = ["opd", "year", "status", "submitted_at", "verified_at"]
    list_filter = ["status", "year", "opd__pemda__province"]
    list_select_related = ["opd"]
    search_fields = ["opd__name", "opd__code"]
    raw_id_fields = ["opd", "structure", "based_on"]
    inlines = [PositionInline]


@admin.register(Position)
class PositionAdmin(ScopedHistoryAdmin):
    list_display = ["code", "name", "kind", "grade", "in_post", "abk"]
    list_filter = ["kind", "abk__year"]
    list_select_related = ["abk__opd"]
    search_fields = ["code", "name", "abk__opd__name"]
    raw_id_fields = ["abk", "unit"]
    inlines = [TaskInline]


@admin.register(AbkImportLog)
class AbkImportLogAdmin(admin.ModelAdmin):
    list_display = ["abk", "by", "at", "status", "position_count", "created_count", "updated_count", "removed_count"]
    list_filter = ["status"]
    list_select_related = ["abk__opd", "by"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.visible_to(request.user)


@admin.register(JobMapDocument)
class JobMapDocumentAdmin(admin.ModelAdmin):
    list_display = ["abk", "language", "status", "requested_at", "finished_at"]
    list_select_related = ["abk__opd"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.visible_to(request.user)
