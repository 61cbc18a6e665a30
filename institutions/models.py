"""Kelembagaan: each agency's organisation structure (SOTK), dated, as a tree of units.

A new structure is a new dated `OrganisationStructure` of the agency; the old one stays as
history. Renames and merges of the agency itself remain `Opd.replaced_by` in agencies/.
Job analysis and workload (Anjab/ABK) live in `institutions.anjab` and sit in these units.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agencies.audit import audited_history
from agencies.querysets import PemdaScopedQuerySet
from reformportal.uploads import upload_to

from .querysets import OpdOwnedQuerySet, StructureQuerySet, UnitQuerySet


class OrganisationStructure(models.Model):
    """One dated version of an agency's structure, set by a Perkada on its structure and duties."""

    opd = models.ForeignKey("agencies.Opd", on_delete=models.PROTECT, related_name="structures")
    valid_from = models.DateField(_("berlaku sejak"))
    perda_number = models.CharField(_("nomor Perda pembentukan"), max_length=100, blank=True)
    perda_date = models.DateField(_("tanggal Perda"), null=True, blank=True)
    perkada_number = models.CharField(_("nomor Perkada SOTK"), max_length=100, blank=True)
    perkada_date = models.DateField(_("tanggal Perkada"), null=True, blank=True)
    legal_file = models.FileField(_("berkas dasar hukum"), upload_to=upload_to("attachment"), blank=True, max_length=255)
    legal_file_name = models.CharField(_("nama berkas"), max_length=150, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    history = audited_history()
    objects = StructureQuerySet.as_manager()

    class Meta:
        ordering = ["opd", "-valid_from"]
        verbose_name = _("struktur organisasi")
        verbose_name_plural = _("struktur organisasi")
        constraints = [
            models.UniqueConstraint(fields=["opd", "valid_from"], name="one_structure_per_opd_and_date"),
        ]

    def __str__(self):
        return f"{self.opd} ({self.valid_from:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("institutions:structure", args=[self.pk])

    @property
    def legal_basis(self):
        """The Perda and Perkada numbers as written ("Perda Prov. Kaltim No. 2 Tahun 2022 · Pergub …")."""
        return " · ".join(number for number in (self.perda_number, self.perkada_number) if number)


class OrgUnit(models.Model):
    """A unit of a structure: the agency itself at the root, then secretariat/bidang/bagian,
    subbagian/seksi/subbidang, UPTD."""

    class Kind(models.TextChoices):
        AGENCY = "agency", _("Perangkat daerah")
        SECRETARIAT = "secretariat", _("Sekretariat")
        BIDANG = "bidang", _("Bidang")
        BAGIAN = "bagian", _("Bagian")
        SUBBAGIAN = "subbagian", _("Subbagian")
        SEKSI = "seksi", _("Seksi")
        SUBBIDANG = "subbidang", _("Subbidang")
        UPTD = "uptd", _("UPTD")
        FUNCTIONAL_GROUP = "functional", _("Kelompok jabatan fungsional")

    class Level(models.TextChoices):
        II_A = "II.a", _("Eselon II.a")
        II_B = "II.b", _("Eselon II.b")
        III_A = "III.a", _("Eselon III.a")
        III_B = "III.b", _("Eselon III.b")
        IV_A = "IV.a", _("Eselon IV.a")
        IV_B = "IV.b", _("Eselon IV.b")

    structure = models.ForeignKey(OrganisationStructure, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    name = models.CharField(_("nama unit"), max_length=200)
    kind = models.CharField(_("jenis unit"), max_length=20, choices=Kind)
    level = models.CharField(
        _("eselon"), max_length=5, choices=Level, blank=True, help_text=_("Kosong bila tidak bereselon lagi.")
    )
    duties = models.TextField(_("tugas"), blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    history = audited_history()
    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["structure", "order", "pk"]
        verbose_name = _("unit organisasi")
        verbose_name_plural = _("unit organisasi")

    def __str__(self):
        return self.name


# --- legal basis, workload, simplification, regulations, issues -------------------------------


class WorkloadMapping(models.Model):
    """The general variables of one Pemda for one year (PP 18/2016 Lampiran), entered once.

    Each agency's technical score sits in a `WorkloadScore` row; the score and the type are
    computed by `institutions.workload.assess` and stored for lists and filters.
    """

    pemda = models.ForeignKey("agencies.Pemda", on_delete=models.PROTECT, related_name="workload_mappings",
                              verbose_name=_("pemerintah daerah"))
    year = models.PositiveSmallIntegerField(_("tahun"))
    population = models.PositiveBigIntegerField(_("jumlah penduduk (jiwa)"))
    area_km2 = models.DecimalField(_("luas wilayah (km²)"), max_digits=12, decimal_places=2)
    apbd = models.DecimalField(_("jumlah APBD (Rp)"), max_digits=18, decimal_places=0)
    source = models.CharField(_("sumber data"), max_length=250, blank=True)

    history = audited_history()
    objects = PemdaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["pemda", "-year"]
        verbose_name = _("pemetaan beban kerja")
        verbose_name_plural = _("pemetaan beban kerja")
        constraints = [models.UniqueConstraint(fields=["pemda", "year"], name="one_workload_mapping_per_pemda_year")]

    def __str__(self):
        return f"{self.pemda} {self.year}"


class WorkloadScore(models.Model):
    mapping = models.ForeignKey(WorkloadMapping, on_delete=models.CASCADE, related_name="scores")
    opd = models.ForeignKey("agencies.Opd", on_delete=models.PROTECT, related_name="workload_scores",
                            verbose_name=_("perangkat daerah"))
    technical_score = models.DecimalField(
        _("skor variabel teknis"), max_digits=6, decimal_places=2,
        help_text=_("Jumlah nilai × bobot indikator teknis urusan (bobot 80 %, paling tinggi 800)."),
    )
    general_score = models.DecimalField(_("skor variabel umum"), max_digits=6, decimal_places=2)
    total_score = models.DecimalField(_("skor total"), max_digits=7, decimal_places=2)
    computed_type = models.CharField(_("tipe hasil pemetaan"), max_length=1, blank=True)

    history = audited_history()
    objects = OpdOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["mapping", "opd__code"]
        verbose_name = _("skor beban kerja")
        verbose_name_plural = _("skor beban kerja")
        constraints = [models.UniqueConstraint(fields=["mapping", "opd"], name="one_workload_score_per_opd")]

    def __str__(self):
        return f"{self.opd} {self.mapping.year}: {self.total_score}"

    @property
    def type_mismatch(self):
        return self.computed_type != (self.opd.type or "")


class SimplificationBaseline(models.Model):
    """How many administrator, pengawas and eselon V posts a Pemda had before simplification."""

    pemda = models.OneToOneField("agencies.Pemda", on_delete=models.PROTECT, related_name="simplification_baseline")
    posts_before = models.PositiveIntegerField(_("jabatan administrasi sebelum penyederhanaan"))
    note = models.CharField(_("keterangan"), max_length=250, blank=True)

    history = audited_history()
    objects = PemdaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dasar penyederhanaan")
        verbose_name_plural = _("dasar penyederhanaan")

    def __str__(self):
        return f"{self.pemda}: {self.posts_before}"


class PostConversion(models.Model):
    """One structural post abolished and the functional position it became (penyetaraan)."""

    class FormerLevel(models.TextChoices):
        ADMINISTRATOR = "administrator", _("Administrator (eselon III)")
        PENGAWAS = "pengawas", _("Pengawas (eselon IV)")
        ESELON_V = "eselon_v", _("Eselon V")

    opd = models.ForeignKey("agencies.Opd", on_delete=models.PROTECT, related_name="post_conversions",
                            verbose_name=_("perangkat daerah"))
    unit = models.ForeignKey(OrgUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="conversions",
                             verbose_name=_("unit"))
    former_post = models.CharField(_("jabatan struktural yang dihapus"), max_length=200)
    former_level = models.CharField(_("jenjang semula"), max_length=15, choices=FormerLevel)
    functional_position = models.CharField(_("jabatan fungsional"), max_length=200)
    functional_level = models.CharField(_("jenjang jabatan fungsional"), max_length=20, blank=True)
    person_name = models.CharField(_("nama pejabat"), max_length=150)
    person_nip = models.CharField(_("NIP"), max_length=21, blank=True)
    converted_on = models.DateField(_("tanggal pelantikan"))
    decree_number = models.CharField(_("nomor keputusan"), max_length=100)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")

    history = audited_history()
    objects = OpdOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["opd__pemda", "opd__code", "converted_on", "pk"]
        verbose_name = _("penyetaraan jabatan")
        verbose_name_plural = _("penyetaraan jabatan")

    def __str__(self):
        return f"{self.former_post} → {self.functional_position}"


class Mismatch(models.Model):
    """A post whose functional position does not fit, with its resolution workflow.

    raised → proposed (the Bagian/Biro that manages the Pemda proposes a fix) → resolved or
    refused (verified by the province's Biro Organisasi), each step with a comment.
    """

    class Kind(models.TextChoices):
        DUTIES = "duties", _("Jabatan fungsional tidak sesuai tugas dan fungsi unit")
        EDUCATION = "education", _("Jabatan fungsional tidak sesuai pendidikan pemangku")
        NOMENCLATURE = "nomenclature", _("Nomenklatur jabatan pelaksana berubah")

    class Status(models.TextChoices):
        RAISED = "raised", _("Diajukan")
        PROPOSED = "proposed", _("Usulan penyelesaian")
        RESOLVED = "resolved", _("Selesai")
        REFUSED = "refused", _("Ditolak")

    OPEN_STATUSES = (Status.RAISED, Status.PROPOSED)

    opd = models.ForeignKey("agencies.Opd", on_delete=models.PROTECT, related_name="position_mismatches",
                            verbose_name=_("perangkat daerah"))
    conversion = models.ForeignKey(PostConversion, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="mismatches", verbose_name=_("penyetaraan terkait"))
    post = models.CharField(_("jabatan"), max_length=200)
    kind = models.CharField(_("jenis ketidaksesuaian"), max_length=15, choices=Kind)
    description = models.TextField(_("uraian"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.RAISED)
    proposal = models.TextField(_("usulan penyelesaian"), blank=True)
    resolution_comment = models.TextField(_("catatan verifikasi"), blank=True)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    raised_at = models.DateTimeField(_("diajukan pada"), auto_now_add=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    resolved_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)

    history = audited_history()
    objects = OpdOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        verbose_name = _("ketidaksesuaian jabatan")
        verbose_name_plural = _("ketidaksesuaian jabatan")
        indexes = [models.Index(fields=["opd", "status"])]

    def __str__(self):
        return f"{self.post}: {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("institutions:mismatch", args=[self.pk])

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES


class Regulation(models.Model):
    """A regulation of a Pemda on its institutions or work system, from draft to enactment.

    The province marks one of its own as the model (`is_model`, e.g. the Pergub Sistem Kerja);
    a regency/city's regulation that follows it points at it through `follows`.
    """

    class Kind(models.TextChoices):
        PERDA_SOTK = "perda_sotk", _("Perda pembentukan dan susunan perangkat daerah")
        PERKADA_SOTK = "perkada_sotk", _("Perkada kedudukan, susunan organisasi, tugas dan fungsi")
        PERKADA_WORK_SYSTEM = "work_system", _("Perkada sistem kerja setelah penyederhanaan")
        OTHER = "other", _("Lainnya")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Rancangan")
        FACILITATED = "facilitated", _("Difasilitasi Biro Organisasi")
        ENACTED = "enacted", _("Ditetapkan")

    pemda = models.ForeignKey("agencies.Pemda", on_delete=models.PROTECT, related_name="institution_regulations",
                              verbose_name=_("pemerintah daerah"))
    kind = models.CharField(_("jenis"), max_length=15, choices=Kind)
    subject = models.CharField(_("tentang"), max_length=300)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.DRAFT)
    number = models.CharField(_("nomor"), max_length=100, blank=True)
    enacted_on = models.DateField(_("tanggal penetapan"), null=True, blank=True)
    file = models.FileField(_("berkas"), upload_to=upload_to("attachment"), blank=True, max_length=255)
    file_name = models.CharField(_("nama berkas"), max_length=150, blank=True)
    is_model = models.BooleanField(_("model bagi kabupaten/kota"), default=False)
    follows = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="adoptions",
                                verbose_name=_("mengacu model"), limit_choices_to={"is_model": True})
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    history = audited_history()
    objects = PemdaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["pemda", "kind", "-enacted_on", "pk"]
        verbose_name = _("regulasi kelembagaan")
        verbose_name_plural = _("regulasi kelembagaan")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("institutions:regulation", args=[self.pk])

    @property
    def title(self):
        if self.number:
            return f"{self.number} {_('tentang')} {self.subject}"
        return self.subject


class StrategicIssue(models.Model):
    """An issue a regency/city raises on institutions, job analysis or staffing, before a rakor."""

    class Category(models.TextChoices):
        INSTITUTIONS = "institutions", _("Kelembagaan")
        JOB_ANALYSIS = "job_analysis", _("Analisis jabatan dan beban kerja")
        STAFFING = "staffing", _("Kepegawaian dan jabatan fungsional")
        WORK_SYSTEM = "work_system", _("Sistem kerja")

    class Status(models.TextChoices):
        OPEN = "open", _("Terbuka")
        DISCUSSED = "discussed", _("Dibahas dalam rapat")
        ESCALATED = "escalated", _("Diteruskan ke pemerintah pusat")
        CLOSED = "closed", _("Selesai")

    OPEN_STATUSES = (Status.OPEN, Status.DISCUSSED, Status.ESCALATED)

    pemda = models.ForeignKey("agencies.Pemda", on_delete=models.PROTECT, related_name="strategic_issues",
                              verbose_name=_("pemerintah daerah"))
    category = models.CharField(_("kategori"), max_length=15, choices=Category)
    title = models.CharField(_("isu"), max_length=250)
    description = models.TextField(_("uraian"), blank=True)
    raised_by = models.CharField(_("diajukan oleh"), max_length=200)
    raised_on = models.DateField(_("tanggal"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    history = audited_history()
    objects = PemdaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "-pk"]
        verbose_name = _("isu strategis")
        verbose_name_plural = _("isu strategis")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("institutions:issue", args=[self.pk])


from .anjab.models import *  # noqa: E402,F401,F403  (Anjab/ABK models live beside their rules)
