from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from .frameworks import tree_errors
from .models import Finding, FollowUp, Framework, FrameworkNode, Lhe, Objection, Recommendation, Transition


class FrameworkNodeInline(admin.TabularInline):
    model = FrameworkNode
    fk_name = "framework"
    extra = 3
    fields = ["code", "parent", "kind", "name", "weight", "max_score", "order", "provisional", "source"]
    raw_id_fields = ["parent"]
    ordering = ["order", "code"]


@admin.register(Framework)
class FrameworkAdmin(SimpleHistoryAdmin):
    """A new year's tree is added here (or imported as xlsx from the framework page)."""

    list_display = ["name", "year_from", "year_to", "version", "max_total", "replaced_by"]
    readonly_fields = ["version", "replaces"]
    inlines = [FrameworkNodeInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for error in tree_errors(list(form.instance.nodes.all()), form.instance.max_total):
            messages.error(request, error)


@admin.register(FrameworkNode)
class FrameworkNodeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "weight", "provisional", "max_score", "framework"]
    list_filter = ["framework", "kind", "provisional"]
    search_fields = ["code", "name"]
    list_select_related = ["framework"]
    raw_id_fields = ["parent"]


class ScopedReadMixin:
    """Read-only in the admin, scoped: LHE and their workflow change only through the portal
    pages and evaluations.services, which recompute the index and log every transition."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.model.objects.visible_to(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Lhe)
class LheAdmin(ScopedReadMixin, SimpleHistoryAdmin):
    list_display = ["pemda", "year", "kind", "index", "target_predikat", "date"]
    list_filter = ["kind", "year"]
    list_select_related = ["pemda"]
    readonly_fields = ["index", "framework"]
    raw_id_fields = ["pemda"]


@admin.register(Recommendation)
class RecommendationAdmin(ScopedReadMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "lhe", "status", "due_date"]
    list_filter = ["status"]
    list_select_related = ["finding", "lhe__pemda"]
    readonly_fields = ["status", "closed_at"]


@admin.register(Finding)
class FindingAdmin(ScopedReadMixin, SimpleHistoryAdmin):
    list_display = ["number", "lhe"]
    list_select_related = ["lhe__pemda"]

    def get_queryset(self, request):
        qs = super(ScopedReadMixin, self).get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(lhe__in=Lhe.objects.visible_to(request.user))


@admin.register(FollowUp)
class FollowUpAdmin(ScopedReadMixin, SimpleHistoryAdmin):
    list_display = ["recommendation", "opd", "outcome", "submitted_at"]
    list_select_related = ["recommendation__finding", "opd"]


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    list_display = ["recommendation", "action", "from_status", "to_status", "actor", "at"]
    list_select_related = ["recommendation__finding", "actor"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Objection)
class ObjectionAdmin(ScopedReadMixin, SimpleHistoryAdmin):
    """Decided on the LHE page (evaluations.services.accept_objection / reject_objection)."""

    list_display = ["__str__", "lhe", "status", "old_value", "new_value", "submitted_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["node", "opd", "lhe__pemda"]

    def get_queryset(self, request):
        qs = super(ScopedReadMixin, self).get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(lhe__in=Lhe.objects.visible_to(request.user))

from .pd import admin as pd_admin  # noqa: E402,F401  (the maturity evaluation registers its models)
