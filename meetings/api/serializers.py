from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from agencies.models import Opd, Pemda
from institutions.models import Regulation, StrategicIssue
from reformportal.uploads import check_upload

from ..models import (
    AgendaItem,
    Attendance,
    Decision,
    ExternalUnit,
    FollowUp,
    Meeting,
    MeetingRecommendation,
)


class ScopedChoices:
    """A serializer mixin: the related rows named in `scoped_choices` (field name -> model) may be
    chosen only among those the requesting user sees (visible_to); single and many relations."""

    scoped_choices = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        for name, model in self.scoped_choices.items():
            field = self.fields.get(name)
            if field is None or field.read_only:
                continue
            choices = field.child_relation if hasattr(field, "child_relation") else field
            choices.queryset = model.objects.visible_to(request.user)


class AgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["id", "order", "title", "speaker", "notes"]


class MeetingSerializer(serializers.ModelSerializer):
    """Output: a meeting with its agenda; minutes are sanitised HTML."""

    agenda_items = AgendaItemSerializer(many=True, read_only=True)
    participant_count = serializers.SerializerMethodField()
    pemda_name = serializers.CharField(source="pemda.name", read_only=True)
    strategic_issues = serializers.SerializerMethodField(help_text=_("Isu strategis yang dibahas (yang Anda lihat)."))

    class Meta:
        model = Meeting
        fields = [
            "id", "pemda", "pemda_name", "organiser", "kind", "title", "starts_at", "ends_at", "venue", "online_link",
            "chair_name", "chair_title", "chair_nip", "invited_opds", "attending_opds", "external_units",
            "strategic_issues", "other_units", "declared_participants", "participant_count", "minutes", "status",
            "minutes_approved_at", "agenda_items", "created_at", "updated_at",
        ]
        read_only_fields = fields

    def get_participant_count(self, meeting) -> int | None:
        return meeting.participant_count()

    def get_strategic_issues(self, meeting) -> list[int]:
        # the view prefetches them through StrategicIssue.objects.visible_to(user)
        return [issue.pk for issue in getattr(meeting, "visible_issues", [])]


class MeetingInputSerializer(ScopedChoices, serializers.ModelSerializer):
    """Input for create/update; the service applies the rules."""

    scoped_choices = {
        "pemda": Pemda, "organiser": Opd, "invited_opds": Opd, "attending_opds": Opd,
        "strategic_issues": StrategicIssue,
    }

    class Meta:
        model = Meeting
        fields = [
            "pemda", "organiser", "kind", "title", "starts_at", "ends_at", "venue", "online_link", "chair_name",
            "chair_title", "chair_nip", "invited_opds", "attending_opds", "external_units", "strategic_issues",
            "other_units", "declared_participants", "minutes", "status",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            self.fields["pemda"].required = False

    def validate_status(self, status):
        if status == Meeting.Status.APPROVED:
            raise serializers.ValidationError(_("Gunakan aksi approve-minutes untuk menyetujui notulen."))
        return status


class AttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["id", "meeting", "order", "name", "unit_name", "opd", "position", "mode"]
        read_only_fields = ["id", "meeting", "order", "opd"]


class AttendanceListInputSerializer(serializers.Serializer):
    rows = AttendanceSerializer(many=True)


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["id", "meeting", "order", "text"]


class RecommendationSerializer(ScopedChoices, serializers.ModelSerializer):
    addressee = serializers.CharField(read_only=True)
    scoped_choices = {"addressee_opd": Opd, "addressee_pemda": Pemda, "strategic_issue": StrategicIssue}

    class Meta:
        model = MeetingRecommendation
        fields = [
            "id", "meeting", "order", "text", "addressee_kind", "addressee_opd", "addressee_pemda",
            "addressee_external", "addressee_note", "addressee", "strategic_issue",
        ]


class FollowUpSerializer(ScopedChoices, serializers.ModelSerializer):
    is_overdue = serializers.SerializerMethodField()
    opd_name = serializers.CharField(source="opd.name", read_only=True)
    scoped_choices = {"opd": Opd, "regulation": Regulation}

    class Meta:
        model = FollowUp
        fields = [
            "id", "meeting", "recommendation", "action_plan", "lhe_recommendation", "regulation", "title", "description",
            "opd", "opd_name", "due_date",
            "status", "progress_note", "evidence_link", "closed_at", "is_overdue", "created_at", "updated_at",
        ]
        read_only_fields = ["status", "progress_note", "evidence_link", "closed_at", "created_at", "updated_at"]

    def get_is_overdue(self, item) -> bool:
        return item.is_overdue()


class FollowUpCloseSerializer(serializers.Serializer):
    progress_note = serializers.CharField(required=False, allow_blank=True)
    evidence_link = serializers.URLField(required=False, allow_blank=True)
    evidence_file = serializers.FileField(required=False)

    def validate_evidence_file(self, upload):
        check_upload(upload, "evidence")
        return upload


class FollowUpProgressSerializer(FollowUpCloseSerializer):
    """A progress report takes what closing takes, and may move the status."""

    status = serializers.ChoiceField(choices=FollowUp.Status.choices, required=False)


class ExternalUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExternalUnit
        fields = ["id", "name", "short_name", "kind"]
