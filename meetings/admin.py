from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AgendaItem, Attachment, Attendance, Decision, ExternalUnit, FollowUp, Meeting, MeetingRecommendation


class ScopedAdmin(SimpleHistoryAdmin):
    """Staff see in the admin only what their scope lets them see elsewhere."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user) if hasattr(self.model.objects, "visible_to") else super().get_queryset(request)


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(ScopedAdmin):
    list_display = ["title", "kind", "pemda", "starts_at", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "venue", "chair_name"]
    list_select_related = ["pemda"]
    raw_id_fields = ["organiser", "invited_opds", "attending_opds", "minutes_approved_by", "created_by"]
    inlines = [AgendaInline, DecisionInline]


@admin.register(FollowUp)
class FollowUpAdmin(ScopedAdmin):
    list_display = ["title", "opd", "due_date", "status", "meeting"]
    list_filter = ["status"]
    search_fields = ["title"]
    list_select_related = ["opd", "meeting"]
    raw_id_fields = ["meeting", "opd", "recommendation", "closed_by"]


@admin.register(MeetingRecommendation)
class MeetingRecommendationAdmin(ScopedAdmin):
    list_display = ["text", "addressee_kind", "meeting"]
    list_select_related = ["meeting"]
    raw_id_fields = ["meeting", "addressee_opd", "addressee_pemda", "addressee_external"]


@admin.register(Attendance)
class AttendanceAdmin(ScopedAdmin):
    list_display = ["name", "unit_name", "position", "mode", "meeting"]
    list_select_related = ["meeting"]
    raw_id_fields = ["meeting", "opd"]


@admin.register(Attachment)
class AttachmentAdmin(ScopedAdmin):
    list_display = ["label", "meeting", "uploaded_at"]
    list_select_related = ["meeting"]
    raw_id_fields = ["meeting", "uploaded_by"]


@admin.register(ExternalUnit)
class ExternalUnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind"]
    search_fields = ["name", "short_name"]
