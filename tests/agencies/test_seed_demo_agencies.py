"""seed_demo, agencies' part: the demo provinces, their agencies and one account per role.

The tests share one seeding per module (each test used to seed again; they only read it, or write
and roll back); the whole command's tests are in test_seed_demo.py."""

import io

import pytest

from agencies import demo
from agencies.demo import DEMO_ACCOUNTS, DEMO_PROVINCE_CODES
from agencies.models import Membership, Opd, Pemda, User

from ..module_data import kept_for_the_module
from .test_seed_demo import row_counts

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # slow: first in the run (tests/conftest.py)


def seed_agencies():
    demo.seed(io.StringIO())


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    from django.test import override_settings

    with kept_for_the_module(django_db_blocker), override_settings(DEBUG=True, DEMO_PASSWORD="reformasi-2025"):
        seed_agencies()
        yield


@pytest.fixture
def debug(seeded, settings):
    settings.DEBUG = True


def test_running_it_again_writes_no_audit_rows_for_agencies(debug):
    first = {label: n for label, n in row_counts(history=True).items() if label.startswith("agencies.")}
    seed_agencies()
    again = {label: n for label, n in row_counts(history=True).items() if label.startswith("agencies.")}
    assert again == first
    assert first["agencies.HistoricalOpd"] > 400


def test_it_seeds_about_thirty_agencies_per_province_and_a_bagian_organisasi_per_regency(debug):
    for code in DEMO_PROVINCE_CODES:
        pemprov = Pemda.objects.get(level=Pemda.Level.PROVINCE, province__code=code)
        assert pemprov.opds.filter(is_active=True).count() >= 30
        assert pemprov.opds.filter(kind=Opd.Kind.BIRO_ORGANISASI).count() == 1
        for pemda in Pemda.objects.filter(province__code=code, level=Pemda.Level.REGENCY):
            assert pemda.opds.filter(kind=Opd.Kind.BAGIAN_ORGANISASI, is_active=True).count() == 1, pemda
            assert pemda.opds.count() >= 5
    assert not Opd.objects.exclude(pemda__province__code__in=DEMO_PROVINCE_CODES).exists()


def test_it_names_the_heads_of_the_biro_from_the_source_reports(debug):
    kalteng = Opd.objects.get(pemda__level="province", pemda__province__code="62", code="BIRO-ORG")
    assert (kalteng.head_name, kalteng.head_title) == ("Betri Susilawati", "Plt. Kepala Biro Organisasi")
    banten = Opd.objects.get(pemda__level="province", pemda__province__code="36", code="BIRO-ORG")
    assert banten.name.startswith("Biro Organisasi dan Reformasi Birokrasi")
    assert banten.head_name == "Akhmad Thamrin"
    assert banten.head_title.startswith("Plt.")


def test_it_keeps_renamed_and_merged_agencies_inactive_and_linked(debug):
    old = Opd.objects.get(pemda__level="province", pemda__province__code="62", code="BAPPEDALITBANG")
    assert old.is_active is False
    assert old.replaced_by.code == "BAPPEDA" and old.replaced_by.is_active
    assert old.replaced_on is not None
    merged = Opd.objects.get(pemda__level="province", pemda__province__code="62", code="DISBUDPAR")
    assert set(merged.predecessors.values_list("code", flat=True)) == {"DISPAR", "DISBUD"}


def test_every_demo_account_logs_in_with_the_demo_password_and_has_its_role(debug, settings):
    settings.DEMO_PASSWORD = "sandi-demo-uji-99"
    seed_agencies()
    for username, role, place, _name, _position in DEMO_ACCOUNTS:
        user = User.objects.get(username=username)
        assert user.is_active and user.check_password("sandi-demo-uji-99"), username
        if role is None:
            assert user.is_superuser and user.is_staff
            continue
        membership = user.membership
        assert membership.role == role
        if role == Membership.Role.OPD_ADMIN:
            pemda_code, opd_code = place.split("/")
            assert (membership.opd.pemda.code, membership.opd.code) == (pemda_code, opd_code)
        elif place:
            assert membership.pemda.code == place
    assert User.objects.get(username="bagian.palangkaraya").membership.pemda.regency.code == "62.71"
    assert User.objects.get(username="inspektur.kalteng").scope.province_id is not None


def test_it_resets_a_changed_demo_password(debug, settings):
    settings.DEMO_PASSWORD = "reformasi-2025"
    user = User.objects.get(username="biro.kalteng")
    user.set_password("something-else-123")
    user.save()
    seed_agencies()
    user.refresh_from_db()
    assert user.check_password("reformasi-2025")


def test_every_demo_account_signs_in_on_the_login_page(debug, client):
    for username, *_rest in DEMO_ACCOUNTS:
        response = client.post("/accounts/login/", {"username": username, "password": "reformasi-2025"})
        assert response.status_code == 302, username
        assert client.session.get("_auth_user_id"), username
        client.logout()
