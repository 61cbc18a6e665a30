from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership, Opd, Pemda, Province, Regency, User


class ScopedAdminMixin:
    """Non-superusers see in the admin exactly what agencies.scoping lets them see."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.model.objects.visible_to(request.user).select_related(*self.list_select_related or ())

    def has_change_permission(self, request, obj=None):
        if request.user.is_superuser:
            return super().has_change_permission(request, obj)
        return super().has_change_permission(request, obj) and (obj is None or self.can_change(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj) and super().has_delete_permission(request, obj)

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
    list_filter = ["kind", "province"]
    search_fields = ["code", "name"]
    list_select_related = ("province",)


@admin.register(Pemda)
class PemdaAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "level", "province"]
    list_filter = ["level", "province"]
    search_fields = ["name", "regency__code", "province__code"]
    list_select_related = ("province", "regency")
    raw_id_fields = ["regency"]


@admin.register(Opd)
class OpdAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "short_name", "kind", "type", "pemda", "is_active"]
    list_filter = ["is_active", "kind", "type", "pemda__level", "pemda__province"]
    search_fields = ["code", "name", "short_name"]
    list_select_related = ("pemda",)
    autocomplete_fields = ["pemda", "replaced_by"]

    def can_change(self, user, obj):
        return user.scope.can_manage_pemda(obj.pemda)


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False
    autocomplete_fields = ["pemda", "opd"]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    list_display = ["username", "full_name", "email", "role", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "is_superuser", "membership__role"]
    search_fields = ["username", "full_name", "email", "nip"]
    list_select_related = ["membership"]
    inlines = [MembershipInline]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Pegawai"), {"fields": ("full_name", "nip", "position", "phone")}),)

    @admin.display(description=_("peran"))
    def role(self, obj):
        membership = getattr(obj, "membership", None)
        return membership.get_role_display() if membership else "–"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        # Staff who manage a Pemda see the accounts attached to it.
        return qs.filter(
            request.user.scope.pemda_q("membership__pemda") | request.user.scope.opd_q("membership__opd")
        ).distinct()

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "pemda", "opd"]
    list_filter = ["role", "pemda__province"]
    search_fields = ["user__username", "user__full_name"]
    list_select_related = ["user", "pemda", "opd"]
    autocomplete_fields = ["user", "pemda", "opd"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        scope = request.user.scope
        return qs.filter(scope.pemda_q("pemda") | scope.opd_q("opd"))

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser
