"""Action plans (rencana aksi): yearly RB reference data, plans per OPD, quarterly progress.

Reference data (programmes, themes, deadlines, province targets) is stored per year, because the
RB themes change by year (RB General areas, RB Tematik 2023–2024, RB Berdampak from 2025).
Achievement rules live in `actionplans.achievement`; writes with rules in `actionplans.services`.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agencies.audit import audited_history

from reformportal.formats import ROMAN, quarter_label  # noqa: F401 (imported from here by the apps)
from reformportal.jobs import BackgroundJob

from .querysets import (
    AchievementRollupQuerySet,
    ActionPlanQuerySet,
    EvidenceQuerySet,
    ImportLogQuerySet,
    NationalExportQuerySet,
    PemdaReferenceQuerySet,
    ProgressReportQuerySet,
    ReportingWindowQuerySet,
    WindowReopeningQuerySet,
)

QUARTERS = (1, 2, 3, 4)

QUARTER_CHOICES = [(quarter, quarter_label(quarter)) for quarter in QUARTERS]


def evidence_upload_to(instance, filename):
    """Server-generated names through the shared upload gate (kept as a module function for migrations)."""
    from reformportal.uploads import upload_to

    return upload_to("evidence")(instance, filename)


def blank_upload_to(instance, filename):
    from reformportal.uploads import upload_to

    return upload_to("blank")(instance, filename)


class Programme(models.Model):
    """The RB programme of a year: RB General, RB Tematik (2023–2024) or RB Berdampak (2025–)."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("RB General")
        TEMATIK = "tematik", _("RB Tematik")
        BERDAMPAK = "berdampak", _("RB Berdampak")

    year = models.PositiveSmallIntegerField(_("tahun"))
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind)
    name = models.CharField(_("nama"), max_length=150)
    regulation = models.CharField(_("dasar hukum"), max_length=200, blank=True)

    history = audited_history()

    class Meta:
        ordering = ["-year", "kind"]
        verbose_name = _("program RB")
        verbose_name_plural = _("program RB")
        constraints = [models.UniqueConstraint(fields=["year", "kind"], name="unique_programme_per_year")]

    def __str__(self):
        return f"{self.name} {self.year}"


class Theme(models.Model):
    """An area of change (RB General) or a theme/priority (Tematik, Berdampak) of one year."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="themes")
    code = models.CharField(_("kode"), max_length=10)
    name = models.CharField(_("nama"), max_length=200)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    history = audited_history()

    class Meta:
        ordering = ["programme__year", "programme__kind", "order", "code"]
        verbose_name = _("tema/area perubahan")
        verbose_name_plural = _("tema/area perubahan")
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="unique_theme_code_per_programme")]

    def __str__(self):
        return f"{self.code} · {self.name}"

    @property
    def label(self):
        return f"{self.code} {self.name}"


class ReportingDeadline(models.Model):
    """Last day on which OPDs report a triwulan (end of that day in the province's time zone)."""

    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"), choices=QUARTER_CHOICES)
    due_date = models.DateField(_("batas waktu"))

    history = audited_history()

    class Meta:
        ordering = ["year", "quarter"]
        verbose_name = _("batas waktu pelaporan")
        verbose_name_plural = _("batas waktu pelaporan")
        constraints = [models.UniqueConstraint(fields=["year", "quarter"], name="unique_deadline_per_quarter")]

    def __str__(self):
        return f"{quarter_label(self.quarter)} {self.year}: {self.due_date}"


class ProvinceTarget(models.Model):
    """A province's target, e.g. "at least 75 % of action plans achieved by TW III" for a year."""

    class Basis(models.TextChoices):
        QUARTER = "triwulan", _("Target triwulan (kumulatif)")
        ANNUAL = "tahunan", _("Target tahunan")

    province = models.ForeignKey("agencies.Province", on_delete=models.PROTECT, related_name="rb_targets")
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"), choices=QUARTER_CHOICES, default=3)
    min_percent = models.DecimalField(_("persentase minimal"), max_digits=5, decimal_places=2, default=75)
    basis = models.CharField(
        _("dasar capaian"), max_length=10, choices=Basis, default=Basis.QUARTER,
        help_text=_("Tercapai terhadap target kumulatif triwulan itu, atau terhadap target tahunan."),
    )

    history = audited_history()

    class Meta:
        ordering = ["province__code", "year"]
        verbose_name = _("target provinsi")
        verbose_name_plural = _("target provinsi")
        constraints = [models.UniqueConstraint(fields=["province", "year"], name="unique_target_per_province_year")]

    def __str__(self):
        return f"{self.province} {self.year}: ≥ {self.min_percent} % {quarter_label(self.quarter)}"


class KegiatanUtama(models.Model):
    """A main RB General activity (kegiatan utama) of a Pemda for a year, with its indicator: the
    national Portal RB's first sheet. Every RB General action plan belongs to one; plans made
    before this existed have none until the OPD or the Biro links them (they still show and export)."""

    pemda = models.ForeignKey("agencies.Pemda", on_delete=models.PROTECT, related_name="kegiatan_utama")
    year = models.PositiveSmallIntegerField(_("tahun"))
    code = models.CharField(_("kode"), max_length=20, help_text=_("Misalnya KU-01."))
    name = models.TextField(_("kegiatan utama"))
    indicator = models.TextField(_("indikator"))
    unit = models.CharField(_("satuan"), max_length=50, blank=True)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=2, null=True, blank=True)

    history = audited_history()
    objects = PemdaReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["pemda_id", "year", "code"]
        verbose_name = _("kegiatan utama")
        verbose_name_plural = _("kegiatan utama")
        constraints = [models.UniqueConstraint(fields=["pemda", "year", "code"], name="unique_kegiatan_utama_code")]

    def __str__(self):
        return f"{self.code} · {self.name[:80]}"


class SasaranTematik(models.Model):
    """A goal (sasaran tematik) of a Pemda under an RB Tematik/Berdampak theme of a year, with its
    indicator, unit and yearly target; the theme's action plans point at it."""

    pemda = models.ForeignKey("agencies.Pemda", on_delete=models.PROTECT, related_name="sasaran_tematik")
    year = models.PositiveSmallIntegerField(_("tahun"))
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="goals", verbose_name=_("tema"))
    code = models.CharField(_("kode"), max_length=20, help_text=_("Misalnya ST-01."))
    name = models.TextField(_("sasaran tematik"))
    indicator = models.TextField(_("indikator"))
    unit = models.CharField(_("satuan"), max_length=50)
    annual_target = models.DecimalField(_("target tahunan"), max_digits=16, decimal_places=2)

    history = audited_history()
    objects = PemdaReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["pemda_id", "year", "code"]
        verbose_name = _("sasaran tematik")
        verbose_name_plural = _("sasaran tematik")
        constraints = [models.UniqueConstraint(fields=["pemda", "year", "code"], name="unique_sasaran_tematik_code")]

    def __str__(self):
        return f"{self.code} · {self.name[:80]}"


class ActionPlan(models.Model):
    class TargetMode(models.TextChoices):
        CUMULATIVE = "cumulative", _("Akumulatif")
        PER_QUARTER = "per_quarter", _("Per triwulan")

    opd = models.ForeignKey("agencies.Opd", on_delete=models.PROTECT, related_name="action_plans")
    year = models.PositiveSmallIntegerField(_("tahun"))
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="plans", verbose_name=_("tema/area"))
    kegiatan_utama = models.ForeignKey(
        KegiatanUtama, on_delete=models.PROTECT, null=True, blank=True, related_name="plans",
        verbose_name=_("kegiatan utama"), help_text=_("Wajib untuk rencana aksi RB General."),
    )
    sasaran_tematik = models.ForeignKey(
        SasaranTematik, on_delete=models.PROTECT, null=True, blank=True, related_name="plans",
        verbose_name=_("sasaran tematik"), help_text=_("Untuk rencana aksi RB Tematik/Berdampak."),
    )
    code = models.CharField(
        _("kode rencana aksi"), max_length=30, help_text=_("Tetap per perangkat daerah dan tahun, misalnya RA-01.")
    )
    goal = models.TextField(_("sasaran"))
    problem = models.TextField(_("permasalahan"), blank=True)
    expected_impact = models.TextField(_("dampak yang diharapkan"), blank=True)
    indicator = models.TextField(_("indikator"))
    unit = models.CharField(_("satuan"), max_length=50)
    formula = models.TextField(_("rumus indikator"), blank=True, default="", db_default="", help_text=_("Cara menghitung indikator, sebagai teks."))
    baseline = models.DecimalField(
        _("baseline"), max_digits=16, decimal_places=2, null=True, blank=True,
        help_text=_("Nilai indikator tahun sebelumnya."),
    )
    output_indicator = models.TextField(_("indikator output"), blank=True, default="", db_default="")
    output_unit = models.CharField(_("satuan output"), max_length=50, blank=True, default="", db_default="")
    coordinators = models.TextField(_("koordinator"), blank=True, default="", db_default="", help_text=_("Unit koordinator, satu per baris."))
    implementers = models.TextField(_("pelaksana"), blank=True, default="", db_default="", help_text=_("Unit pelaksana, satu per baris."))
    annual_target = models.DecimalField(_("target tahunan"), max_digits=16, decimal_places=2)
    target_mode = models.CharField(_("mode target"), max_length=12, choices=TargetMode, default=TargetMode.CUMULATIVE)
    target_q1 = models.DecimalField(_("target TW I"), max_digits=16, decimal_places=2, default=0)
    target_q2 = models.DecimalField(_("target TW II"), max_digits=16, decimal_places=2, default=0)
    target_q3 = models.DecimalField(_("target TW III"), max_digits=16, decimal_places=2, default=0)
    target_q4 = models.DecimalField(_("target TW IV"), max_digits=16, decimal_places=2, default=0)
    activities = models.TextField(_("kegiatan"), blank=True, help_text=_("Satu kegiatan per baris."))
    outputs = models.TextField(_("output"), blank=True, help_text=_("Satu output per baris, sejajar dengan kegiatan."))
    budget = models.DecimalField(_("anggaran (Rp)"), max_digits=16, decimal_places=0, default=0)
    budget_source = models.CharField(_("sumber anggaran"), max_length=100, blank=True)
    person_in_charge = models.CharField(_("penanggung jawab"), max_length=150, blank=True)
    weight = models.DecimalField(_("bobot"), max_digits=6, decimal_places=2, default=1)
    due_date = models.DateField(_("tenggat"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = audited_history()
    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["opd_id", "year", "code"]
        verbose_name = _("rencana aksi")
        verbose_name_plural = _("rencana aksi")
        constraints = [
            models.UniqueConstraint(fields=["opd", "year", "code"], name="unique_plan_code_per_opd_year"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="plan_weight_positive"),
        ]
        indexes = [models.Index(fields=["year", "theme"])]

    def __str__(self):
        return f"{self.code} · {self.indicator[:60]}"

    def get_absolute_url(self):
        return reverse("actionplans:detail", args=[self.pk])

    def target_for(self, quarter):
        return getattr(self, f"target_q{quarter}")

    @property
    def targets(self):
        return [self.target_for(q) for q in QUARTERS]

    @property
    def coordinator_list(self):
        return nonblank_lines(self.coordinators)

    @property
    def implementer_list(self):
        return nonblank_lines(self.implementers)

    @property
    def activity_rows(self):
        """Activities paired with their outputs, line by line."""
        acts = [line.strip() for line in self.activities.splitlines() if line.strip()]
        outs = [line.strip() for line in self.outputs.splitlines() if line.strip()]
        length = max(len(acts), len(outs))
        acts += [""] * (length - len(acts))
        outs += [""] * (length - len(outs))
        return list(zip(acts, outs))


def nonblank_lines(text):
    """The lines of a text field that hold something, stripped (one name or item per line)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class ProgressReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan")
        VERIFIED = "verified", _("Terverifikasi")
        RETURNED = "returned", _("Dikembalikan")

    EDITABLE = (Status.DRAFT, Status.RETURNED)
    # Realisations that count for achievement: reported by the OPD and not sent back.
    COUNTED = (Status.SUBMITTED, Status.VERIFIED)

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="reports")
    quarter = models.PositiveSmallIntegerField(_("triwulan"), choices=QUARTER_CHOICES)
    realisation = models.DecimalField(_("realisasi"), max_digits=16, decimal_places=2, null=True, blank=True)
    narrative = models.TextField(_("uraian capaian"), blank=True)
    supporting_factors = models.TextField(_("faktor penunjang"), blank=True, default="", db_default="")
    obstacles = models.TextField(_("kendala (faktor penghambat)"), blank=True)
    solutions = models.TextField(_("solusi"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    comment = models.TextField(_("catatan verifikator"), blank=True)
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = audited_history()
    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        ordering = ["plan_id", "quarter"]
        verbose_name = _("laporan kemajuan")
        verbose_name_plural = _("laporan kemajuan")
        constraints = [models.UniqueConstraint(fields=["plan", "quarter"], name="unique_report_per_plan_quarter")]
        indexes = [
            # The verification queue: submitted reports, oldest first (issue 17); it opens on one
            # triwulan, whose reports the first index reads in order (the second, for every period,
            # skipped 49,000 older ones on the national data: 220 ms). Serves (status, quarter) too.
            models.Index(fields=["status", "quarter", "submitted_at"], name="report_status_quarter_sub_idx"),
            models.Index(fields=["status", "submitted_at"], name="report_status_submitted_idx"),
        ]

    def __str__(self):
        return f"{self.plan.code} {quarter_label(self.quarter)}"

    def get_absolute_url(self):
        return reverse("actionplans:report", args=[self.plan_id, self.quarter])

    @property
    def is_editable(self):
        return self.status in self.EDITABLE

    @property
    def is_locked(self):
        return self.status == self.Status.VERIFIED

    @property
    def quarter_label(self):
        return quarter_label(self.quarter)


class AchievementRollup(models.Model):
    """The stored roll-up of one OPD's plans of one theme in one year, by one triwulan.

    Derived data, kept by actionplans.rollups in the same transaction as every write to plans and
    reports (`manage.py rebuild_rollups --check` compares it with the live computation). Every
    roll-up the pages show (agency, theme, Pemda, province, the nation) is a sum of these rows, and
    every scope is a set of OPDs, so a user's figures are the rows of the OPDs they see.
    `weighted` / `weight` is the weighted achievement (achievement.py); `*_annual` measures
    against the year's target (ProvinceTarget.Basis.ANNUAL). The status counts are this
    triwulan's reports; plans without one are `plans` minus their sum.
    """

    opd = models.ForeignKey("agencies.Opd", on_delete=models.CASCADE, related_name="achievement_rollups")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(choices=QUARTER_CHOICES)
    plans = models.PositiveIntegerField(default=0)
    weight = models.FloatField(default=0)
    achieved = models.PositiveIntegerField(default=0)
    weighted = models.FloatField(default=0)
    achieved_annual = models.PositiveIntegerField(default=0)
    weighted_annual = models.FloatField(default=0)
    verified = models.PositiveIntegerField(default=0)
    submitted = models.PositiveIntegerField(default=0)
    returned = models.PositiveIntegerField(default=0)
    draft = models.PositiveIntegerField(default=0)

    objects = AchievementRollupQuerySet.as_manager()

    class Meta:
        verbose_name = _("rekap capaian")
        verbose_name_plural = _("rekap capaian")
        constraints = [
            models.UniqueConstraint(fields=["opd", "year", "quarter", "theme"], name="unique_rollup_per_opd_quarter_theme")
        ]
        # The national overview reads a whole triwulan; the unique index serves one OPD's rows.
        indexes = [models.Index(fields=["year", "quarter"], name="rollup_year_quarter_idx")]

    def __str__(self):
        return f"{self.opd_id} {self.year} {quarter_label(self.quarter)} {self.theme_id}"


class ReportTransition(models.Model):
    """Every workflow step of a progress report: who, when, from which status to which, why."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=ProgressReport.Status)
    to_status = models.CharField(max_length=10, choices=ProgressReport.Status)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["report_id", "at", "pk"]
        verbose_name = _("riwayat status laporan")
        verbose_name_plural = _("riwayat status laporan")

    def __str__(self):
        return f"{self.report_id}: {self.from_status} → {self.to_status}"


class Evidence(models.Model):
    """Data dukung: an uploaded file or a link; several per report."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    label = models.CharField(_("keterangan"), max_length=200)
    file = models.FileField(_("berkas"), upload_to=evidence_upload_to, blank=True, max_length=300)
    url = models.URLField(_("tautan"), blank=True, max_length=500)
    original_name = models.CharField(max_length=255, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = audited_history()
    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["report_id", "pk"]
        verbose_name = _("data dukung")
        verbose_name_plural = _("data dukung")
        constraints = [
            models.CheckConstraint(
                condition=(~models.Q(file="") & models.Q(url="")) | (models.Q(file="") & ~models.Q(url="")),
                name="evidence_file_xor_url",
            )
        ]

    def __str__(self):
        return self.label

    @property
    def is_link(self):
        return bool(self.url)


class ImportLog(models.Model):
    """One upload of an action-plan blank: the file as sent, who, when, and what it did."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Pratinjau")
        INVALID = "invalid", _("Ditolak")
        COMMITTED = "committed", _("Tersimpan")

    opd = models.ForeignKey("agencies.Opd", on_delete=models.PROTECT, related_name="plan_imports")
    year = models.PositiveSmallIntegerField(_("tahun"))
    file = models.FileField(_("berkas"), upload_to=blank_upload_to, blank=True, max_length=300)
    original_name = models.CharField(max_length=255, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PREVIEW)
    row_count = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    # The rows as the preview normalised them from the stored file; confirming writes exactly these.
    rows = models.JSONField(default=list, blank=True, editable=False)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    committed_at = models.DateTimeField(null=True, blank=True)

    objects = ImportLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("log impor blanko")
        verbose_name_plural = _("log impor blanko")

    def __str__(self):
        return f"{self.opd} {self.year} · {self.at:%Y-%m-%d %H:%M}"


class ReminderSent(models.Model):
    """A reminder already e-mailed, so the scheduled task never sends the same one twice."""

    class Kind(models.TextChoices):
        WEEK_BEFORE = "week_before", _("Seminggu sebelum batas waktu")
        DEADLINE = "deadline", _("Pada batas waktu")

    opd = models.ForeignKey("agencies.Opd", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(choices=QUARTER_CHOICES)
    kind = models.CharField(max_length=12, choices=Kind)
    recipients = models.TextField(blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pengingat terkirim")
        verbose_name_plural = _("pengingat terkirim")
        constraints = [
            models.UniqueConstraint(fields=["opd", "year", "quarter", "kind"], name="unique_reminder_per_opd_quarter_kind")
        ]


class ReportingWindow(models.Model):
    """When a province's OPDs may submit a triwulan's reports: the Biro's own dates, which may close
    earlier than the national deadline (ReportingDeadline). Days are the province's own."""

    province = models.ForeignKey("agencies.Province", on_delete=models.PROTECT, related_name="reporting_windows")
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"), choices=QUARTER_CHOICES)
    opens_on = models.DateField(_("dibuka"))
    closes_on = models.DateField(_("ditutup"), help_text=_("Hari terakhir pengajuan, menurut zona waktu provinsi."))

    history = audited_history()
    objects = ReportingWindowQuerySet.as_manager()

    class Meta:
        ordering = ["province__code", "year", "quarter"]
        verbose_name = _("masa pelaporan")
        verbose_name_plural = _("masa pelaporan")
        constraints = [
            models.UniqueConstraint(fields=["province", "year", "quarter"], name="unique_window_per_province_quarter"),
            models.CheckConstraint(condition=models.Q(closes_on__gte=models.F("opens_on")), name="window_closes_after_opening"),
        ]

    def __str__(self):
        return f"{self.province} {quarter_label(self.quarter)} {self.year}: {self.opens_on} – {self.closes_on}"


class WindowReopening(models.Model):
    """The Biro reopens a closed window for one OPD, until a day, with a reason."""

    window = models.ForeignKey(ReportingWindow, on_delete=models.CASCADE, related_name="reopenings")
    opd = models.ForeignKey("agencies.Opd", on_delete=models.CASCADE, related_name="window_reopenings")
    until = models.DateField(_("dibuka sampai"))
    reason = models.TextField(_("alasan"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    history = audited_history()
    objects = WindowReopeningQuerySet.as_manager()

    class Meta:
        ordering = ["window", "opd", "-until"]
        verbose_name = _("pembukaan ulang masa pelaporan")
        verbose_name_plural = _("pembukaan ulang masa pelaporan")

    def __str__(self):
        return f"{self.window} · {self.opd}: {self.until}"


def national_export_upload_to(instance, filename):
    """Server-generated name; nothing the requester typed reaches the path."""
    return f"exports/national/{instance.year}/{instance.pk}-{instance.requested_at:%Y%m%d%H%M%S}.xlsx"


class NationalExport(BackgroundJob):
    """The Portal RB export of every province for a year (issue 17), built by a Celery task
    (actionplans.tasks.build_national_export) for the national observer who asked for it, and
    downloaded by that user only."""

    year = models.PositiveSmallIntegerField(_("tahun"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("peminta"))
    requested_at = models.DateTimeField(_("diminta"), auto_now_add=True)
    rows = models.PositiveIntegerField(_("baris"), default=0)
    file = models.FileField(_("berkas"), upload_to=national_export_upload_to, blank=True, max_length=200)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    objects = NationalExportQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("ekspor nasional")
        verbose_name_plural = _("ekspor nasional")
        constraints = [models.CheckConstraint(condition=models.Q(progress__lte=100), name="national_export_progress_max_100")]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.year}"

    def download_name(self):
        return f"portal-rb-nasional-{self.year}.xlsx"
