import django_filters
from rest_framework import permissions, viewsets

from ..filters import OpdFilter
from ..models import Opd, Pemda, Province, Regency
from .serializers import OpdSerializer, PemdaSerializer, ProvinceSerializer, RegencySerializer


class ProvinceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProvinceSerializer
    filterset_fields = ["code", "timezone"]
    search_fields = ["name", "code"]
    lookup_field = "code"

    def get_queryset(self):
        return Province.objects.visible_to(self.request.user).order_by("code")


class RegencyFilter(django_filters.FilterSet):
    province = django_filters.CharFilter(field_name="province__code")

    class Meta:
        model = Regency
        fields = ["province", "kind"]


class RegencyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RegencySerializer
    filterset_class = RegencyFilter
    search_fields = ["name", "code"]
    lookup_field = "code"
    # Regency codes contain a dot ("62.71"); the router's default pattern stops at dots.
    lookup_value_regex = r"[0-9]{2}\.[0-9]{2}"

    def get_queryset(self):
        # province: its code is serialised on every row
        return Regency.objects.visible_to(self.request.user).select_related("province").order_by("code")


class PemdaFilter(django_filters.FilterSet):
    province = django_filters.CharFilter(field_name="province__code")

    class Meta:
        model = Pemda
        fields = ["province", "level"]


class PemdaViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PemdaSerializer
    filterset_class = PemdaFilter
    search_fields = ["name"]

    def get_queryset(self):
        # province, regency: their codes are serialised on every row
        return Pemda.objects.visible_to(self.request.user).select_related("province", "regency").order_by("pk")


class CanManageOpd(permissions.BasePermission):
    """Reads for everyone in scope; writes for Biro/Bagian staff, on OPDs of a Pemda they manage."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS or request.user.scope.can_manage_opds:
            return True
        # On one OPD, let get_object() answer first: 404 outside the scope, then 403 below.
        return (view.lookup_url_kwarg or view.lookup_field) in view.kwargs

    def has_object_permission(self, request, view, obj):
        return request.method in permissions.SAFE_METHODS or request.user.scope.can_manage_pemda(obj.pemda)


class OpdViewSet(viewsets.ModelViewSet):
    """OPDs in scope; Biro staff create and edit those of their province (Bagian staff: their regency)."""

    serializer_class = OpdSerializer
    filterset_class = OpdFilter
    search_fields = ["name", "short_name", "code"]
    ordering_fields = ["code", "name"]
    permission_classes = [permissions.IsAuthenticated, CanManageOpd]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        # pemda: pemda_name is serialised on every row
        return Opd.objects.visible_to(self.request.user).select_related("pemda").order_by("pk")
