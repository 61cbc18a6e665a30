"""Evaluation of RB (Evaluasi RB): frameworks per year, LHE with scores, findings, recommendations, follow-up.

A framework (LKE) is a tree of nodes: component → sub-component → criterion. Each node has a
weight (its points in the RB index) and a maximum score (the scale the evaluator answers on), so
a node scored `s` contributes `weight × s / max_score` points. An LHE may score criteria, or only
components when the report gives just those; unscored nodes add up their children (see
evaluations.scoring).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.audit import audited_history
from agencies.models import Opd, Pemda, today_in
from reformportal.uploads import upload_to

from .predikat import BAND_BY_PREDIKAT, Predikat, default_target, distance_to, predikat_for
from .querysets import FollowUpQuerySet, FrameworkQuerySet, LheQuerySet, ObjectionQuerySet, RecommendationQuerySet
from .year_range import YearRange


class Framework(YearRange):
    """The evaluation worksheet (LKE) used for one year or a range of years."""

    name = models.CharField(_("nama"), max_length=200)
    max_total = models.DecimalField(
        _("nilai maksimum"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)],
        help_text=_("Indeks tertinggi yang mungkin, misalnya 100, atau 120 dengan RB Tematik."),
    )
    regulation = models.CharField(_("dasar hukum"), max_length=250, blank=True)
    source = models.TextField(
        _("sumber"), blank=True,
        help_text=_("Naskah peraturan atau lembar kerja resmi tempat pohon dan bobotnya diambil."),
    )
    version = models.PositiveSmallIntegerField(_("versi"), default=1, editable=False)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by",
        verbose_name=_("menggantikan"), editable=False,
        help_text=_("Versi lama tetap tersimpan: LHE yang dinilai dengannya tetap memakainya."),
    )
    notes = models.TextField(_("catatan"), blank=True)

    history = audited_history()
    objects = FrameworkQuerySet.as_manager()

    class Meta(YearRange.Meta):
        verbose_name = _("kerangka evaluasi")
        verbose_name_plural = _("kerangka evaluasi")
        constraints = [
            models.UniqueConstraint(fields=["year_from", "version"], name="one_framework_version_per_start_year"),
            YearRange.years_in_order("framework_years_in_order"),
        ]

    def __str__(self):
        if self.version > 1:
            return f"{self.name} ({self.years_label}, v{self.version})"
        return f"{self.name} ({self.years_label})"

    def get_absolute_url(self):
        return reverse("evaluations:framework", args=[self.pk])

    @property
    def replaced_by_or_none(self):
        """The newer version of this tree, or None while it is in force."""
        try:
            return self.replaced_by
        except Framework.DoesNotExist:
            return None

    def clean(self):
        super().clean()
        # Only trees in force compete for a year; a replaced version stays for its old LHEs.
        others = Framework.objects.exclude(pk=self.pk).exclude(pk=self.replaces_id).filter(
            replaced_by__isnull=True
        ).filter(Q(year_to__isnull=True) | Q(year_to__gte=self.year_from))
        if self.year_to is not None:
            others = others.filter(year_from__lte=self.year_to)
        if self.year_from and others.exists():
            raise ValidationError(
                _("Tahun berlaku bertumpang tindih dengan %(other)s.") % {"other": others.first()}
            )


class FrameworkNode(models.Model):
    class Kind(models.TextChoices):
        COMPONENT = "komponen", _("Komponen")
        SUB_COMPONENT = "subkomponen", _("Subkomponen")
        CRITERION = "kriteria", _("Kriteria")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("induk")
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind)
    code = models.CharField(_("kode"), max_length=30)
    name = models.CharField(_("nama"), max_length=300)
    weight = models.DecimalField(
        _("bobot"), max_digits=7, decimal_places=3, validators=[MinValueValidator(0)],
        help_text=_("Poin unsur ini dalam indeks RB."),
    )
    max_score = models.DecimalField(
        _("nilai maksimum"), max_digits=9, decimal_places=3, validators=[MinValueValidator(0)],
        help_text=_("Skala jawaban evaluator (misalnya 1, atau 100 untuk persen); nilai s memberi bobot × s / maksimum."),
    )
    order = models.PositiveIntegerField(_("urutan"), default=0)
    description = models.TextField(_("uraian"), blank=True)
    source = models.CharField(
        _("sumber bobot"), max_length=300, blank=True,
        help_text=_("Pasal, lampiran atau baris lembar kerja resmi yang memuat bobot ini."),
    )
    provisional = models.BooleanField(
        _("bobot sementara"), default=False,
        help_text=_("Belum dikonfirmasi oleh naskah peraturan; ganti dengan mengimpor lembar kerja resmi."),
    )

    history = audited_history()

    class Meta:
        ordering = ["framework", "order", "code"]
        verbose_name = _("unsur kerangka evaluasi")
        verbose_name_plural = _("unsur kerangka evaluasi")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_node_code_per_framework"),
            models.CheckConstraint(condition=Q(max_score__gt=0), name="node_max_score_positive"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    ALLOWED_PARENTS = {
        Kind.COMPONENT: (None,),
        Kind.SUB_COMPONENT: (Kind.COMPONENT,),
        Kind.CRITERION: (Kind.COMPONENT, Kind.SUB_COMPONENT),
    }

    def clean(self):
        parent_kind = self.parent.kind if self.parent_id else None
        if parent_kind not in self.ALLOWED_PARENTS.get(self.kind, ()):
            raise ValidationError({"parent": _("Induk tidak sesuai: komponen → subkomponen → kriteria.")})
        if self.parent_id and self.parent.framework_id != self.framework_id:
            raise ValidationError({"parent": _("Induk harus dari kerangka yang sama.")})


class Lhe(models.Model):
    """A Laporan Hasil Evaluasi: the result of evaluating one Pemda's RB for one year."""

    class Kind(models.TextChoices):
        EXTERNAL = "eksternal", _("Eksternal (KemenPAN-RB)")
        INTERNAL = "internal", _("Internal (Inspektorat)")

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="lhes", verbose_name=_("pemerintah daerah"))
    year = models.PositiveSmallIntegerField(_("tahun dievaluasi"))
    kind = models.CharField(_("jenis evaluasi"), max_length=10, choices=Kind)
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="lhes", verbose_name=_("kerangka"))
    number = models.CharField(_("nomor LHE"), max_length=100, blank=True)
    date = models.DateField(_("tanggal LHE"))
    document = models.FileField(_("dokumen LHE (PDF)"), upload_to=upload_to("lhe_document"), blank=True)
    index_entered = models.DecimalField(
        _("indeks RB (diisi)"), max_digits=6, decimal_places=2, null=True, blank=True,
        help_text=_("Isi hanya bila LHE tidak memuat nilai per unsur."),
    )
    index = models.DecimalField(_("indeks RB"), max_digits=6, decimal_places=2, null=True, blank=True, editable=False)
    target_predikat = models.CharField(_("target predikat"), max_length=2, choices=Predikat, default=default_target)
    summary = models.TextField(_("ringkasan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    history = audited_history()
    objects = LheQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "pemda__province__code", "pemda__regency__code", "kind"]
        verbose_name = _("LHE")
        verbose_name_plural = _("LHE")
        constraints = [
            models.UniqueConstraint(fields=["pemda", "year", "kind"], name="one_lhe_per_pemda_year_kind"),
        ]
        indexes = [models.Index(fields=["pemda", "year"])]

    def __str__(self):
        return f"LHE {self.get_kind_display()} {self.year} · {self.pemda}"

    def get_absolute_url(self):
        return reverse("evaluations:lhe", args=[self.pk])

    @property
    def predikat(self):
        return predikat_for(self.index) if self.index is not None else ""

    @property
    def reaches_target(self):
        return self.index is not None and self.index >= BAND_BY_PREDIKAT[self.target_predikat].minimum

    @property
    def distance_to_target(self):
        return distance_to(self.index, self.target_predikat) if self.index is not None else None


class Score(models.Model):
    lhe = models.ForeignKey(Lhe, on_delete=models.CASCADE, related_name="scores")
    node = models.ForeignKey(FrameworkNode, on_delete=models.PROTECT, related_name="scores", verbose_name=_("unsur"))
    value = models.DecimalField(_("nilai"), max_digits=9, decimal_places=3, validators=[MinValueValidator(0)])
    note = models.CharField(_("catatan"), max_length=500, blank=True)

    history = audited_history()

    class Meta:
        verbose_name = _("nilai unsur")
        verbose_name_plural = _("nilai unsur")
        constraints = [models.UniqueConstraint(fields=["lhe", "node"], name="one_score_per_node")]

    def __str__(self):
        return f"{self.node.code}: {self.value}"


class Finding(models.Model):
    lhe = models.ForeignKey(Lhe, on_delete=models.CASCADE, related_name="findings")
    number = models.PositiveSmallIntegerField(_("nomor"))
    node = models.ForeignKey(
        FrameworkNode, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("area/komponen")
    )
    description = models.TextField(_("uraian temuan"))

    history = audited_history()

    class Meta:
        ordering = ["lhe", "number"]
        verbose_name = _("temuan")
        verbose_name_plural = _("temuan")
        constraints = [models.UniqueConstraint(fields=["lhe", "number"], name="unique_finding_number")]

    def __str__(self):
        return _("Temuan %(number)s") % {"number": self.number}


class Recommendation(models.Model):
    """A recommendation of an LHE finding, followed up by its OPDs and closed by an inspector."""

    class Status(models.TextChoices):
        OPEN = "terbuka", _("Terbuka")
        IN_PROGRESS = "proses", _("Dalam proses")
        SUBMITTED = "diajukan", _("Diajukan")
        RETURNED = "dikembalikan", _("Dikembalikan")
        CLOSED = "selesai", _("Selesai")

    ANSWERABLE = (Status.OPEN, Status.IN_PROGRESS, Status.RETURNED)

    # An LHE recommendation has an LHE and a finding; a recommendation of the maturity
    # evaluation (Permendagri 99/2018) has a regency/city's submission instead. Both then follow
    # the same follow-up flow (FollowUp, Transition).
    lhe = models.ForeignKey(
        Lhe, on_delete=models.CASCADE, related_name="recommendations", editable=False, null=True, blank=True
    )
    finding = models.ForeignKey(
        Finding, on_delete=models.CASCADE, related_name="recommendations", verbose_name=_("temuan"), null=True, blank=True
    )
    pd_submission = models.ForeignKey(
        "evaluations.PdSubmission", on_delete=models.CASCADE, related_name="recommendations", editable=False,
        null=True, blank=True, verbose_name=_("penilaian kematangan kabupaten/kota"),
    )
    number = models.PositiveSmallIntegerField(_("nomor"))
    text = models.TextField(_("rekomendasi"))
    opds = models.ManyToManyField(Opd, related_name="lhe_recommendations", verbose_name=_("perangkat daerah"))
    due_date = models.DateField(_("batas waktu"))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.OPEN, editable=False)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    history = audited_history()
    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("rekomendasi")
        verbose_name_plural = _("rekomendasi")
        constraints = [
            models.UniqueConstraint(fields=["finding", "number"], name="unique_recommendation_number"),
            models.UniqueConstraint(
                fields=["pd_submission", "number"], condition=Q(pd_submission__isnull=False),
                name="unique_pd_recommendation_number",
            ),
            models.CheckConstraint(
                condition=Q(lhe__isnull=False, finding__isnull=False, pd_submission__isnull=True)
                | Q(lhe__isnull=True, finding__isnull=True, pd_submission__isnull=False),
                name="recommendation_of_lhe_or_pd_submission",
            ),
        ]
        indexes = [models.Index(fields=["lhe", "status"])]

    def __str__(self):
        return _("Rekomendasi %(code)s") % {"code": self.code}

    def get_absolute_url(self):
        return reverse("evaluations:recommendation", args=[self.pk])

    @property
    def code(self):
        return f"{self.finding.number}.{self.number}" if self.finding_id else f"PD.{self.number}"

    @property
    def pemda(self):
        """The evaluated Pemda: the LHE's, or the regency/city of the maturity submission."""
        return self.lhe.pemda if self.lhe_id else self.pd_submission.pemda

    @property
    def is_overdue(self):
        """Past due and not closed, "today" in the Pemda's time zone (needs <lhe|pd_submission>__pemda__province)."""
        if self.status == self.Status.CLOSED:
            return False
        return self.due_date < today_in(self.pemda.province.timezone)

    @property
    def status_badge(self):
        return {
            self.Status.OPEN: "",
            self.Status.IN_PROGRESS: "badge-info",
            self.Status.SUBMITTED: "badge-warn",
            self.Status.RETURNED: "badge-bad",
            self.Status.CLOSED: "badge-ok",
        }[self.status]


class FollowUp(models.Model):
    """A tindak lanjut: what an OPD did about a recommendation, with evidence, and its review."""

    class Outcome(models.TextChoices):
        PENDING = "menunggu", _("Menunggu telaah")
        ACCEPTED = "diterima", _("Diterima")
        RETURNED = "dikembalikan", _("Dikembalikan")

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="follow_ups")
    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, related_name="lhe_follow_ups", verbose_name=_("perangkat daerah"))
    narrative = models.TextField(_("uraian tindak lanjut"))
    evidence = models.FileField(_("data dukung"), upload_to=upload_to("evidence"), blank=True)
    evidence_link = models.URLField(_("tautan data dukung"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("diajukan"), default=timezone.now)
    outcome = models.CharField(_("hasil telaah"), max_length=12, choices=Outcome, default=Outcome.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("ditelaah"), null=True, blank=True)
    review_comment = models.TextField(_("catatan penelaah"), blank=True)

    history = audited_history()
    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["recommendation", "submitted_at", "pk"]
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")

    def __str__(self):
        return _("Tindak lanjut %(opd)s") % {"opd": self.opd}


class Transition(models.Model):
    """One step of a recommendation's workflow: who did what, when, with which comment."""

    class Action(models.TextChoices):
        CREATED = "created", _("Rekomendasi dibuat")
        STARTED = "started", _("Tindak lanjut dimulai")
        SUBMITTED = "submitted", _("Tindak lanjut diajukan")
        RETURNED = "returned", _("Dikembalikan oleh penelaah")
        CLOSED = "closed", _("Diterima dan ditutup")

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="transitions")
    follow_up = models.ForeignKey(FollowUp, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    action = models.CharField(_("tindakan"), max_length=20, choices=Action)
    from_status = models.CharField(_("dari"), max_length=12, choices=Recommendation.Status, blank=True)
    to_status = models.CharField(_("menjadi"), max_length=12, choices=Recommendation.Status)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("waktu"), default=timezone.now)
    comment = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["recommendation", "at", "pk"]
        verbose_name = _("riwayat rekomendasi")
        verbose_name_plural = _("riwayat rekomendasi")

    def __str__(self):
        return f"{self.recommendation_id}: {self.from_status} → {self.to_status}"


class Objection(models.Model):
    """A sanggah: the evaluated unit objects to one score of a published internal LHE.

    The inspector accepts it (the score, the index and the predikat change; the values before and
    after stay on this row) or rejects it with a reason. Every step is on the row's history.
    """

    class Status(models.TextChoices):
        OPEN = "diajukan", _("Diajukan")
        ACCEPTED = "diterima", _("Diterima")
        REJECTED = "ditolak", _("Ditolak")

    lhe = models.ForeignKey(Lhe, on_delete=models.CASCADE, related_name="objections")
    node = models.ForeignKey(FrameworkNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("unsur"))
    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, related_name="lhe_objections", verbose_name=_("perangkat daerah"))
    argument = models.TextField(_("alasan sanggahan"))
    proposed_value = models.DecimalField(_("nilai yang diusulkan"), max_digits=9, decimal_places=3, null=True, blank=True)
    evidence = models.FileField(_("data dukung"), upload_to=upload_to("evidence"), blank=True)
    evidence_link = models.URLField(_("tautan data dukung"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN, editable=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("diajukan"), default=timezone.now)
    old_value = models.DecimalField(_("nilai semula"), max_digits=9, decimal_places=3, editable=False)
    old_index = models.DecimalField(_("indeks semula"), max_digits=6, decimal_places=2, null=True, editable=False)
    old_predikat = models.CharField(_("predikat semula"), max_length=2, blank=True, editable=False)
    new_value = models.DecimalField(_("nilai baru"), max_digits=9, decimal_places=3, null=True, blank=True, editable=False)
    new_index = models.DecimalField(_("indeks baru"), max_digits=6, decimal_places=2, null=True, blank=True, editable=False)
    new_predikat = models.CharField(_("predikat baru"), max_length=2, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True, editable=False)
    reason = models.TextField(_("alasan keputusan"), blank=True)

    history = audited_history()

    objects = ObjectionQuerySet.as_manager()

    class Meta:
        ordering = ["lhe", "submitted_at", "pk"]
        verbose_name = _("sanggahan nilai")
        verbose_name_plural = _("sanggahan nilai")
        constraints = [
            models.UniqueConstraint(
                fields=["lhe", "node", "opd"], condition=Q(status="diajukan"), name="one_open_objection_per_score_and_opd"
            ),
        ]
        indexes = [models.Index(fields=["lhe", "status"])]

    def __str__(self):
        return _("Sanggahan %(code)s oleh %(opd)s") % {"code": self.node.code, "opd": self.opd}

from .pd.models import (  # noqa: E402  (the maturity evaluation's models, in their own module)
    PdAnswer, PdAssessment, PdInstrument, PdRecap, PdRound, PdStep, PdSubmission, PdVariable,
)
