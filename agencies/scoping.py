"""Who may see and change what: the one place that answers it.

Every page, API endpoint, export, import and report starts from a queryset filtered here
(`Model.objects.visible_to(user)`), so an object outside the user's scope is simply not found
and answers 404. Write rules that depend on the role live here too, as `Scope.can_*` methods.

Reach of each role:
- superuser, national observer: everything (the observer read-only);
- Biro Organisasi staff and a province's leader: the province and every regency/city in it;
- Bagian Organisasi staff, inspectors, a regency's leader: their own Pemda;
- OPD admin: their own OPD (and its Pemda, for context pages);
- a user with no membership, anonymous or deactivated: nothing.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from .roles import Role

NOTHING = Q(pk__in=[])


class Reach(StrEnum):
    ALL = "all"
    PROVINCE = "province"
    PEMDA = "pemda"
    OPD = "opd"
    NONE = "none"


@dataclass(frozen=True)
class Scope:
    reach: Reach
    role: str = ""
    province_id: int | None = None
    pemda_id: int | None = None
    opd_id: int | None = None
    timezone: str = ""

    @property
    def is_superuser(self):
        return self.role == "superuser"

    @property
    def role_label(self):
        return Role(self.role).label if self.role in Role.values else ""

    @property
    def is_read_only(self):
        return self.role in ("", Role.OBSERVER, Role.LEADER)

    # --- visibility, as Q objects over a relation path -----------------------------------

    def pemda_q(self, path="pemda"):
        """Rows that belong to a Pemda reached through `path` (e.g. "pemda", "opd__pemda");
        "" means the rows are Pemda."""
        if self.reach == Reach.ALL:
            return Q()
        if self.reach == Reach.PROVINCE:
            return Q(**{f"{path}__province_id" if path else "province_id": self.province_id})
        if self.reach in (Reach.PEMDA, Reach.OPD):
            return Q(**{f"{path}_id" if path else "pk": self.pemda_id})
        return NOTHING

    def opd_q(self, path="opd"):
        """Rows that belong to an OPD reached through `path`; an OPD admin sees only their own.
        "" means the rows are OPDs."""
        if self.reach == Reach.OPD:
            return Q(**{f"{path}_id" if path else "pk": self.opd_id})
        return self.pemda_q(f"{path}__pemda" if path else "pemda")

    # --- write rules ---------------------------------------------------------------------

    @property
    def can_manage_opds(self):
        """Whether the role may create and edit OPDs at all (somewhere in its reach)."""
        return self.is_superuser or self.role in (Role.BIRO, Role.BAGIAN)

    def can_manage_pemda(self, pemda):
        """Biro staff manage their province and its regencies; Bagian staff their own regency."""
        if self.is_superuser:
            return True
        if self.role == Role.BIRO and self.reach == Reach.PROVINCE:
            # Only with province reach: a Biro membership wrongly attached to a regency must
            # not manage more than it can see.
            return pemda.province_id == self.province_id
        if self.role in (Role.BIRO, Role.BAGIAN):
            return pemda.pk == self.pemda_id
        return False

    def managed_pemda_q(self, path="pemda"):
        """Rows whose Pemda this user manages (the Q twin of can_manage_pemda).

        `path` leads to the Pemda ("pemda", "opd__pemda"); "" means the rows are Pemda.
        """
        if self.is_superuser:
            return Q()
        if self.role == Role.BIRO and self.reach == Reach.PROVINCE:
            return Q(**{f"{path}__province_id" if path else "province_id": self.province_id})
        if self.role in (Role.BIRO, Role.BAGIAN):
            return Q(**{f"{path}_id" if path else "pk": self.pemda_id})
        return NOTHING

    def can_edit_opd_data(self, opd):
        """An OPD's own records (plans, follow-ups): its admin, or whoever manages its Pemda."""
        if self.role == Role.OPD_ADMIN:
            return opd.pk == self.opd_id
        return self.can_manage_pemda(opd.pemda)

    def can_review_pemda(self, pemda):
        """Inspectors review (LHE follow-up) in their own Pemda."""
        return self.is_superuser or (self.role == Role.INSPECTOR and pemda.pk == self.pemda_id)


NO_SCOPE = Scope(Reach.NONE)


def pemda_scope(pemda):
    """The reach of a Pemda's own reports (no user: the schedule, the command): a province Pemda
    covers its province and every regency/city in it, a regency/city Pemda itself."""
    reach = Reach.PROVINCE if pemda.is_province else Reach.PEMDA
    return Scope(reach, province_id=pemda.province_id, pemda_id=pemda.pk)


def get_scope(user):
    """The scope of any user object, anonymous included."""
    return getattr(user, "scope", None) or NO_SCOPE


def get_visible_or_404(queryset, user, *lookup, write=False, may_edit=None, **fields):
    """The row of `queryset.visible_to(user)` that the lookup names (the access rule behind every
    `get_<row>_for_user` helper): 404 when the user does not see it, as if it did not exist; for a
    write (`write=True`), 403 (PermissionDenied) unless `may_edit(row)` says the user may change it."""
    row = get_object_or_404(queryset.visible_to(user), *lookup, **fields)
    if write and not may_edit(row):
        raise PermissionDenied
    return row


# What a scope reads of a membership, beyond the row itself.
MEMBERSHIP_PLACE = ("pemda__province", "opd__pemda__province")


def with_membership(users, user_path=""):
    """`users` (a queryset of users, or of rows that point at one through `user_path`, e.g. "user__")
    with each user's membership and its place joined in: their scope then costs no query."""
    return users.select_related(*(f"{user_path}membership__{path}" for path in MEMBERSHIP_PLACE))


def scope_for(user):
    if not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    if user.is_superuser:
        return Scope(Reach.ALL, role="superuser")
    from .models import Membership, User

    if User.membership.is_cached(user):  # loaded by with_membership(): the request's user
        membership = getattr(user, "membership", None)
    else:
        membership = Membership.objects.filter(user=user).select_related(*MEMBERSHIP_PLACE).first()
    if membership is None:
        return NO_SCOPE
    return scope_of_membership(membership)


def scope_of_membership(membership):
    role = membership.role
    if role == Role.OBSERVER:
        return Scope(Reach.ALL, role=role)
    if role == Role.OPD_ADMIN:
        opd = membership.opd
        return Scope(
            Reach.OPD,
            role=role,
            province_id=opd.pemda.province_id,
            pemda_id=opd.pemda_id,
            opd_id=opd.pk,
            timezone=opd.pemda.province.timezone,
        )
    pemda = membership.pemda
    covers_province = pemda.is_province and role in (Role.BIRO, Role.LEADER)
    return Scope(
        Reach.PROVINCE if covers_province else Reach.PEMDA,
        role=role,
        province_id=pemda.province_id,
        pemda_id=pemda.pk,
        timezone=pemda.province.timezone,
    )
