"""Kelembagaan: each agency's organisation structure (SOTK), dated, as a tree of units.

A new structure is a new dated `OrganisationStructure` of the agency; the old one stays as
history. Renames and merges of the agency itself remain `Opd.replaced_by` in agencies/.
Job analysis and workload (Anjab/ABK) live in `institutions.anjab` and sit in these units.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.audit import audited_history


class OrganisationStructure(models.Model):
    """One dated version of an agency's structure, set by a Perkada on its structure and duties."""

    opd = models.ForeignKey("agencies.Opd", on_delete=models.PROTECT, related_name="structures")
    valid_from = models.DateField(_("berlaku sejak"))

    history = audited_history()

    class Meta:
        ordering = ["opd", "-valid_from"]
        verbose_name = _("struktur organisasi")
        verbose_name_plural = _("struktur organisasi")
        constraints = [
            models.UniqueConstraint(fields=["opd", "valid_from"], name="one_structure_per_opd_and_date"),
        ]

    def __str__(self):
        return f"{self.opd} ({self.valid_from:%Y-%m-%d})"


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

    class Meta:
        ordering = ["structure", "order", "pk"]
        verbose_name = _("unit organisasi")
        verbose_name_plural = _("unit organisasi")

    def __str__(self):
        return self.name


from .anjab.models import *  # noqa: E402,F401,F403  (Anjab/ABK models live beside their rules)
