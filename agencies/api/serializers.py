from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import Opd, Pemda, Province, Regency


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["id", "code", "name", "timezone", "capital"]


class RegencySerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Regency
        fields = ["id", "code", "name", "kind", "province"]


class PemdaSerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(slug_field="code", read_only=True)
    regency = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Pemda
        fields = ["id", "name", "level", "province", "regency"]


class OpdSerializer(serializers.ModelSerializer):
    pemda_name = serializers.CharField(source="pemda.name", read_only=True)

    class Meta:
        model = Opd
        fields = [
            "id", "pemda", "pemda_name", "code", "name", "short_name", "kind", "type", "is_active",
            "replaced_by", "replaced_on", "head_name", "head_title", "head_nip", "email", "address",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Only Pemda and OPDs the user can see are valid choices.
            self.fields["pemda"].queryset = Pemda.objects.visible_to(request.user)
            self.fields["replaced_by"].queryset = Opd.objects.visible_to(request.user)

    def validate_pemda(self, pemda):
        if not self.context["request"].user.scope.can_manage_pemda(pemda):
            raise serializers.ValidationError(_("Anda tidak berwenang mengelola perangkat daerah pemerintah daerah ini."))
        if self.instance is not None and pemda != self.instance.pemda:
            raise serializers.ValidationError(_("Perangkat daerah tidak dapat dipindah ke pemerintah daerah lain."))
        return pemda

    def validate(self, attrs):
        # A partial update keeps the stored values of the fields it does not send.
        replaced_by = attrs.get("replaced_by", getattr(self.instance, "replaced_by", None))
        is_active = attrs.get("is_active", getattr(self.instance, "is_active", True))
        if replaced_by is None:
            return attrs
        if self.instance is not None and replaced_by.pk == self.instance.pk:
            raise serializers.ValidationError({"replaced_by": _("Perangkat daerah tidak dapat menggantikan dirinya sendiri.")})
        if is_active:
            raise serializers.ValidationError(
                {"is_active": _("Perangkat daerah yang sudah digantikan harus dinonaktifkan.")}
            )
        if self.instance is not None:
            # Follow the successor's own chain of renames: it must not lead back here.
            successor, seen = replaced_by, set()
            while successor is not None and successor.pk not in seen:
                if successor.pk == self.instance.pk:
                    raise serializers.ValidationError(
                        {"replaced_by": _("Penggantian ini membuat rantai perubahan melingkar.")}
                    )
                seen.add(successor.pk)
                successor = successor.replaced_by
        return attrs
