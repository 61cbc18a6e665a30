from django.db import models

from agencies.querysets import OpdScopedQuerySet, PemdaScopedQuerySet
from agencies.scoping import Reach, get_scope


class PemdaReferenceQuerySet(PemdaScopedQuerySet):
    """Reference data a Pemda keeps for a year (kegiatan utama, sasaran tematik): an OPD admin
    sees their own Pemda's, to choose from."""


class ActionPlanQuerySet(OpdScopedQuerySet):
    opd_path = "opd"

    def with_achievement(self, quarter):
        """Annotate `achievement` (0–100, capped) and `achieved` by TW `quarter`; see achievement.py."""
        from .achievement import annotate_achievement

        return annotate_achievement(self, quarter)


class AchievementRollupQuerySet(OpdScopedQuerySet):
    opd_path = "opd"


class ProgressReportQuerySet(OpdScopedQuerySet):
    opd_path = "plan__opd"


class EvidenceQuerySet(OpdScopedQuerySet):
    opd_path = "report__plan__opd"


class ImportLogQuerySet(OpdScopedQuerySet):
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


class WindowReopeningQuerySet(OpdScopedQuerySet):
    opd_path = "opd"


class NationalExportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A national export is its requester's alone (it holds every province's plans as they
        could see them when they asked)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(requested_by=user)
