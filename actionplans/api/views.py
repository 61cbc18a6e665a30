import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from agencies.api.errors import run
from agencies.models import pemda_code_q

from .. import services
from ..filters import ProgressReportFilter
from ..models import ActionPlan, KegiatanUtama, ProgressReport, ReportingWindow, ReportTransition, SasaranTematik, WindowReopening
from .pagination import PageOrKeysetPagination
from .serializers import (
    ActionPlanInputSerializer,
    ActionPlanSerializer,
    CommentSerializer,
    KegiatanUtamaSerializer,
    ProgressReportInputSerializer,
    ProgressReportSerializer,
    ReportingWindowSerializer,
    SasaranTematikSerializer,
)


class ActionPlanFilter(django_filters.FilterSet):
    theme = django_filters.CharFilter(field_name="theme__code", help_text="Kode tema/area, mis. G1 atau B2.")
    kegiatan_utama_code = django_filters.CharFilter(field_name="kegiatan_utama__code")
    sasaran_tematik_code = django_filters.CharFilter(field_name="sasaran_tematik__code")
    opd_code = django_filters.CharFilter(field_name="opd__code")
    pemda = django_filters.NumberFilter(field_name="opd__pemda_id")
    programme = django_filters.CharFilter(field_name="theme__programme__kind")

    class Meta:
        model = ActionPlan
        fields = ["year", "opd", "theme", "opd_code", "pemda", "target_mode", "programme", "kegiatan_utama", "sasaran_tematik",
                  "kegiatan_utama_code", "sasaran_tematik_code"]


class ActionPlanViewSet(viewsets.ModelViewSet):
    """Action plans in the requester's scope; writes through actionplans.services."""

    serializer_class = ActionPlanSerializer
    filterset_class = ActionPlanFilter
    pagination_class = PageOrKeysetPagination
    search_fields = ["code", "indicator", "goal"]
    ordering_fields = ["code", "year", "updated_at"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        # OPD and theme (with programme) are shown in every row: join them, no per-row query.
        # kegiatan utama / sasaran tematik: their codes are in every row (issue 13), joined too.
        return (
            ActionPlan.objects.visible_to(self.request.user)
            .select_related("opd", "theme__programme", "kegiatan_utama", "sasaran_tematik")
            .order_by("opd_id", "year", "code")
        )

    @extend_schema(request=ActionPlanInputSerializer, responses={201: ActionPlanSerializer})
    def create(self, request, *args, **kwargs):
        data = ActionPlanInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        opd, year = fields.pop("opd"), fields.pop("year")
        plan = run(services.create_plan, opd=opd, year=year, by=request.user, **fields)
        return Response(ActionPlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ActionPlanInputSerializer, responses=ActionPlanSerializer)
    def partial_update(self, request, *args, **kwargs):
        plan = self.get_object()
        data = ActionPlanInputSerializer(plan, data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        plan = run(services.update_plan, plan, by=request.user, **data.validated_data)
        return Response(ActionPlanSerializer(plan).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        run(services.delete_plan, self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProgressReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Quarterly progress reports in scope; workflow actions as endpoints (submit, verify, return, reopen)."""

    serializer_class = ProgressReportSerializer
    filterset_class = ProgressReportFilter
    pagination_class = PageOrKeysetPagination
    ordering_fields = ["quarter", "submitted_at", "reviewed_at"]

    def get_queryset(self):
        # plan + theme for plan_code/theme_code/target; evidence and transitions (with actor) are nested.
        return (
            ProgressReport.objects.visible_to(self.request.user)
            .select_related("plan__theme")
            .prefetch_related("evidence", Prefetch("transitions", queryset=ReportTransition.objects.select_related("by")))
            .order_by("plan_id", "quarter")
        )

    @extend_schema(request=ProgressReportInputSerializer, responses={201: ProgressReportSerializer})
    def create(self, request, *args, **kwargs):
        """Create or change the draft/returned report of a plan for a triwulan."""
        data = ProgressReportInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        plan, quarter = fields.pop("plan"), fields.pop("quarter")
        report = run(services.save_report, plan, quarter, by=request.user, **fields)
        return Response(self.get_serializer(self.get_queryset().get(pk=report.pk)).data, status=status.HTTP_201_CREATED)

    def _act(self, request, name):
        report = self.get_object()
        comment = CommentSerializer(data=request.data)
        comment.is_valid(raise_exception=True)
        run(services.run_action, report, name, by=request.user, comment=comment.validated_data.get("comment", ""))
        return Response(self.get_serializer(self.get_queryset().get(pk=report.pk)).data)

    @extend_schema(request=None, responses=ProgressReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """OPD admin submits a draft or returned report."""
        return self._act(request, "submit")

    @extend_schema(request=CommentSerializer, responses=ProgressReportSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """Biro/Bagian verifies a submitted report (it is then locked)."""
        return self._act(request, "verify")

    @extend_schema(request=CommentSerializer, responses=ProgressReportSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        """Biro/Bagian returns a submitted report with a comment (required)."""
        return self._act(request, "return")

    @extend_schema(request=CommentSerializer, responses=ProgressReportSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Biro re-opens a verified report with a comment (required)."""
        return self._act(request, "reopen")


class KegiatanUtamaFilter(django_filters.FilterSet):
    pemda_code = django_filters.CharFilter(method="filter_pemda_code", help_text="Kode wilayah, mis. 62 atau 62.71.")

    def filter_pemda_code(self, queryset, name, value):
        return queryset.filter(pemda_code_q("pemda", value))

    class Meta:
        model = KegiatanUtama
        fields = ["pemda", "pemda_code", "year", "code"]


class SasaranTematikFilter(KegiatanUtamaFilter):
    theme = django_filters.CharFilter(field_name="theme__code", help_text="Kode tema, mis. T1 atau B2.")

    class Meta:
        model = SasaranTematik
        fields = ["pemda", "pemda_code", "year", "theme", "code"]


class KegiatanUtamaViewSet(viewsets.ReadOnlyModelViewSet):
    """A Pemda's kegiatan utama (main RB General activities) per year, in the requester's scope."""

    serializer_class = KegiatanUtamaSerializer
    filterset_class = KegiatanUtamaFilter
    ordering_fields = ["code", "year"]

    def get_queryset(self):
        # pemda (with the province or regency its code comes from): in every row, joined.
        return (
            KegiatanUtama.objects.visible_to(self.request.user).select_related("pemda__province", "pemda__regency")
            .order_by("pemda_id", "year", "code")
        )


class SasaranTematikViewSet(viewsets.ReadOnlyModelViewSet):
    """A Pemda's sasaran tematik (goals under the RB Tematik/Berdampak themes) per year, in scope."""

    serializer_class = SasaranTematikSerializer
    filterset_class = SasaranTematikFilter
    ordering_fields = ["code", "year"]

    def get_queryset(self):
        # pemda (with the province or regency its code comes from) and theme: in every row, joined.
        return (
            SasaranTematik.objects.visible_to(self.request.user).select_related("pemda__province", "pemda__regency", "theme")
            .order_by("pemda_id", "year", "code")
        )


class ReportingWindowFilter(django_filters.FilterSet):
    province_code = django_filters.CharFilter(field_name="province__code")

    class Meta:
        model = ReportingWindow
        fields = ["province", "province_code", "year", "quarter"]


class ReportingWindowViewSet(viewsets.ReadOnlyModelViewSet):
    """A province's reporting windows per triwulan, with the reopenings of the OPDs the requester sees."""

    serializer_class = ReportingWindowSerializer
    filterset_class = ReportingWindowFilter
    ordering_fields = ["year", "quarter"]

    def get_queryset(self):
        # reopenings are nested: one prefetch, limited to the OPDs in scope (with OPD and actor joined).
        reopenings = WindowReopening.objects.visible_to(self.request.user).select_related("opd", "by").order_by("opd_id", "-until")
        return (
            ReportingWindow.objects.visible_to(self.request.user).select_related("province")
            .prefetch_related(Prefetch("reopenings", queryset=reopenings, to_attr="visible_reopenings"))
            .order_by("province_id", "year", "quarter")
        )
