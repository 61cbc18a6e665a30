from django.db import models

from agencies.scoping import Reach, get_scope


class ScopedQuerySet(models.QuerySet):
    opd_path = "opd"

    def visible_to(self, user):
        """Rows of the OPDs the user's scope reaches (agencies.scoping), nothing else."""
        return self.filter(get_scope(user).opd_q(self.opd_path))


class PemdaReferenceQuerySet(models.QuerySet):
    """Reference data a Pemda keeps for a year (kegiatan utama, sasaran tematik)."""

    def visible_to(self, user):
        """Rows of the Pemda the user's scope reaches (an OPD admin: their own Pemda's, to choose from)."""
        return self.filter(get_scope(user).pemda_q("pemda"))

    def managed_by(self, user):
        """Rows the user may change: the Biro (province) / Bagian (regency) managing the Pemda."""
        return self.filter(get_scope(user).managed_pemda_q("pemda"))


class ActionPlanQuerySet(ScopedQuerySet):
    opd_path = "opd"

    def with_achievement(self, quarter):
        """Annotate `achievement` (0–100, capped) and `achieved` by TW `quarter`; see achievement.py."""
        from .achievement import annotate_achievement

        return annotate_achievement(self, quarter)


class AchievementRollupQuerySet(ScopedQuerySet):
    opd_path = "opd"


class ProgressReportQuerySet(ScopedQuerySet):
    opd_path = "plan__opd"


class EvidenceQuerySet(ScopedQuerySet):
    opd_path = "report__plan__opd"


class ImportLogQuerySet(ScopedQuerySet):
    opd_path = "opd"


class ReportingWindowQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A province's windows: for whoever sees a Pemda of that province (they bind its OPDs)."""
        scope = get_scope(user)
        if scope.reach == Reach.ALL:
            return self.all()
        if scope.province_id is None:
            return self.none()
        return self.filter(province_id=scope.province_id)


class WindowReopeningQuerySet(ScopedQuerySet):
    opd_path = "opd"


class NationalExportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A national export is its requester's alone (it holds every province's plans as they
        could see them when they asked)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(requested_by=user)
