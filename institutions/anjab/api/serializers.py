from rest_framework import serializers

from ..models import Abk, Position, Task
from ..workload import figures


class TotalsField(serializers.Field):
    def to_representation(self, value):
        return value.as_dict()


class AbkSerializer(serializers.ModelSerializer):
    opd_code = serializers.CharField(source="opd.code", read_only=True)
    opd_name = serializers.CharField(source="opd.name", read_only=True)
    pemda_code = serializers.CharField(source="opd.pemda.code", read_only=True)
    totals = serializers.SerializerMethodField()

    class Meta:
        model = Abk
        fields = ["id", "opd", "opd_code", "opd_name", "pemda_code", "year", "status", "comment", "based_on",
                  "submitted_at", "verified_at", "totals"]

    def get_totals(self, abk) -> dict:
        return self.context["totals"][abk.pk].as_dict()


class TaskSerializer(serializers.ModelSerializer):
    yearly_volume = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    workload_minutes = serializers.DecimalField(max_digits=18, decimal_places=2, read_only=True)

    class Meta:
        model = Task
        fields = ["id", "position", "order", "description", "output", "output_unit", "volume", "period", "yearly_volume",
                  "time_norm", "workload_minutes"]


class PositionSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    year = serializers.IntegerField(source="abk.year", read_only=True)
    opd = serializers.IntegerField(source="abk.opd_id", read_only=True)
    figures = serializers.SerializerMethodField()

    class Meta:
        model = Position
        fields = ["id", "abk", "opd", "year", "unit", "unit_name", "code", "kind", "functional_level", "name", "grade",
                  "summary", "education", "training", "experience", "in_post", "figures"]

    def get_figures(self, position) -> dict:
        return figures(position.workload_sum, position.in_post).as_dict()


class PositionDetailSerializer(PositionSerializer):
    tasks = TaskSerializer(many=True, read_only=True)

    class Meta(PositionSerializer.Meta):
        fields = [*PositionSerializer.Meta.fields, "tasks"]


# --- writes: input serializers (the services check who may write and the workflow) -------------


class PositionInputSerializer(serializers.ModelSerializer):
    """A position of a draft/returned ABK; `abk` is one the requester sees (else 400), fixed on update."""

    class Meta:
        model = Position
        fields = ["abk", "unit", "code", "kind", "functional_level", "name", "grade", "summary", "education", "training",
                  "experience", "in_post"]
        # the code's uniqueness per ABK is the service's (one message with the page's form)
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")  # none while the schema is generated
        self.fields["abk"].queryset = Abk.objects.visible_to(request.user) if request else Abk.objects.none()
        if self.instance is not None:
            self.fields.pop("abk")


class TaskInputSerializer(serializers.ModelSerializer):
    """A task of a position in a draft/returned ABK; `position` is one the requester sees, fixed on update."""

    order = serializers.IntegerField(min_value=0, max_value=32767, required=False, allow_null=True, default=None)

    class Meta:
        model = Task
        fields = ["position", "order", "description", "output", "output_unit", "volume", "period", "time_norm"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        self.fields["position"].queryset = Position.objects.visible_to(request.user) if request else Position.objects.none()
        if self.instance is not None:
            self.fields.pop("position")


class AbkVerifyInputSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class AbkReturnInputSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=2000)
