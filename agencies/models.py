"""Places, regional governments, their agencies, and the people who work in them."""

import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .audit import audited_history
from .querysets import ApiTokenQuerySet, OpdQuerySet, PemdaQuerySet, ProvinceQuerySet, RegencyQuerySet
from .roles import Role
from .scoping import scope_for


def today_in(tz_name, now=None):
    """The date in a province's time zone (WIB, WITA or WIT) at `now`: deadlines, lateness and
    reminders are judged by it, never by the server's clock."""
    return (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(tz_name)).date()


class Province(models.Model):
    class TimeZone(models.TextChoices):
        WIB = "Asia/Jakarta", _("WIB (UTC+7)")
        WITA = "Asia/Makassar", _("WITA (UTC+8)")
        WIT = "Asia/Jayapura", _("WIT (UTC+9)")

    code = models.CharField(_("kode Kemendagri"), max_length=2, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    timezone = models.CharField(_("zona waktu"), max_length=20, choices=TimeZone, default=TimeZone.WIB)
    capital = models.CharField(
        _("ibu kota"), max_length=100, blank=True, help_text=_("Tempat pada blok tanda tangan laporan.")
    )

    history = audited_history()
    objects = ProvinceQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("provinsi")
        verbose_name_plural = _("provinsi")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("agencies:province", args=[self.code])

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.timezone)

    def today(self, now=None):
        return today_in(self.timezone, now)

    @property
    def timezone_abbreviation(self):
        return self.TimeZone(self.timezone).name


class Regency(models.Model):
    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")

    code = models.CharField(_("kode Kemendagri"), max_length=5, unique=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="regencies")
    name = models.CharField(_("nama"), max_length=100)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind)

    history = audited_history()
    objects = RegencyQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("agencies:regency", args=[self.code])


class Pemda(models.Model):
    """A regional government: a province (Pemprov) or a regency/city (Pemkab/Pemkot).

    `province` is set on both levels, so "everything in a province" is one indexed filter.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Provinsi")
        REGENCY = "regency", _("Kabupaten/Kota")

    level = models.CharField(_("tingkat"), max_length=10, choices=Level)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="pemdas")
    regency = models.OneToOneField(
        Regency, on_delete=models.PROTECT, null=True, blank=True, related_name="pemda"
    )
    name = models.CharField(_("nama"), max_length=150)

    history = audited_history()
    objects = PemdaQuerySet.as_manager()

    class Meta:
        ordering = ["province__code", "regency__code"]
        verbose_name = _("pemerintah daerah")
        verbose_name_plural = _("pemerintah daerah")
        constraints = [
            models.UniqueConstraint(
                fields=["province"],
                condition=models.Q(level="province"),
                name="one_pemprov_per_province",
            ),
            models.CheckConstraint(
                condition=models.Q(level="province", regency__isnull=True)
                | models.Q(level="regency", regency__isnull=False),
                name="pemda_level_matches_regency",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        if self.regency_id:
            return reverse("agencies:regency", args=[self.code])
        return reverse("agencies:province", args=[self.code])

    @property
    def code(self):
        return self.regency.code if self.regency_id else self.province.code

    @property
    def is_province(self):
        return self.level == self.Level.PROVINCE

    @property
    def short_name(self):
        """For charts and narrow columns: "Kab. Kotawaringin Barat", "Kota Palangka Raya", "Prov. Kalimantan Tengah".

        "Pemerintah Kabupaten Kotawaringin …" cut to fit would hide what tells two regencies apart.
        Needs province or regency loaded (select_related) to stay free of queries.
        """
        if not self.regency_id:
            return f"Prov. {self.province.name.removeprefix('Provinsi ')}"
        if self.regency.kind == Regency.Kind.KABUPATEN:
            return f"Kab. {self.regency.name.removeprefix('Kabupaten ')}"
        return self.regency.name

    @property
    def tzinfo(self):
        return self.province.tzinfo

    @property
    def seat(self):
        """The place name written above a signature ("Palangka Raya, 30 September 2025")."""
        if self.regency_id:
            return self.regency.name.removeprefix("Kabupaten ").removeprefix("Kota ")
        return self.province.capital or self.province.name


def pemda_code_q(path, code):
    """The Pemda whose `code` is `code`, through the relation `path` ("" for the Pemda itself):
    a regency/city's code has a dot ("62.71"); a province's code ("62") names the province's own
    Pemda. The inverse of `Pemda.code`."""
    prefix = f"{path}__" if path else ""
    if "." in code:
        return models.Q(**{f"{prefix}regency__code": code})
    return models.Q(**{f"{prefix}level": Pemda.Level.PROVINCE, f"{prefix}province__code": code})


class Opd(models.Model):
    """A regional agency (perangkat daerah / OPD), or the organisation bureau of a Pemda.

    Institutions change after restructuring: a renamed or merged agency keeps its old record,
    inactive, pointing at its successor through `replaced_by`.
    """

    class Kind(models.TextChoices):
        SEKRETARIAT_DAERAH = "setda", _("Sekretariat Daerah")
        BIRO_ORGANISASI = "biro_organisasi", _("Biro Organisasi")
        BAGIAN_ORGANISASI = "bagian_organisasi", _("Bagian Organisasi")
        SEKRETARIAT_DPRD = "setwan", _("Sekretariat DPRD")
        INSPEKTORAT = "inspektorat", _("Inspektorat")
        DINAS = "dinas", _("Dinas")
        BADAN = "badan", _("Badan")
        SATPOL_PP = "satpol_pp", _("Satuan Polisi Pamong Praja")
        RSUD = "rsud", _("Rumah Sakit Daerah")
        KECAMATAN = "kecamatan", _("Kecamatan")
        OTHER = "lainnya", _("Lainnya")

    class Type(models.TextChoices):
        A = "A", _("Tipe A")
        B = "B", _("Tipe B")
        C = "C", _("Tipe C")

    ORGANISATION_BUREAU_KINDS = (Kind.BIRO_ORGANISASI, Kind.BAGIAN_ORGANISASI)

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="opds")
    code = models.CharField(_("kode"), max_length=30)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=50, blank=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind)
    type = models.CharField(_("tipe"), max_length=1, choices=Type, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("digantikan oleh"),
        help_text=_("Perangkat daerah hasil perubahan nama atau penggabungan."),
    )
    replaced_on = models.DateField(_("tanggal perubahan"), null=True, blank=True)
    head_name = models.CharField(_("nama kepala"), max_length=150, blank=True)
    head_title = models.CharField(
        _("jabatan kepala"), max_length=150, blank=True, help_text=_("Misalnya \"Plt. Kepala Biro Organisasi\".")
    )
    head_nip = models.CharField(_("NIP kepala"), max_length=21, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    address = models.CharField(_("alamat"), max_length=250, blank=True)

    history = audited_history()
    objects = OpdQuerySet.as_manager()

    class Meta:
        ordering = ["pemda__province__code", "pemda__regency__code", "code"]
        verbose_name = _("perangkat daerah")
        verbose_name_plural = _("perangkat daerah")
        constraints = [
            models.UniqueConstraint(fields=["pemda", "code"], name="unique_opd_code_per_pemda"),
        ]
        indexes = [models.Index(fields=["pemda", "is_active"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("agencies:opd", args=[self.pk])

    @property
    def is_organisation_bureau(self):
        return self.kind in self.ORGANISATION_BUREAU_KINDS

    @property
    def signer_title(self):
        return self.head_title or _("Kepala %(name)s") % {"name": self.name}


class User(AbstractUser):
    full_name = models.CharField(_("nama lengkap"), max_length=150, blank=True)
    nip = models.CharField(_("NIP"), max_length=21, blank=True)
    position = models.CharField(_("jabatan"), max_length=150, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    # The interface language the user chose; "" = never chose: Bahasa Indonesia (or the language
    # cookie set before login). The browser's Accept-Language is never used (see UserLanguageMiddleware).
    language = models.CharField(_("bahasa antarmuka"), max_length=8, blank=True, choices=settings.LANGUAGES)

    history = audited_history(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self):
        return self.full_name or self.get_full_name() or self.username

    @cached_property
    def scope(self):
        """What this user may see and change; see agencies.scoping."""
        return scope_for(self)


class Membership(models.Model):
    """The role a user holds, and where: a Pemda for Biro/Bagian/inspector/leader, an OPD for admins."""

    Role = Role

    PEMDA_ROLES = (Role.BIRO, Role.BAGIAN, Role.INSPECTOR, Role.LEADER)

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="membership")
    role = models.CharField(_("peran"), max_length=20, choices=Role)
    pemda = models.ForeignKey(
        Pemda, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships")

    history = audited_history()

    class Meta:
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role="opd_admin", opd__isnull=False, pemda__isnull=True)
                    | models.Q(role="observer", opd__isnull=True, pemda__isnull=True)
                    | models.Q(
                        role__in=["biro", "bagian", "inspector", "leader"], opd__isnull=True, pemda__isnull=False
                    )
                ),
                name="membership_place_matches_role",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.opd or self.pemda or _('nasional')}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.role == self.Role.BIRO and self.pemda and not self.pemda.is_province:
            raise ValidationError(_("Staf Biro Organisasi bertugas di pemerintah provinsi."))
        if self.role == self.Role.BAGIAN and self.pemda and self.pemda.is_province:
            raise ValidationError(_("Staf Bagian Organisasi bertugas di pemerintah kabupaten/kota."))


class ApiToken(models.Model):
    """A personal API token: only its SHA-256 is stored, it expires, and the user manages it.

    The token stops working when it expires, is revoked, the account is deactivated, or the
    password changes (it remembers the account's session hash at issue, as sessions do).
    Issue, check and revoke through `agencies.tokens`.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama"), max_length=100)
    prefix = models.CharField(_("awalan"), max_length=12, help_text=_("Awal token, untuk mengenalinya."))
    digest = models.CharField(max_length=64, unique=True, editable=False)
    session_auth_hash = models.CharField(max_length=128, editable=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    expires_at = models.DateTimeField(_("kedaluwarsa"))
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    history = audited_history(excluded_fields=["digest", "session_auth_hash", "last_used_at"])
    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
