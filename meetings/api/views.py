"""Meetings API: lists start from visible_to(user); writes go through an input serializer and a service."""

import django_filters
from django.db.models import Count, Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from agencies.api.errors import run
from institutions.models import StrategicIssue

from .. import services
from ..models import Attendance, Decision, ExternalUnit, FollowUp, Meeting, MeetingRecommendation
from ..selectors import get_follow_up_for_user, get_meeting_for_user
from .serializers import (
    AttendanceListInputSerializer,
    AttendanceSerializer,
    DecisionSerializer,
    ExternalUnitSerializer,
    FollowUpCloseSerializer,
    FollowUpProgressSerializer,
    FollowUpSerializer,
    MeetingInputSerializer,
    MeetingSerializer,
    RecommendationSerializer,
)




# (service keyword, input field) of the meeting's many-to-many lists
RELATED_FIELDS = (
    ("invited", "invited_opds"), ("attending", "attending_opds"), ("external", "external_units"),
    ("strategic_issues", "strategic_issues"),
)


class MeetingFilter(django_filters.FilterSet):
    starts_after = django_filters.IsoDateTimeFilter(field_name="ends_at", lookup_expr="gte")
    starts_before = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt")
    province = django_filters.CharFilter(field_name="pemda__province__code")

    class Meta:
        model = Meeting
        fields = ["kind", "status", "pemda", "province", "starts_after", "starts_before"]


class MeetingViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Meetings in scope. Biro staff create and edit those of their province, Bagian staff their regency."""

    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    search_fields = ["title", "venue", "chair_name"]
    ordering_fields = ["starts_at", "title"]

    def get_queryset(self):
        # pemda: pemda_name per row; agenda_items, units: serialised per row (prefetch, not N+1);
        # visible_issues: the strategic issues of each row that the user sees
        user = self.request.user
        return (
            Meeting.objects.visible_to(user)
            .select_related("pemda")
            .prefetch_related(
                "agenda_items", "invited_opds", "attending_opds", "external_units",
                Prefetch("strategic_issues", queryset=StrategicIssue.objects.visible_to(user), to_attr="visible_issues"),
            )
            .annotate(attendance_count=Count("attendance"))
            .order_by("-starts_at", "-pk")
        )

    def get_object(self):
        meeting = get_meeting_for_user(self.request.user, self.kwargs["pk"])
        return self.get_queryset().get(pk=meeting.pk)

    @extend_schema(request=MeetingInputSerializer, responses={201: MeetingSerializer})
    def create(self, request, *args, **kwargs):
        data = MeetingInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        pemda = values.pop("pemda")
        units = {k: values.pop(f, []) for k, f in RELATED_FIELDS}
        meeting = run(services.create_meeting, by=request.user, pemda=pemda, **units, **values)
        return Response(MeetingSerializer(self.get_queryset().get(pk=meeting.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MeetingInputSerializer, responses=MeetingSerializer)
    def update(self, request, *args, **kwargs):
        meeting = get_meeting_for_user(request.user, kwargs["pk"], write=True)
        data = MeetingInputSerializer(meeting, data=request.data, partial=kwargs.get("partial", False), context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        pemda = values.pop("pemda", meeting.pemda)
        if pemda != meeting.pemda:
            raise exceptions.ValidationError({"pemda": "Pemerintah daerah penyelenggara tidak dapat diubah."})
        units = {k: values.pop(f, None) for k, f in RELATED_FIELDS}
        run(services.update_meeting, meeting, by=request.user, **units, **values)
        return Response(MeetingSerializer(self.get_queryset().get(pk=meeting.pk)).data)

    @extend_schema(request=None, responses=MeetingSerializer)
    @action(detail=True, methods=["post"], url_path="approve-minutes")
    def approve_minutes(self, request, pk=None):
        meeting = get_meeting_for_user(request.user, pk, write=True)
        run(services.approve_minutes, meeting, by=request.user)
        return Response(MeetingSerializer(self.get_queryset().get(pk=meeting.pk)).data)

    @extend_schema(request=AttendanceListInputSerializer, responses=AttendanceSerializer(many=True))
    # pagination_class=None: the answer is the whole list (an array), and the schema says so.
    @action(detail=True, methods=["put"], url_path="attendance", pagination_class=None)
    def record_attendance(self, request, pk=None):
        """Replace the attendance list of the meeting."""
        meeting = get_meeting_for_user(request.user, pk, write=True)
        data = AttendanceListInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rows = run(services.record_attendance, meeting, data.validated_data["rows"], by=request.user)
        return Response(AttendanceSerializer(rows, many=True).data)


class MeetingChildViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Rows of visible meetings; creating one requires managing the meeting."""

    model = None
    filterset_fields = ["meeting"]

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user).order_by("meeting_id", "order", "pk")

    # the service that adds a row, called as service(meeting, by=user, **the other fields)
    add = None

    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = get_meeting_for_user(request.user, data.validated_data["meeting"].pk, write=True)
        values = {k: v for k, v in data.validated_data.items() if k != "meeting"}
        row = run(type(self).add, meeting, by=request.user, **values)
        return Response(self.get_serializer(row).data, status=status.HTTP_201_CREATED)


class AttendanceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Attendance rows of visible meetings (write them with PUT /meetings/{id}/attendance/)."""

    serializer_class = AttendanceSerializer
    filterset_fields = ["meeting", "mode", "opd"]
    search_fields = ["name", "unit_name"]

    def get_queryset(self):
        return Attendance.objects.visible_to(self.request.user).order_by("meeting_id", "order", "pk")


class DecisionViewSet(MeetingChildViewSet):
    model = Decision
    serializer_class = DecisionSerializer
    add = services.add_decision


class RecommendationViewSet(MeetingChildViewSet):
    model = MeetingRecommendation
    serializer_class = RecommendationSerializer
    add = services.add_recommendation
    filterset_fields = ["meeting", "addressee_kind"]

    def get_queryset(self):
        # addressee_*: the addressee label per row
        return super().get_queryset().select_related("addressee_opd", "addressee_pemda", "addressee_external")


class FollowUpFilter(django_filters.FilterSet):
    overdue = django_filters.BooleanFilter(method="filter_overdue")

    class Meta:
        model = FollowUp
        fields = ["meeting", "opd", "status", "due_date", "overdue"]

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset.exclude(pk__in=queryset.overdue().values("pk"))


class FollowUpViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Follow-up items of visible meetings. The owing OPD reports progress and closes with evidence."""

    serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilter
    search_fields = ["title"]
    ordering_fields = ["due_date", "status"]

    def get_queryset(self):
        # meeting + province: time zone for is_overdue per row; opd: opd_name per row
        return FollowUp.objects.visible_to(self.request.user).for_list().order_by("due_date", "pk")

    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        meeting = get_meeting_for_user(request.user, values.pop("meeting").pk, write=True)
        item = run(services.add_follow_up, meeting, by=request.user, **values)
        return Response(FollowUpSerializer(item).data, status=status.HTTP_201_CREATED)

    def _item(self, pk):
        return get_follow_up_for_user(self.request.user, pk, write=True)

    @extend_schema(request=FollowUpProgressSerializer, responses=FollowUpSerializer)
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        item = self._item(pk)
        data = FollowUpProgressSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = run(services.update_follow_up, item, by=request.user, **data.validated_data)
        return Response(FollowUpSerializer(item).data)

    @extend_schema(request=FollowUpCloseSerializer, responses=FollowUpSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        item = self._item(pk)
        data = FollowUpCloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        item = run(
            services.close_follow_up, item, by=request.user, note=values.get("progress_note"),
            evidence_file=values.get("evidence_file"), evidence_link=values.get("evidence_link"),
        )
        return Response(FollowUpSerializer(item).data)


class ExternalUnitViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ExternalUnitSerializer
    queryset = ExternalUnit.objects.order_by("name")
    search_fields = ["name", "short_name"]

