from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership, Opd, Pemda, Province, Regency, User
from .selectors import replacement_problem


class VisibleToMixin:
    """Non-superusers see in the admin only the rows in their scope (the model's `visible_to`);
    no other rule (ScopedAdminMixin below adds the write rules of places and people)."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.visible_to(request.user)


class ScopedHistoryAdmin(VisibleToMixin, SimpleHistoryAdmin):
    """A feature app's admin with django-simple-history's pages, scoped by VisibleToMixin."""


class ScopedAdminMixin:
    """Non-superusers see in the admin exactly what agencies.scoping lets them see.

    The list, the change form, the history pages (simple_history) and the autocomplete
    widgets all go through get_queryset() or has_view_permission(obj), so a row outside the
    scope is neither listed nor opened. Places are read-only for everyone but superusers.
    """

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return self.scope_queryset(request, qs)

    def scope_queryset(self, request, qs):
        return qs.visible_to(request.user)

    def in_scope(self, request, obj):
        return obj is None or request.user.is_superuser or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.in_scope(request, obj)

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) and (request.user.is_superuser or self.can_add(request.user))

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return request.user.is_superuser or obj is None or (self.in_scope(request, obj) and self.can_change(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj) and super().has_delete_permission(request, obj)

    def can_add(self, user):
        return False

    def can_change(self, user, obj):
        return False


@admin.register(Province)
class ProvinceAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "timezone", "capital"]
    list_filter = ["timezone"]
    search_fields = ["code", "name"]
    list_select_related = ()


@admin.register(Regency)
class RegencyAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province"]
    list_filter = ["kind", ("province", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "name"]
    list_select_related = ("province",)


@admin.register(Pemda)
class PemdaAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "level", "province"]
    list_filter = ["level", ("province", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "regency__code", "province__code"]
    list_select_related = ("province", "regency")
    raw_id_fields = ["regency"]


@admin.register(Opd)
class OpdAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "short_name", "kind", "type", "pemda", "is_active"]
    list_filter = [
        "is_active", "kind", "type", "pemda__level", ("pemda__province", admin.RelatedOnlyFieldListFilter)
    ]
    search_fields = ["code", "name", "short_name", "pemda__name"]
    list_select_related = ("pemda",)
    autocomplete_fields = ["pemda", "replaced_by"]

    def can_add(self, user):
        return user.scope.can_manage_opds

    def can_change(self, user, obj):
        return user.scope.can_manage_pemda(obj.pemda)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class OpdForm(form):
            def clean(self):
                cleaned = super().clean()
                problem = replacement_problem(self.instance, cleaned.get("replaced_by"), cleaned.get("is_active"))
                if problem:
                    self.add_error(*problem)
                return cleaned

        return OpdForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only a Pemda the user manages may own an OPD it creates or edits; a successor must be
        # an OPD the user can see.
        if not request.user.is_superuser:
            if db_field.name == "pemda":
                kwargs["queryset"] = Pemda.objects.manageable_by(request.user)
            elif db_field.name == "replaced_by":
                kwargs["queryset"] = Opd.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False
    autocomplete_fields = ["pemda", "opd"]


@admin.register(User)
class UserAdmin(ScopedAdminMixin, SimpleHistoryAdmin, BaseUserAdmin):
    """Staff see the accounts attached to their scope; only superusers create or change accounts."""

    list_display = ["username", "full_name", "email", "role", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "is_superuser", "membership__role"]
    search_fields = ["username", "full_name", "email", "nip"]
    list_select_related = ["membership"]
    inlines = [MembershipInline]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Pegawai"), {"fields": ("full_name", "nip", "position", "phone", "language")}),)

    @admin.display(description=_("peran"))
    def role(self, obj):
        membership = getattr(obj, "membership", None)
        return membership.get_role_display() if membership else "–"

    def scope_queryset(self, request, qs):
        scope = request.user.scope
        return qs.filter(scope.pemda_q("membership__pemda") | scope.opd_q("membership__opd"))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            from .services import end_user_access

            end_user_access(obj)  # a deactivated account is signed out everywhere at once


@admin.register(Membership)
class MembershipAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["user", "role", "pemda", "opd"]
    list_filter = ["role", ("pemda__province", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__username", "user__full_name"]
    list_select_related = ["user", "pemda", "opd"]
    autocomplete_fields = ["user", "pemda", "opd"]

    def scope_queryset(self, request, qs):
        scope = request.user.scope
        return qs.filter(scope.pemda_q("pemda") | scope.opd_q("opd"))
