"""Who sees which meeting: the one rule every page, API, panel and PDF starts from."""

from django.db import models

from agencies.scoping import Reach, get_scope


def _meetings_involving(opd_q):
    """Q over Meeting: invited or attending units, or a follow-up owed, matching `opd_q` (a Q on `opd`)."""
    from .models import FollowUp, Meeting

    invited = Meeting.invited_opds.through.objects.filter(opd_q).values("meeting_id")
    attended = Meeting.attending_opds.through.objects.filter(opd_q).values("meeting_id")
    owed = FollowUp.objects.filter(opd_q).values("meeting_id")
    return models.Q(pk__in=invited) | models.Q(pk__in=attended) | models.Q(pk__in=owed)


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Meetings organised by a Pemda in the user's scope, plus those its units were part of.

        An OPD admin sees only meetings its OPD was invited to, attended, or owes a follow-up to
        (not every meeting of its Pemda).
        """
        scope = get_scope(user)
        if scope.reach == Reach.ALL:
            return self.all()
        if scope.reach == Reach.NONE:
            return self.none()
        involved = _meetings_involving(scope.opd_q("opd"))
        if scope.reach == Reach.OPD:
            return self.filter(involved)
        return self.filter(scope.pemda_q("pemda") | involved)

    def managed_by(self, user):
        """Meetings the user may edit: those of a Pemda they manage (Biro: province, Bagian: own)."""
        from agencies.roles import Role

        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        if scope.role == Role.BIRO:
            return self.filter(pemda__province_id=scope.province_id)
        if scope.role == Role.BAGIAN:
            return self.filter(pemda_id=scope.pemda_id)
        return self.none()

    def for_list(self):
        # pemda + province: shown in every row and used for local times; organiser: shown in every row
        return self.select_related("pemda__province", "organiser").annotate(
            attendance_count=models.Count("attendance", distinct=True),
            follow_up_count=models.Count("follow_ups", distinct=True),
        )


class MeetingChildQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .models import Meeting

        return self.filter(meeting__in=Meeting.objects.visible_to(user).values("pk"))


class FollowUpQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Follow-ups of meetings organised by a Pemda in the user's scope, and those an OPD in the
        scope owes; not what other units owe to a meeting the user sees only because one of its
        units took part (a province rakor seen by a city's Bagian: only the city's items).
        An OPD admin sees only its own OPD's items.
        """
        scope = get_scope(user)
        if scope.reach == Reach.ALL:
            return self.all()
        if scope.reach == Reach.NONE:
            return self.none()
        owed = scope.opd_q("opd")
        if scope.reach == Reach.OPD:
            return self.filter(owed)
        return self.filter(scope.pemda_q("meeting__pemda") | owed)

    def open(self):
        return self.exclude(status="done")

    def overdue(self, now=None):
        """Not done and due before today's date in the organising province's time zone.

        A follow-up due on 30 January in Kalimantan Timur (WITA) is overdue from 31 January 00:00 WITA.
        """
        from .models import today_by_timezone

        q = models.Q(pk__in=[])
        for tz, today in today_by_timezone(now).items():
            q |= models.Q(meeting__pemda__province__timezone=tz, due_date__lt=today)
        return self.open().filter(q)

    def owed_by(self, opd):
        return self.filter(opd=opd)

    def for_list(self):
        # meeting + its pemda/province: title, link and time zone per row; opd: the owner per row
        return self.select_related("meeting__pemda__province", "opd")
