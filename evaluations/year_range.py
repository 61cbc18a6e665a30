"""National reference data valid from one year, up to another or open-ended: the LKE frameworks
(evaluations.models.Framework) and the maturity instruments (evaluations.pd.models.PdInstrument).
Their querysets share `YearRangeQuerySet` (evaluations.querysets); their fields share this model."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class YearRange(models.Model):
    year_from = models.PositiveSmallIntegerField(_("berlaku mulai tahun"))
    year_to = models.PositiveSmallIntegerField(
        _("berlaku sampai tahun"), null=True, blank=True, help_text=_("Kosongkan bila masih berlaku.")
    )

    class Meta:
        abstract = True
        ordering = ["-year_from"]

    @staticmethod
    def years_in_order(name):
        """The database's guard against an end year before the start year (named per model)."""
        return models.CheckConstraint(condition=Q(year_to__isnull=True) | Q(year_to__gte=models.F("year_from")), name=name)

    @property
    def years_label(self):
        if self.year_to is None:
            return f"{self.year_from}–"
        return str(self.year_from) if self.year_to == self.year_from else f"{self.year_from}–{self.year_to}"

    def covers(self, year):
        return self.year_from <= year and (self.year_to is None or year <= self.year_to)

    def clean(self):
        if self.year_to is not None and self.year_from is not None and self.year_to < self.year_from:
            raise ValidationError({"year_to": _("Tahun akhir tidak boleh sebelum tahun mulai.")})
