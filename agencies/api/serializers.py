from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import Opd, Pemda, Province, Regency
from ..selectors import replacement_problem


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
    regency = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)  # a province: null

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
        problem = replacement_problem(
            self.instance or Opd(),
            attrs.get("replaced_by", getattr(self.instance, "replaced_by", None)),
            attrs.get("is_active", getattr(self.instance, "is_active", True)),
        )
        if problem:
            field, message = problem
            raise serializers.ValidationError({field: message})
        return attrs
