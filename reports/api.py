"""GET /api/v1/national-overview/: the national overview page's figures (national roles only)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .national import DEFAULT_SORT, SORT_KEYS, national_overview
from .views import national_period, require_national


class PredikatSerializer(serializers.Serializer):
    lhe = serializers.IntegerField(source="lhe_id")
    year = serializers.IntegerField()
    kind = serializers.CharField()
    index = serializers.DecimalField(max_digits=6, decimal_places=2)
    predikat = serializers.CharField()
    target_predikat = serializers.CharField()
    reaches_target = serializers.BooleanField()


class ProvinceRowSerializer(serializers.Serializer):
    province_code = serializers.CharField(source="figures.pemda.province.code")
    province_name = serializers.CharField(source="figures.pemda.province.name")
    pemda = serializers.IntegerField(source="figures.pemda.pk")
    plans = serializers.IntegerField(source="figures.plans")
    achievement = serializers.FloatField(source="figures.achievement", allow_null=True,
                                         help_text="Capaian tertimbang rencana aksi s.d. triwulan ini (0–100).")
    target_quarter = serializers.IntegerField(source="figures.target_quarter")
    target_percent = serializers.FloatField(source="figures.target_percent")
    achieved_percent = serializers.FloatField(source="figures.achieved_percent", allow_null=True,
                                              help_text="% rencana aksi tercapai s.d. triwulan target.")
    target_met = serializers.BooleanField(source="figures.met")
    opds = serializers.IntegerField(source="figures.opds")
    reported = serializers.IntegerField(source="figures.reported")
    reporting_rate = serializers.FloatField(source="figures.reporting_rate", allow_null=True)
    latest_predikat = PredikatSerializer(source="predikat", allow_null=True)


class NationalOverviewSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()
    results = ProvinceRowSerializer(many=True)


class NationalOverviewView(APIView):
    """Every province government: plans, achievement against its own target, reporting rate, predikat."""

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="Tahun; bawaan: periode terakhir yang memiliki data."),
            OpenApiParameter("triwulan", int, enum=[1, 2, 3, 4]),
            OpenApiParameter("sort", str, enum=sorted(SORT_KEYS), default=DEFAULT_SORT),
            OpenApiParameter("descending", bool, default=False),
        ],
        responses=NationalOverviewSerializer,
    )
    def get(self, request):
        require_national(request.user)  # Django's PermissionDenied: DRF answers 403
        year, quarter = national_period(request, "year", "triwulan")
        sort = request.query_params.get("sort", DEFAULT_SORT)
        rows = national_overview(
            request.user, year, quarter, sort=sort if sort in SORT_KEYS else DEFAULT_SORT,
            descending=request.query_params.get("descending", "").lower() in ("1", "true"),
        )
        return Response(NationalOverviewSerializer({"year": year, "quarter": quarter, "results": rows}).data)
