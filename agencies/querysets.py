from django.db import models

from .scoping import Reach, get_scope


class OpdScopedQuerySet(models.QuerySet):
    """Rows that belong to an OPD through `opd_path` (a subclass names its own path)."""

    opd_path = "opd"

    def visible_to(self, user):
        """Rows of the OPDs the user's scope reaches (agencies.scoping), nothing else."""
        return self.filter(get_scope(user).opd_q(self.opd_path))


class PemdaScopedQuerySet(models.QuerySet):
    """Rows that belong to a Pemda through their `pemda` field."""

    def visible_to(self, user):
        """Rows of the Pemda the user's scope reaches (an OPD admin: their own Pemda's)."""
        return self.filter(get_scope(user).pemda_q("pemda"))

    def managed_by(self, user):
        """Rows the user may change: the Biro (province) / Bagian (regency) managing the Pemda."""
        return self.filter(get_scope(user).managed_pemda_q("pemda"))


class ProvinceQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = get_scope(user)
        if scope.reach == Reach.ALL:
            return self.all()
        if scope.reach == Reach.NONE:
            return self.none()
        return self.filter(pk=scope.province_id)


class RegencyQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = get_scope(user)
        if scope.reach in (Reach.PEMDA, Reach.OPD):
            return self.filter(pemda__pk=scope.pemda_id)
        if scope.reach == Reach.PROVINCE:
            return self.filter(province_id=scope.province_id)
        return self.all() if scope.reach == Reach.ALL else self.none()


class PemdaQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = get_scope(user)
        if scope.reach in (Reach.PEMDA, Reach.OPD):
            return self.filter(pk=scope.pemda_id)
        if scope.reach == Reach.PROVINCE:
            return self.filter(province_id=scope.province_id)
        return self.all() if scope.reach == Reach.ALL else self.none()

    def manageable_by(self, user):
        """The Pemda whose OPDs this user may create and edit (Biro: its province; Bagian: its own)."""
        return self.filter(get_scope(user).managed_pemda_q(""))


class OpdQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = get_scope(user)
        if scope.reach == Reach.OPD:
            return self.filter(pk=scope.opd_id)
        return self.filter(scope.pemda_q("pemda"))

    def manageable_by(self, user):
        """OPDs this user may edit: those of a Pemda it manages (see Scope.can_manage_pemda)."""
        return self.filter(get_scope(user).managed_pemda_q("pemda"))

    def active(self):
        return self.filter(is_active=True)


class ApiTokenQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A personal API token is its owner's alone: nobody else sees it, superusers included."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(user=user)
