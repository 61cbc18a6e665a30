"""Who sees which evaluation rows: every page, API list, export and report starts here."""

from django.db import models
from django.db.models import Q

from agencies.models import Province, today_in
from agencies.scoping import Reach, get_scope


class YearRangeQuerySet(models.QuerySet):
    """National reference data valid for a range of years (LKE frameworks, PD instruments)."""

    def visible_to(self, user):
        """Every user with a role reads the national reference data."""
        return self.none() if get_scope(user).reach == Reach.NONE else self.all()

    def for_year(self, year):
        """The row in force for year `year` (latest start wins), or None."""
        return (
            self.filter(year_from__lte=year)
            .filter(Q(year_to__isnull=True) | Q(year_to__gte=year))
            .order_by("-year_from")
            .first()
        )


class FrameworkQuerySet(YearRangeQuerySet):
    def for_year(self, year):
        """The framework in force for evaluation year `year`, or None.

        A replaced version is never chosen for a new LHE; the LHE scored on it keep it.
        """
        return super(FrameworkQuerySet, self.filter(replaced_by__isnull=True)).for_year(year)


class LheQuerySet(models.QuerySet):
    def visible_to(self, user):
        """LHE of the Pemda in the user's scope (an OPD admin: their own Pemda's LHE)."""
        return self.filter(get_scope(user).pemda_q("pemda"))


def overdue_q(prefix=""):
    """Q for recommendations (reached through `prefix`, e.g. "lhe_recommendations__") that are
    not closed and past due, "today" taken in the time zone of each Pemda's province."""
    by_zone = Q(pk__in=[])
    for tz_name in Province.TimeZone.values:
        by_zone |= (
            Q(**{f"{prefix}lhe__pemda__province__timezone": tz_name})
            | Q(**{f"{prefix}pd_submission__pemda__province__timezone": tz_name})
        ) & Q(**{f"{prefix}due_date__lt": today_in(tz_name)})
    from .models import Recommendation  # models.py imports this module

    return by_zone & ~Q(**{f"{prefix}status": Recommendation.Status.CLOSED})


class RecommendationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """OPD admins see only the recommendations assigned to their OPD; others by Pemda."""
        scope = get_scope(user)
        if scope.reach == Reach.OPD:
            return self.filter(pk__in=self.assigned_to_ids(scope.opd_id))
        return self.filter(scope.pemda_q("lhe__pemda") | scope.pemda_q("pd_submission__pemda"))

    def assigned_to_ids(self, opd_id):
        through = self.model.opds.through
        return through.objects.filter(opd_id=opd_id).values("recommendation_id")

    def assigned_to(self, opd):
        return self.filter(pk__in=self.assigned_to_ids(opd.pk))

    def unfinished(self):
        return self.exclude(status=self.model.Status.CLOSED)

    def overdue(self):
        """Not closed and past the due date, "today" taken in each Pemda's own time zone."""
        return self.filter(overdue_q())


class FollowUpQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = get_scope(user)
        if scope.reach == Reach.OPD:
            return self.filter(opd_id=scope.opd_id)
        return self.filter(
            scope.pemda_q("recommendation__lhe__pemda") | scope.pemda_q("recommendation__pd_submission__pemda")
        )


class ObjectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Objections to an LHE the user sees; an OPD admin sees only their own OPD's."""
        scope = get_scope(user)
        return self.filter(scope.pemda_q("lhe__pemda")).filter(scope.opd_q("opd"))
