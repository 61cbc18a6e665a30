from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from agencies.admin import ScopedHistoryAdmin, VisibleToMixin

from . import selectors, services

from .models import (
    ActionPlan,
    Evidence,
    ImportLog,
    KegiatanUtama,
    ProgressReport,
    SasaranTematik,
    ProvinceTarget,
    ReportingWindow,
    WindowReopening,
    Programme,
    ReportingDeadline,
    ReportTransition,
    Theme,
)


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


@admin.action(description=_("Buat data acuan tahun berikutnya dari tahun yang dipilih (tema, batas waktu, target provinsi)"))
def copy_to_next_year(modeladmin, request, queryset):
    for year in sorted(set(queryset.values_list("year", flat=True))):
        try:
            services.create_reference_year(year + 1, by=request.user)
        except ValidationError as exc:
            modeladmin.message_user(request, " ".join(exc.messages), messages.ERROR)
        else:
            modeladmin.message_user(
                request,
                _("Data acuan tahun %(year)s dibuat dari tahun %(previous)s; periksa tema, batas waktu dan target provinsi.")
                % {"year": year + 1, "previous": year},
                messages.SUCCESS,
            )


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["year", "kind", "name", "regulation"]
    list_filter = ["year", "kind"]
    inlines = [ThemeInline]
    actions = [copy_to_next_year]

    def changelist_view(self, request, extra_context=None):
        year = selectors.missing_reference_year()
        if year is not None and request.method == "GET":
            self.message_user(
                request,
                _("Data acuan tahun %(year)s belum ditetapkan. Pilih program tahun %(previous)s dan jalankan "
                  "tindakan “Buat data acuan tahun berikutnya”.") % {"year": year, "previous": year - 1},
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "programme", "order"]
    list_filter = ["programme__year", "programme__kind"]
    list_select_related = ["programme"]
    search_fields = ["code", "name"]


@admin.register(ReportingDeadline)
class ReportingDeadlineAdmin(SimpleHistoryAdmin):
    list_display = ["year", "quarter", "due_date"]
    list_filter = ["year"]


@admin.register(ProvinceTarget)
class ProvinceTargetAdmin(SimpleHistoryAdmin):
    list_display = ["province", "year", "quarter", "min_percent", "basis"]
    list_filter = ["year", "province"]
    list_select_related = ["province"]


@admin.register(ReportingWindow)
class ReportingWindowAdmin(SimpleHistoryAdmin):
    """The Biro sets its windows on the portal page (actionplans.windows); here for the national admin."""

    list_display = ["province", "year", "quarter", "opens_on", "closes_on"]
    list_filter = ["year", "province"]
    list_select_related = ["province"]


@admin.register(WindowReopening)
class WindowReopeningAdmin(SimpleHistoryAdmin):
    list_display = ["window", "opd", "until", "reason", "by", "at"]
    list_select_related = ["window__province", "opd", "by"]
    raw_id_fields = ["window", "opd", "by"]


@admin.register(ActionPlan)
class ActionPlanAdmin(ScopedHistoryAdmin):
    list_display = ["code", "opd", "year", "theme", "indicator", "target_mode", "annual_target", "weight"]
    list_filter = ["year", "target_mode", "theme__programme__kind", "opd__pemda__province"]
    list_select_related = ["opd", "theme"]
    search_fields = ["code", "indicator", "goal", "opd__name"]
    raw_id_fields = ["opd", "kegiatan_utama", "sasaran_tematik"]


@admin.register(KegiatanUtama)
class KegiatanUtamaAdmin(ScopedHistoryAdmin):
    """Kept by each Pemda's Biro/Bagian on the portal page (actionplans:kegiatan_utama)."""

    list_display = ["code", "name", "pemda", "year", "indicator", "unit", "target"]
    list_filter = ["year", "pemda__province"]
    list_select_related = ["pemda"]
    search_fields = ["code", "name", "indicator", "pemda__name"]
    raw_id_fields = ["pemda"]


@admin.register(SasaranTematik)
class SasaranTematikAdmin(ScopedHistoryAdmin):
    """Kept by each Pemda's Biro/Bagian on the portal page (actionplans:sasaran_tematik)."""

    list_display = ["code", "name", "theme", "pemda", "year", "indicator", "unit", "annual_target"]
    list_filter = ["year", "theme__programme__kind", "pemda__province"]
    list_select_related = ["pemda", "theme"]
    search_fields = ["code", "name", "indicator", "pemda__name"]
    raw_id_fields = ["pemda", "theme"]


class TransitionInline(admin.TabularInline):
    model = ReportTransition
    extra = 0
    readonly_fields = ["from_status", "to_status", "by", "at", "comment"]
    can_delete = False


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0


@admin.register(ProgressReport)
class ProgressReportAdmin(ScopedHistoryAdmin):
    list_display = ["plan", "quarter", "realisation", "status", "submitted_at", "reviewed_at"]
    list_filter = ["status", "quarter", "plan__year"]
    list_select_related = ["plan"]
    raw_id_fields = ["plan"]
    inlines = [EvidenceInline, TransitionInline]


@admin.register(ImportLog)
class ImportLogAdmin(VisibleToMixin, admin.ModelAdmin):
    list_display = ["opd", "year", "by", "at", "status", "row_count", "created_count", "updated_count"]
    list_filter = ["status", "year"]
    list_select_related = ["opd", "by"]
