"""Anjab/ABK (PermenPANRB 1/2020): positions in organisation units, their tasks and workload.

An `Abk` is one agency's job and workload analysis for one year, with its workflow
(draft → submitted → verified or returned). Its positions (`Position`) sit in the units of the
agency's structure and carry their tasks (`Task`). The figures (workload, staff needed, EJ)
are never stored: workload.py computes them, selectors.py sums them in the database.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agencies.audit import audited_history
from agencies.querysets import OpdScopedQuerySet

__all__ = ["Abk", "Position", "Task", "AbkImportLog", "JobMapDocument"]


class AbkQuerySet(OpdScopedQuerySet):
    opd_path = "opd"


class PositionQuerySet(OpdScopedQuerySet):
    opd_path = "abk__opd"


class TaskQuerySet(OpdScopedQuerySet):
    opd_path = "position__abk__opd"


class DocumentQuerySet(OpdScopedQuerySet):
    opd_path = "abk__opd"


def anjab_upload_to(instance, filename):
    from reformportal.uploads import upload_to

    return upload_to("blank")(instance, filename)


class Abk(models.Model):
    """One agency's Anjab/ABK for one year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan")
        VERIFIED = "verified", _("Terverifikasi")
        RETURNED = "returned", _("Dikembalikan")

    opd = models.ForeignKey("agencies.Opd", on_delete=models.PROTECT, related_name="abks")
    year = models.PositiveSmallIntegerField(_("tahun"))
    structure = models.ForeignKey(
        "institutions.OrganisationStructure", on_delete=models.PROTECT, null=True, blank=True, related_name="abks",
        verbose_name=_("struktur organisasi"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    comment = models.TextField(_("catatan verifikator"), blank=True)
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("disalin dari")
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    history = audited_history()
    objects = AbkQuerySet.as_manager()

    class Meta:
        ordering = ["opd", "-year"]
        verbose_name = _("Anjab/ABK")
        verbose_name_plural = _("Anjab/ABK")
        constraints = [models.UniqueConstraint(fields=["opd", "year"], name="one_abk_per_opd_and_year")]

    def __str__(self):
        return f"ABK {self.opd} {self.year}"

    def get_absolute_url(self):
        return reverse("institutions:abk_detail", args=[self.pk])

    @property
    def is_locked(self):
        return self.status in (self.Status.SUBMITTED, self.Status.VERIFIED)


class Position(models.Model):
    """A position (jabatan) of a unit in one year's ABK, with its job description and staff in post."""

    class Kind(models.TextChoices):
        JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
        ADMINISTRATOR = "administrator", _("Administrator")
        PENGAWAS = "pengawas", _("Pengawas")
        PELAKSANA = "pelaksana", _("Pelaksana")
        FUNGSIONAL = "fungsional", _("Fungsional")

    class FunctionalLevel(models.TextChoices):
        AHLI_UTAMA = "ahli_utama", _("Ahli Utama")
        AHLI_MADYA = "ahli_madya", _("Ahli Madya")
        AHLI_MUDA = "ahli_muda", _("Ahli Muda")
        AHLI_PERTAMA = "ahli_pertama", _("Ahli Pertama")
        PENYELIA = "penyelia", _("Penyelia")
        MAHIR = "mahir", _("Mahir")
        TERAMPIL = "terampil", _("Terampil")
        PEMULA = "pemula", _("Pemula")

    abk = models.ForeignKey(Abk, on_delete=models.CASCADE, related_name="positions")
    unit = models.ForeignKey("institutions.OrgUnit", on_delete=models.PROTECT, related_name="positions", verbose_name=_("unit"))
    code = models.CharField(_("kode jabatan"), max_length=30, help_text=_("Kode tetap; unggahan ulang blanko memperbarui jabatan dengan kode yang sama."))
    kind = models.CharField(_("jenis jabatan"), max_length=15, choices=Kind)
    functional_level = models.CharField(_("jenjang fungsional"), max_length=15, choices=FunctionalLevel, blank=True)
    name = models.CharField(_("nama jabatan"), max_length=200)
    grade = models.PositiveSmallIntegerField(_("kelas jabatan"), validators=[MinValueValidator(1), MaxValueValidator(17)])
    summary = models.TextField(_("ikhtisar jabatan"), blank=True)
    education = models.TextField(_("kualifikasi pendidikan"), blank=True)
    training = models.TextField(_("kualifikasi pelatihan"), blank=True)
    experience = models.TextField(_("kualifikasi pengalaman"), blank=True)
    in_post = models.PositiveSmallIntegerField(_("pemangku (bezetting)"), default=0)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    history = audited_history()
    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["abk", "order", "pk"]
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        constraints = [
            models.UniqueConstraint(fields=["abk", "code"], name="one_position_code_per_abk"),
            models.CheckConstraint(condition=models.Q(grade__gte=1, grade__lte=17), name="position_grade_1_17"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("institutions:abk_position", args=[self.pk])


class Task(models.Model):
    """A task (uraian tugas) of a position: output, volume per period and time norm."""

    class Period(models.TextChoices):
        DAY = "day", _("per hari")
        WEEK = "week", _("per minggu")
        MONTH = "month", _("per bulan")
        YEAR = "year", _("per tahun")

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveSmallIntegerField(_("nomor"), default=0)
    description = models.TextField(_("uraian tugas"))
    output = models.CharField(_("hasil kerja"), max_length=200)
    output_unit = models.CharField(_("satuan hasil"), max_length=50)
    volume = models.DecimalField(_("volume"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    period = models.CharField(_("periode"), max_length=5, choices=Period, default=Period.YEAR)
    time_norm = models.DecimalField(
        _("norma waktu (menit)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)],
        help_text=_("Menit per satu hasil kerja."),
    )

    history = audited_history()
    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["position", "order", "pk"]
        verbose_name = _("uraian tugas")
        verbose_name_plural = _("uraian tugas")

    def __str__(self):
        return self.description[:80]

    @property
    def yearly_volume(self):
        from .workload import yearly_volume

        return yearly_volume(self.volume, self.period)

    @property
    def workload_minutes(self):
        from .workload import task_workload

        return task_workload(self.volume, self.period, self.time_norm)


class AbkImportLog(models.Model):
    """One upload of an Anjab/ABK blank: the file as sent, who, when, and what it did."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Pratinjau")
        INVALID = "invalid", _("Ditolak")
        COMMITTED = "committed", _("Tersimpan")

    abk = models.ForeignKey(Abk, on_delete=models.CASCADE, related_name="imports")
    file = models.FileField(_("berkas"), upload_to=anjab_upload_to, blank=True, max_length=300)
    original_name = models.CharField(max_length=255, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PREVIEW)
    position_count = models.PositiveIntegerField(default=0)
    task_count = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    removed_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("log impor blanko ABK")
        verbose_name_plural = _("log impor blanko ABK")

    def __str__(self):
        return f"{self.abk} {self.at:%Y-%m-%d %H:%M}"


class JobMapDocument(models.Model):
    """A job map (peta jabatan) PDF, rendered in the background."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Diproses")
        READY = "ready", _("Siap")
        FAILED = "failed", _("Gagal")

    abk = models.ForeignKey(Abk, on_delete=models.CASCADE, related_name="job_maps")
    language = models.CharField(max_length=5, default="id")
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    file = models.FileField(upload_to="peta-jabatan/%Y/", blank=True, max_length=300)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("PDF peta jabatan")
        verbose_name_plural = _("PDF peta jabatan")

    def __str__(self):
        return f"{self.abk} ({self.language})"
