from rest_framework import serializers

from ..models import Mismatch, OrganisationStructure, OrgUnit, PostConversion, Regulation, StrategicIssue, WorkloadScore


class OrgUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrgUnit
        fields = ["id", "parent", "name", "kind", "level", "duties", "order"]


class StructureSerializer(serializers.ModelSerializer):
    opd_code = serializers.CharField(source="opd.code", read_only=True)
    pemda = serializers.IntegerField(source="opd.pemda_id", read_only=True)
    units = OrgUnitSerializer(many=True, read_only=True)

    class Meta:
        model = OrganisationStructure
        fields = ["id", "opd", "opd_code", "pemda", "valid_from", "perda_number", "perda_date", "perkada_number",
                  "perkada_date", "units"]


class ConversionSerializer(serializers.ModelSerializer):
    pemda = serializers.IntegerField(source="opd.pemda_id", read_only=True)

    class Meta:
        model = PostConversion
        fields = ["id", "opd", "pemda", "unit", "former_post", "former_level", "functional_position",
                  "functional_level", "person_name", "person_nip", "converted_on", "decree_number"]


class MismatchSerializer(serializers.ModelSerializer):
    pemda = serializers.IntegerField(source="opd.pemda_id", read_only=True)

    class Meta:
        model = Mismatch
        fields = ["id", "opd", "pemda", "conversion", "post", "kind", "description", "status", "proposal",
                  "resolution_comment", "raised_at", "resolved_at"]


class ProposalInputSerializer(serializers.Serializer):
    proposal = serializers.CharField()


class VerifyInputSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    comment = serializers.CharField()


class RegulationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Regulation
        fields = ["id", "pemda", "kind", "subject", "status", "number", "enacted_on", "is_model", "follows",
                  "updated_at"]


class IssueSerializer(serializers.ModelSerializer):
    meetings = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = StrategicIssue
        fields = ["id", "pemda", "category", "title", "description", "raised_by", "raised_on", "status", "meetings"]


class WorkloadScoreSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="mapping.year", read_only=True)
    pemda = serializers.IntegerField(source="mapping.pemda_id", read_only=True)
    population = serializers.IntegerField(source="mapping.population", read_only=True)
    area_km2 = serializers.DecimalField(source="mapping.area_km2", max_digits=12, decimal_places=2, read_only=True)
    apbd = serializers.DecimalField(source="mapping.apbd", max_digits=18, decimal_places=0, read_only=True)
    recorded_type = serializers.CharField(source="opd.type", read_only=True)
    type_mismatch = serializers.BooleanField(read_only=True)

    class Meta:
        model = WorkloadScore
        fields = ["id", "opd", "pemda", "year", "population", "area_km2", "apbd", "general_score", "technical_score",
                  "total_score", "computed_type", "recorded_type", "type_mismatch"]
