"""Coordination meetings (rakor, strategic-issue meetings, performance dialogues) and what they decide.

A meeting belongs to the Pemda that organises it. What it decides is kept as decisions,
recommendations (each with an addressee, which may be the central government) and follow-up
items, each owed by one OPD with a due date, a status and evidence.
"""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.audit import audited_history
from agencies.models import Opd, Pemda, Province, today_in
from reformportal.uploads import upload_to

from .querysets import FollowUpQuerySet, MeetingChildQuerySet, MeetingQuerySet
from .sanitize import clean_minutes


class ExternalUnit(models.Model):
    """A body outside the regional governments: a ministry, a directorate, a university..."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Kementerian/lembaga pusat")
        OTHER = "other", _("Lainnya")

    name = models.CharField(_("nama"), max_length=200, unique=True)
    short_name = models.CharField(_("singkatan"), max_length=50, blank=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind, default=Kind.MINISTRY)

    history = audited_history()

    class Meta:
        ordering = ["name"]
        verbose_name = _("instansi luar")
        verbose_name_plural = _("instansi luar")

    def __str__(self):
        return self.short_name or self.name


class Meeting(models.Model):
    class Kind(models.TextChoices):
        RAKOR = "rakor", _("Rapat koordinasi")
        STRATEGIC = "strategic", _("Rapat pembahasan isu strategis")
        DIALOGUE = "dialogue", _("Dialog kinerja")
        TEAM = "team", _("Rapat tim")
        OTHER = "other", _("Lainnya")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Direncanakan")
        HELD = "held", _("Terlaksana")
        APPROVED = "approved", _("Notulen disetujui")

    pemda = models.ForeignKey(
        Pemda, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("pemerintah daerah penyelenggara")
    )
    organiser = models.ForeignKey(
        Opd,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organised_meetings",
        verbose_name=_("unit penyelenggara"),
    )
    kind = models.CharField(_("jenis rapat"), max_length=12, choices=Kind, default=Kind.RAKOR)
    title = models.CharField(_("judul"), max_length=250)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    venue = models.CharField(_("tempat"), max_length=250, blank=True)
    online_link = models.URLField(_("tautan daring"), blank=True, help_text=_("Zoom, Google Meet, dan sebagainya."))
    chair_name = models.CharField(_("nama pimpinan rapat"), max_length=150, blank=True)
    chair_title = models.CharField(
        _("jabatan pimpinan rapat"), max_length=200, blank=True, help_text=_('Misalnya "Plh. Kepala Biro Organisasi".')
    )
    chair_nip = models.CharField(_("NIP pimpinan rapat"), max_length=21, blank=True)
    invited_opds = models.ManyToManyField(
        Opd, blank=True, related_name="meeting_invitations", verbose_name=_("unit yang diundang")
    )
    attending_opds = models.ManyToManyField(
        Opd, blank=True, related_name="meetings_attended", verbose_name=_("unit yang hadir")
    )
    external_units = models.ManyToManyField(
        ExternalUnit, blank=True, related_name="meetings", verbose_name=_("instansi luar yang hadir")
    )
    strategic_issues = models.ManyToManyField(
        "institutions.StrategicIssue", blank=True, related_name="meetings", verbose_name=_("isu strategis yang dibahas")
    )
    other_units = models.TextField(
        _("unit peserta lainnya"), blank=True, help_text=_("Satu unit per baris, bila tidak ada di daftar.")
    )
    declared_participants = models.PositiveIntegerField(
        _("jumlah peserta"),
        null=True,
        blank=True,
        help_text=_("Diisi bila daftar hadir tidak dicatat per orang; daftar hadir menggantikannya."),
    )
    minutes = models.TextField(_("notulen"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PLANNED)
    minutes_approved_at = models.DateTimeField(_("notulen disetujui pada"), null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pd_round = models.ForeignKey(
        "evaluations.PdRound", on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings",
        verbose_name=_("evaluasi kematangan perangkat daerah yang dibahas"),
        help_text=_("Rakor yang membahas hasil evaluasi pembinaan dan pengendalian penataan perangkat daerah."),
    )
    key = models.SlugField(
        _("kunci"), max_length=80, unique=True, null=True, blank=True, help_text=_("Kunci tetap untuk data demo/impor.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = audited_history(m2m_fields=[invited_opds, attending_opds, external_units])
    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("rapat")
        verbose_name_plural = _("rapat")
        indexes = [models.Index(fields=["pemda", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gte=models.F("starts_at")), name="meeting_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.pk])

    def save(self, *args, **kwargs):
        # Sanitised on every save, whoever writes (service, admin, API), and again when shown.
        self.minutes = clean_minutes(self.minutes)
        super().save(*args, **kwargs)

    @property
    def tzinfo(self):
        return self.pemda.province.tzinfo

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, self.tzinfo)

    @property
    def local_end(self):
        return timezone.localtime(self.ends_at, self.tzinfo)

    @property
    def is_multi_day(self):
        return self.local_start.date() != self.local_end.date()

    @property
    def days(self):
        """Local dates the meeting covers (for the calendar)."""
        day, last = self.local_start.date(), self.local_end.date()
        out = []
        while day <= last:
            out.append(day)
            day += datetime.timedelta(days=1)
        return out

    @property
    def minutes_locked(self):
        return self.status == self.Status.APPROVED

    def participant_count(self, attendance_count=None):
        """People present: the attendance list when recorded, otherwise the declared number."""
        if attendance_count is None:
            attendance_count = getattr(self, "attendance_count", None)
        if attendance_count is None:
            attendance_count = self.attendance.count()
        return attendance_count or self.declared_participants

    @property
    def participants(self):
        return self.participant_count()


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    title = models.CharField(_("acara"), max_length=250)
    speaker = models.CharField(_("penyaji/narasumber"), max_length=250, blank=True)
    notes = models.TextField(_("catatan"), blank=True)

    history = audited_history()
    objects = MeetingChildQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("agenda")
        verbose_name_plural = _("agenda")

    def __str__(self):
        return self.title


class Attendance(models.Model):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("Luring (hadir langsung)")
        ONLINE = "online", _("Daring")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    order = models.PositiveIntegerField(_("nomor"), default=0)
    name = models.CharField(_("nama"), max_length=150)
    unit_name = models.CharField(_("unit kerja/instansi"), max_length=250)
    opd = models.ForeignKey(
        Opd, on_delete=models.SET_NULL, null=True, blank=True, related_name="meeting_attendance", verbose_name=_("perangkat daerah")
    )
    position = models.CharField(_("jabatan"), max_length=200, blank=True)
    mode = models.CharField(_("kehadiran"), max_length=10, choices=Mode, default=Mode.IN_PERSON)

    history = audited_history()
    objects = MeetingChildQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("daftar hadir")
        verbose_name_plural = _("daftar hadir")

    def __str__(self):
        return f"{self.name} ({self.unit_name})"


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    text = models.TextField(_("keputusan"))

    history = audited_history()
    objects = MeetingChildQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("keputusan rapat")
        verbose_name_plural = _("keputusan rapat")

    def __str__(self):
        return self.text[:80]


class MeetingRecommendation(models.Model):
    """A recommendation of the meeting, addressed to an OPD, a regency/city, the province or the centre."""

    class Addressee(models.TextChoices):
        OPD = "opd", _("Perangkat daerah")
        REGENCY = "regency", _("Pemerintah kabupaten/kota")
        PROVINCE = "province", _("Pemerintah provinsi")
        CENTRAL = "central", _("Pemerintah pusat")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="recommendations")
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    text = models.TextField(_("rekomendasi"))
    addressee_kind = models.CharField(_("ditujukan kepada"), max_length=10, choices=Addressee)
    addressee_opd = models.ForeignKey(
        Opd, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("perangkat daerah")
    )
    addressee_pemda = models.ForeignKey(
        Pemda, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("pemerintah daerah")
    )
    addressee_external = models.ForeignKey(
        ExternalUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("instansi pusat")
    )
    addressee_note = models.CharField(
        _("keterangan penerima"), max_length=250, blank=True, help_text=_('Misalnya "seluruh kabupaten/kota".')
    )
    strategic_issue = models.ForeignKey(
        "institutions.StrategicIssue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_recommendations",
        verbose_name=_("isu strategis asal"),
    )

    history = audited_history()
    objects = MeetingChildQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("rekomendasi rapat")
        verbose_name_plural = _("rekomendasi rapat")

    def __str__(self):
        return self.text[:80]

    @property
    def addressee(self):
        target = self.addressee_opd or self.addressee_pemda or self.addressee_external
        parts = [str(target) if target else str(self.get_addressee_kind_display())]
        if self.addressee_note:
            parts.append(self.addressee_note)
        return " · ".join(parts)


class FollowUp(models.Model):
    """A follow-up item (tindak lanjut) owed by one OPD, due on a date of the province's calendar."""

    class Status(models.TextChoices):
        OPEN = "open", _("Belum ditindaklanjuti")
        IN_PROGRESS = "in_progress", _("Dalam proses")
        DONE = "done", _("Selesai")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    recommendation = models.ForeignKey(
        MeetingRecommendation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("rekomendasi rapat"),
    )
    title = models.CharField(_("tindak lanjut"), max_length=300)
    description = models.TextField(_("uraian"), blank=True)
    opd = models.ForeignKey(
        Opd, on_delete=models.PROTECT, related_name="meeting_follow_ups", verbose_name=_("unit penanggung jawab")
    )
    due_date = models.DateField(_("batas waktu"))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.OPEN)
    progress_note = models.TextField(_("catatan perkembangan"), blank=True)
    evidence_file = models.FileField(_("bukti (berkas)"), upload_to=upload_to("evidence"), blank=True, max_length=255)
    evidence_link = models.URLField(_("bukti (tautan)"), blank=True)
    closed_at = models.DateTimeField(_("diselesaikan pada"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    action_plan = models.ForeignKey(
        "actionplans.ActionPlan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_followups",
        verbose_name=_("rencana aksi terkait"),
    )
    lhe_recommendation = models.ForeignKey(
        "evaluations.Recommendation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_followups",
        verbose_name=_("rekomendasi LHE terkait"),
    )
    regulation = models.ForeignKey(
        "institutions.Regulation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_followups",
        verbose_name=_("regulasi kelembagaan terkait"),
        help_text=_("Regulasi yang diminta oleh tindak lanjut ini (misalnya Perkada sistem kerja)."),
    )
    key = models.SlugField(_("kunci"), max_length=80, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = audited_history()
    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("tindak lanjut rapat")
        verbose_name_plural = _("tindak lanjut rapat")
        indexes = [models.Index(fields=["opd", "status", "due_date"]), models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:follow_up", args=[self.pk])

    @property
    def is_closed(self):
        return self.status == self.Status.DONE

    @property
    def has_evidence(self):
        return bool(self.evidence_file or self.evidence_link)

    def is_overdue(self, now=None):
        """Overdue from 00:00 of the day after the due date, in the organising province's time zone."""
        if self.is_closed:
            return False
        return self.due_date < today_in(self.meeting.pemda.province.timezone, now)

    @property
    def overdue(self):
        return self.is_overdue()

    def can_edit(self, user):
        scope = user.scope
        if scope.is_read_only:
            return False
        return scope.can_manage_pemda(self.meeting.pemda) or scope.can_edit_opd_data(self.opd)


def today_by_timezone(now=None):
    """{time zone name: local date} for every Indonesian time zone, at `now`."""
    return {tz: today_in(tz, now) for tz in Province.TimeZone.values}


class Attachment(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("berkas"), upload_to=upload_to("attachment"), max_length=255)
    label = models.CharField(_("keterangan"), max_length=200)
    original_name = models.CharField(max_length=255, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = audited_history()
    objects = MeetingChildQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("lampiran rapat")
        verbose_name_plural = _("lampiran rapat")

    def __str__(self):
        return self.label
