from django.contrib import admin

from .models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "status", "progress", "language", "requested_by", "requested_at", "finished_at"]
    list_filter = ["kind", "status", "year", "quarter"]
    list_select_related = ["pemda", "opd", "requested_by"]
    readonly_fields = [field.name for field in Report._meta.fields]
    search_fields = ["opd__name", "pemda__name", "fingerprint", "sha256"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_add_permission(self, request):
        return False
