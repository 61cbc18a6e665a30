"""Who may do what in the maturity evaluation: facts the services enforce and the pages show.

- answer for an agency: its OPD admin, or whoever manages its Pemda (the regency's Bagian
  Organisasi, the province's Biro);
- submit a regency/city's set: its Bagian Organisasi;
- verify answers, write recommendations, run rounds and recaps: the province's Biro Organisasi.
Superusers may do everything.
"""

from agencies.roles import Role
from agencies.scoping import Reach, get_scope


def can_answer(user, opd):
    return get_scope(user).can_edit_opd_data(opd)


def can_submit(user, pemda):
    scope = get_scope(user)
    return scope.is_superuser or (scope.role == Role.BAGIAN and scope.pemda_id == pemda.pk)


def is_province_biro(user, province_id):
    scope = get_scope(user)
    return scope.is_superuser or (
        scope.role == Role.BIRO and scope.reach == Reach.PROVINCE and scope.province_id == province_id
    )


def can_verify(user, pemda):
    """The Biro of the regency/city's province verifies its answers."""
    return not pemda.is_province and is_province_biro(user, pemda.province_id)


def can_manage_round(user, round_or_pemda):
    pemda = getattr(round_or_pemda, "pemda", round_or_pemda)
    return is_province_biro(user, pemda.province_id)
