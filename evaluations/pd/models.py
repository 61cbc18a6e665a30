"""Models of the maturity evaluation (Permendagri 99/2018); imported by evaluations.models.

PdInstrument ── PdVariable (five level descriptors and the evidence asked)
PdRound (province, year, instrument) ── PdSubmission (one regency/city) ── PdAssessment (one agency)
    ── PdAnswer (one variable: the level claimed, evidence, the Biro's verification)
PdStep logs every step of a submission and its answers.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.audit import audited_history
from agencies.models import Opd, Pemda
from reformportal.uploads import upload_to

from ..year_range import YearRange
from .querysets import PdAnswerQuerySet, PdAssessmentQuerySet, PdInstrumentQuerySet, PdRoundQuerySet, PdSubmissionQuerySet

LEVELS = (1, 2, 3, 4, 5)
LEVEL_CHOICES = [(1, _("Tingkat I")), (2, _("Tingkat II")), (3, _("Tingkat III")), (4, _("Tingkat IV")), (5, _("Tingkat V"))]
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}


class PdInstrument(YearRange):
    """The maturity instrument used for one year or a range of years (versioned like the LKE)."""

    name = models.CharField(_("nama"), max_length=200)
    regulation = models.CharField(_("dasar hukum"), max_length=250, blank=True)
    source = models.TextField(_("sumber"), blank=True, help_text=_("Dari mana isi instrumen diambil."))
    is_provisional = models.BooleanField(
        _("sementara"), default=False, help_text=_("Sebagian isi belum diverifikasi dengan teks peraturan.")
    )
    notes = models.TextField(_("catatan"), blank=True)

    history = audited_history()
    objects = PdInstrumentQuerySet.as_manager()

    class Meta(YearRange.Meta):
        verbose_name = _("instrumen kematangan perangkat daerah")
        verbose_name_plural = _("instrumen kematangan perangkat daerah")
        constraints = [
            models.UniqueConstraint(fields=["year_from"], name="one_pd_instrument_per_start_year"),
            YearRange.years_in_order("pd_instrument_years_in_order"),
        ]

    def __str__(self):
        return f"{self.name} ({self.years_label})"

    def get_absolute_url(self):
        return reverse("evaluations:pd_instrument", args=[self.pk])


class PdVariable(models.Model):
    instrument = models.ForeignKey(PdInstrument, on_delete=models.CASCADE, related_name="variables")
    code = models.CharField(_("kode"), max_length=20)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    name = models.CharField(_("nama variabel"), max_length=250)
    level_1 = models.TextField(_("Tingkat I"))
    level_2 = models.TextField(_("Tingkat II"))
    level_3 = models.TextField(_("Tingkat III"))
    level_4 = models.TextField(_("Tingkat IV"))
    level_5 = models.TextField(_("Tingkat V"))
    evidence = models.TextField(_("data dukung yang diminta"), blank=True)
    source = models.CharField(_("sumber"), max_length=500, blank=True)
    is_provisional = models.BooleanField(_("sementara"), default=False)

    history = audited_history()

    class Meta:
        ordering = ["instrument", "order", "code"]
        verbose_name = _("variabel kematangan")
        verbose_name_plural = _("variabel kematangan")
        constraints = [models.UniqueConstraint(fields=["instrument", "code"], name="unique_pd_variable_code")]

    def __str__(self):
        return f"{self.code}. {self.name}"

    @property
    def descriptors(self):
        return [self.level_1, self.level_2, self.level_3, self.level_4, self.level_5]


class PdRound(models.Model):
    """One year's evaluation of the regencies/cities of a province, run by its Biro Organisasi."""

    pemda = models.ForeignKey(
        Pemda, on_delete=models.PROTECT, related_name="pd_rounds", verbose_name=_("pemerintah provinsi"),
        limit_choices_to={"level": Pemda.Level.PROVINCE},
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    instrument = models.ForeignKey(PdInstrument, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("instrumen"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = audited_history()
    objects = PdRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "pemda__province__code"]
        verbose_name = _("evaluasi pembinaan dan pengendalian")
        verbose_name_plural = _("evaluasi pembinaan dan pengendalian")
        constraints = [models.UniqueConstraint(fields=["pemda", "year"], name="one_pd_round_per_province_year")]

    def __str__(self):
        return _("Evaluasi kematangan perangkat daerah %(year)s · %(pemda)s") % {"year": self.year, "pemda": self.pemda}

    def get_absolute_url(self):
        return reverse("evaluations:pd_recap", args=[self.pk])

    def clean(self):
        if self.pemda_id and not self.pemda.is_province:
            raise ValidationError({"pemda": _("Evaluasi dijalankan oleh pemerintah provinsi.")})


class PdSubmission(models.Model):
    """The set of assessments of one regency/city in a round, submitted by its Bagian Organisasi."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Diisi")
        SUBMITTED = "submitted", _("Diajukan")
        VERIFIED = "verified", _("Terverifikasi")

    round = models.ForeignKey(PdRound, on_delete=models.CASCADE, related_name="submissions")
    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="pd_submissions", verbose_name=_("kabupaten/kota"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)

    history = audited_history()
    objects = PdSubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["round", "pemda__regency__code"]
        verbose_name = _("penilaian kabupaten/kota")
        verbose_name_plural = _("penilaian kabupaten/kota")
        constraints = [models.UniqueConstraint(fields=["round", "pemda"], name="one_pd_submission_per_round_pemda")]

    def __str__(self):
        return f"{self.pemda} · {self.round.year}"

    def get_absolute_url(self):
        return reverse("evaluations:pd_submission", args=[self.pk])


class PdAssessment(models.Model):
    """One agency's self-assessment in a round (one answer per variable)."""

    submission = models.ForeignKey(PdSubmission, on_delete=models.CASCADE, related_name="assessments")
    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, related_name="pd_assessments", verbose_name=_("perangkat daerah"))

    history = audited_history()
    objects = PdAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["submission", "opd__code"]
        verbose_name = _("penilaian perangkat daerah")
        verbose_name_plural = _("penilaian perangkat daerah")
        constraints = [models.UniqueConstraint(fields=["submission", "opd"], name="one_pd_assessment_per_opd")]

    def __str__(self):
        return f"{self.opd} · {self.submission.round.year}"

    def get_absolute_url(self):
        return reverse("evaluations:pd_assessment", args=[self.pk])


class PdAnswer(models.Model):
    """The level an agency claims for one variable, its evidence, and the Biro's verification."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu verifikasi")
        ACCEPTED = "accepted", _("Diterima")
        ADJUSTED = "adjusted", _("Tingkat disesuaikan")
        RETURNED = "returned", _("Dikembalikan")

    VERIFIED = (Status.ACCEPTED, Status.ADJUSTED)

    assessment = models.ForeignKey(PdAssessment, on_delete=models.CASCADE, related_name="answers")
    variable = models.ForeignKey(PdVariable, on_delete=models.PROTECT, related_name="answers", verbose_name=_("variabel"))
    level = models.PositiveSmallIntegerField(
        _("tingkat yang diajukan"), choices=LEVEL_CHOICES, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    note = models.TextField(_("penjelasan"), blank=True)
    evidence = models.FileField(_("data dukung"), upload_to=upload_to("evidence"), blank=True)
    evidence_link = models.URLField(_("tautan data dukung"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    verified_level = models.PositiveSmallIntegerField(_("tingkat terverifikasi"), choices=LEVEL_CHOICES, null=True, blank=True)
    review_note = models.TextField(_("catatan verifikator"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(_("dijawab"), default=timezone.now)

    history = audited_history()
    objects = PdAnswerQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "variable__order"]
        verbose_name = _("jawaban variabel")
        verbose_name_plural = _("jawaban variabel")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "variable"], name="one_pd_answer_per_variable"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="pd_answer_level_1_to_5"),
        ]

    def __str__(self):
        return f"{self.variable.code}: {ROMAN.get(self.level, self.level)}"

    @property
    def is_verified(self):
        return self.status in self.VERIFIED


class PdStep(models.Model):
    """One step of a submission's workflow (an answer given, submitted, verified, returned)."""

    class Action(models.TextChoices):
        ANSWERED = "answered", _("Jawaban diisi")
        SUBMITTED = "submitted", _("Diajukan ke Biro Organisasi")
        ACCEPTED = "accepted", _("Jawaban diterima")
        ADJUSTED = "adjusted", _("Tingkat disesuaikan")
        RETURNED = "returned", _("Jawaban dikembalikan")
        VERIFIED = "verified", _("Seluruh jawaban terverifikasi")

    submission = models.ForeignKey(PdSubmission, on_delete=models.CASCADE, related_name="steps")
    answer = models.ForeignKey(PdAnswer, on_delete=models.SET_NULL, null=True, blank=True, related_name="steps")
    action = models.CharField(_("tindakan"), max_length=12, choices=Action)
    level = models.PositiveSmallIntegerField(_("tingkat"), null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("waktu"), default=timezone.now)
    comment = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["submission", "at", "pk"]
        verbose_name = _("riwayat penilaian")
        verbose_name_plural = _("riwayat penilaian")

    def __str__(self):
        return f"{self.submission_id}: {self.action}"


def recap_upload_to(instance, filename):
    """A server-made name; the file is served only through the scoped recap view."""
    return f"pd_recap/{timezone.now():%Y/%m}/{secrets.token_urlsafe(18)}.pdf"


class PdRecap(models.Model):
    """The recap PDF of a round for the rakor, rendered by a Celery task (one file per language)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Dalam antrean")
        RUNNING = "running", _("Sedang dibuat")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    round = models.ForeignKey(PdRound, on_delete=models.CASCADE, related_name="recaps")
    language = models.CharField(_("bahasa"), max_length=5, default="id")
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    file = models.FileField(_("berkas"), upload_to=recap_upload_to, blank=True)
    error = models.TextField(_("galat"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("rekap PDF evaluasi kematangan")
        verbose_name_plural = _("rekap PDF evaluasi kematangan")

    def __str__(self):
        return f"{self.round} ({self.language})"
