"""agencies.scoping: reach and write rules of every role, and the visible_to() querysets."""

import pytest
from django.contrib.auth.models import AnonymousUser

from agencies.models import Opd, Pemda, Province, Regency
from agencies.scoping import Reach, get_scope

from .scope_table import ROLES, expected_opd_ids, expected_pemda_ids, expected_province_ids, expected_regency_ids

pytestmark = pytest.mark.django_db


def ids(qs):
    return set(qs.values_list("pk", flat=True))


@pytest.mark.parametrize("role", ROLES)
def test_visible_provinces(cast, role):
    user = getattr(cast, role)
    assert ids(Province.objects.visible_to(user)) == expected_province_ids(role)


@pytest.mark.parametrize("role", ROLES)
def test_visible_regencies(cast, role):
    user = getattr(cast, role)
    assert ids(Regency.objects.visible_to(user)) == expected_regency_ids(role)


@pytest.mark.parametrize("role", ROLES)
def test_visible_pemdas(cast, role):
    user = getattr(cast, role)
    assert ids(Pemda.objects.visible_to(user)) == expected_pemda_ids(cast, role)


@pytest.mark.parametrize("role", ROLES)
def test_visible_opds(cast, role):
    user = getattr(cast, role)
    assert ids(Opd.objects.visible_to(user)) == expected_opd_ids(cast, role)


def test_it_sees_nothing_when_anonymous(cast):
    anonymous = AnonymousUser()
    assert get_scope(anonymous).reach == Reach.NONE
    for model in (Province, Regency, Pemda, Opd):
        assert not model.objects.visible_to(anonymous).exists()


def test_it_sees_nothing_once_deactivated(cast):
    # The same user with an active account sees the province; deactivation takes it all away.
    cast.deactivated.is_active = True
    cast.deactivated.save()
    from agencies.models import User

    assert Opd.objects.visible_to(User.objects.get(pk=cast.deactivated.pk)).count() == 7
    cast.deactivated.is_active = False
    cast.deactivated.save()
    assert not Opd.objects.visible_to(User.objects.get(pk=cast.deactivated.pk)).exists()


@pytest.mark.parametrize(
    "role, reach",
    [
        ("biro", Reach.PROVINCE),
        ("leader", Reach.PROVINCE),
        ("bagian", Reach.PEMDA),
        ("inspector", Reach.PEMDA),
        ("opd_admin", Reach.OPD),
        ("observer", Reach.ALL),
        ("superuser", Reach.ALL),
        ("nobody", Reach.NONE),
        ("deactivated", Reach.NONE),
    ],
)
def test_reach_of_each_role(cast, role, reach):
    assert getattr(cast, role).scope.reach == reach


def test_province_time_zone_comes_with_the_scope(cast):
    assert cast.biro.scope.timezone == "Asia/Jakarta"  # Kalimantan Tengah: WIB
    assert cast.biro_other.scope.timezone == "Asia/Makassar"  # Kalimantan Timur: WITA
    assert cast.opd_admin.scope.timezone == "Asia/Jakarta"


@pytest.mark.parametrize(
    "role, read_only",
    [("observer", True), ("leader", True), ("nobody", True), ("biro", False), ("inspector", False), ("opd_admin", False)],
)
def test_read_only_roles(cast, role, read_only):
    assert getattr(cast, role).scope.is_read_only is read_only


# Which Pemda each role may manage (create/edit OPDs in).
MANAGES = {
    "biro": {"kalteng", "palangkaraya", "kobar"},
    "biro_other": {"kaltim", "samarinda"},
    "bagian": {"palangkaraya"},
    "bagian_other": {"kobar"},
    "opd_admin": set(),
    "inspector": set(),
    "leader": set(),
    "observer": set(),
    "superuser": {"kalteng", "palangkaraya", "kobar", "kaltim", "samarinda"},
    "nobody": set(),
    "deactivated": set(),
}
CAST_PEMDAS = ["kalteng", "palangkaraya", "kobar", "kaltim", "samarinda"]


@pytest.mark.parametrize("role", list(MANAGES))
def test_who_manages_which_pemda(cast, role):
    scope = getattr(cast, role).scope
    managed = {name for name in CAST_PEMDAS if scope.can_manage_pemda(getattr(cast, name))}
    assert managed == MANAGES[role]
    # The queryset twin agrees with the per-row rule.
    in_queryset = set(Pemda.objects.manageable_by(getattr(cast, role)).filter(
        pk__in=[getattr(cast, name).pk for name in CAST_PEMDAS]
    ).values_list("pk", flat=True))
    assert in_queryset == {getattr(cast, name).pk for name in MANAGES[role]}
    assert scope.can_manage_opds is bool(MANAGES[role])


def test_a_biro_membership_on_a_regency_manages_only_that_regency(cast):
    # The membership constraint allows it (only Membership.clean refuses it): reach and write
    # rights must still agree.
    from tests.cast import make_user

    odd = make_user("biro_kabupaten", "biro", pemda=cast.palangkaraya)
    assert odd.scope.reach == Reach.PEMDA
    assert odd.scope.can_manage_pemda(cast.palangkaraya)
    assert not odd.scope.can_manage_pemda(cast.kalteng)
    assert not odd.scope.can_manage_pemda(cast.kobar)
    assert ids(Opd.objects.manageable_by(odd)) == {cast.pky_dinkes.pk, cast.pky_disdik.pk}


def test_opd_data_is_edited_by_its_admin_or_its_managers(cast):
    assert cast.opd_admin.scope.can_edit_opd_data(cast.dinkes)
    assert not cast.opd_admin.scope.can_edit_opd_data(cast.kominfo)
    assert cast.biro.scope.can_edit_opd_data(cast.pky_dinkes)
    assert not cast.biro.scope.can_edit_opd_data(cast.smd_dinkes)
    assert cast.bagian.scope.can_edit_opd_data(cast.pky_dinkes)
    assert not cast.bagian.scope.can_edit_opd_data(cast.kobar_dinkes)
    assert not cast.inspector.scope.can_edit_opd_data(cast.dinkes)
    assert not cast.leader.scope.can_edit_opd_data(cast.dinkes)
    assert not cast.observer.scope.can_edit_opd_data(cast.dinkes)


def test_inspectors_review_their_own_pemda_only(cast):
    assert cast.inspector.scope.can_review_pemda(cast.kalteng)
    assert not cast.inspector.scope.can_review_pemda(cast.kaltim)
    assert not cast.inspector_other.scope.can_review_pemda(cast.kalteng)
    assert not cast.biro.scope.can_review_pemda(cast.kalteng)
    assert cast.superuser.scope.can_review_pemda(cast.kalteng)


def test_q_builders_follow_a_relation_path(cast):
    # pemda_q/opd_q over a path: the same answers as visible_to, through Membership.
    from agencies.models import Membership

    def members(user):
        scope = user.scope
        return set(
            Membership.objects.filter(scope.opd_q("opd")).values_list("user__username", flat=True)
        )

    assert members(cast.biro) == {"admin_dinkes", "admin_kominfo"}
    assert members(cast.opd_admin) == {"admin_dinkes"}
    assert members(cast.bagian) == set()
    assert members(cast.nobody) == set()
    assert members(cast.biro_other) == set()


def test_one_row_for_a_user_404_outside_the_scope_and_403_for_a_refused_write(cast):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from agencies.scoping import get_visible_or_404

    asked = []

    def may_edit(opd):
        asked.append(opd.pk)
        return opd.pk == cast.dinkes.pk

    opds = Opd.objects.all()
    # A read never asks the write rule.
    assert get_visible_or_404(opds, cast.biro, pk=cast.kominfo.pk, may_edit=may_edit) == cast.kominfo
    assert asked == []
    assert get_visible_or_404(opds, cast.biro, pk=cast.dinkes.pk, write=True, may_edit=may_edit) == cast.dinkes
    with pytest.raises(PermissionDenied):
        get_visible_or_404(opds, cast.biro, pk=cast.kominfo.pk, write=True, may_edit=may_edit)
    assert asked == [cast.dinkes.pk, cast.kominfo.pk]
    # Outside the scope the row does not exist, for a read and for a write, before any write rule.
    for write in (False, True):
        with pytest.raises(Http404):
            get_visible_or_404(opds, cast.biro, pk=cast.smd_dinkes.pk, write=write, may_edit=may_edit)
    assert asked == [cast.dinkes.pk, cast.kominfo.pk]


@pytest.mark.parametrize("role", ["biro", "bagian", "opd_admin", "observer", "superuser", "nobody"])
def test_the_signed_in_user_is_read_with_its_membership(cast, role, django_assert_num_queries):
    # Each request reads its user through the backend: the scope every page starts from is then free.
    from agencies.backends import MembershipModelBackend

    cast_user = getattr(cast, role)
    expected = cast_user.scope
    with django_assert_num_queries(1):
        user = MembershipModelBackend().get_user(cast_user.pk)
    with django_assert_num_queries(0):
        assert user.scope == expected


def test_a_deactivated_user_is_not_signed_in(cast):
    from agencies.backends import MembershipModelBackend

    assert MembershipModelBackend().get_user(cast.deactivated.pk) is None
    assert MembershipModelBackend().get_user(10**9) is None
