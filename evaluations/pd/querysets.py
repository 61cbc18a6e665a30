"""Who sees which maturity-evaluation rows (agencies.scoping is the one rule).

A round belongs to a province: everyone who sees a Pemda of that province with a role sees the
round (the regency's Bagian, its agencies' admins, the Biro); the rows under it are scoped to
the regency/city (submissions) and, for OPD admins, to their own agency (assessments, answers).
"""

from django.db import models

from agencies.scoping import Reach, get_scope
from evaluations.querysets import YearRangeQuerySet


class PdInstrumentQuerySet(YearRangeQuerySet):
    """Instruments are versioned like the LKE: national reference data, one per year range."""


class PdRoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = get_scope(user)
        if scope.reach == Reach.NONE:
            return self.none()
        if scope.reach == Reach.ALL:
            return self.all()
        return self.filter(pemda__province_id=scope.province_id)


class PdSubmissionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The regency's own submission (its Bagian, inspectors, agencies); the Biro: its province."""
        return self.filter(get_scope(user).pemda_q("pemda"))


class PdAssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An OPD admin sees only their own agency's assessment; others by regency/city."""
        return self.filter(get_scope(user).opd_q("opd"))


class PdAnswerQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(get_scope(user).opd_q("assessment__opd"))

    def verified(self):
        return self.filter(status__in=("accepted", "adjusted"))
