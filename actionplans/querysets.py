from django.db import models

from agencies.scoping import get_scope


class ScopedQuerySet(models.QuerySet):
    opd_path = "opd"

    def visible_to(self, user):
        """Rows of the OPDs the user's scope reaches (agencies.scoping), nothing else."""
        return self.filter(get_scope(user).opd_q(self.opd_path))


class ActionPlanQuerySet(ScopedQuerySet):
    opd_path = "opd"

    def with_achievement(self, quarter):
        """Annotate `achievement` (0–100, capped) and `achieved` by TW `quarter`; see achievement.py."""
        from .achievement import annotate_achievement

        return annotate_achievement(self, quarter)


class ProgressReportQuerySet(ScopedQuerySet):
    opd_path = "plan__opd"


class EvidenceQuerySet(ScopedQuerySet):
    opd_path = "report__plan__opd"


class ImportLogQuerySet(ScopedQuerySet):
    opd_path = "opd"


class NationalExportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A national export is its requester's alone (it holds every province's plans as they
        could see them when they asked)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(requested_by=user)
