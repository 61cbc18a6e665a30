"""seed_demo: the demo provinces, their agencies and one account per role, idempotent."""

import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from agencies import demo
from agencies.demo import DEMO_ACCOUNTS, DEMO_PROVINCE_CODES
from agencies.models import Membership, Opd, Pemda, User

pytestmark = pytest.mark.django_db


def row_counts(history):
    """Rows of every table; with history=True only the audit (django-simple-history) tables."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label.split(".")[1].startswith("Historical") == history
    }


def seed(**options):
    """The whole command: agencies' demo data, then every other app's."""
    call_command("seed_demo", stdout=io.StringIO(), **options)


def seed_agencies():
    """Only agencies' part (faster), for tests about provinces, agencies and accounts."""
    demo.seed(io.StringIO())


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def test_running_it_twice_gives_the_same_counts(debug):
    seed()
    first = row_counts(history=False)
    seed()
    assert row_counts(history=False) == first
    assert first["agencies.Opd"] > 400
    assert first["agencies.User"] >= len(DEMO_ACCOUNTS)


def test_running_it_again_writes_no_audit_rows_for_agencies(debug):
    seed_agencies()
    first = {label: n for label, n in row_counts(history=True).items() if label.startswith("agencies.")}
    seed_agencies()
    again = {label: n for label, n in row_counts(history=True).items() if label.startswith("agencies.")}
    assert again == first
    assert first["agencies.HistoricalOpd"] > 400


def test_it_seeds_about_thirty_agencies_per_province_and_a_bagian_organisasi_per_regency(debug):
    seed_agencies()
    for code in DEMO_PROVINCE_CODES:
        pemprov = Pemda.objects.get(level=Pemda.Level.PROVINCE, province__code=code)
        assert pemprov.opds.filter(is_active=True).count() >= 30
        assert pemprov.opds.filter(kind=Opd.Kind.BIRO_ORGANISASI).count() == 1
        for pemda in Pemda.objects.filter(province__code=code, level=Pemda.Level.REGENCY):
            assert pemda.opds.filter(kind=Opd.Kind.BAGIAN_ORGANISASI, is_active=True).count() == 1, pemda
            assert pemda.opds.count() >= 5
    assert not Opd.objects.exclude(pemda__province__code__in=DEMO_PROVINCE_CODES).exists()


def test_it_names_the_heads_of_the_biro_from_the_source_reports(debug):
    seed_agencies()
    kalteng = Opd.objects.get(pemda__level="province", pemda__province__code="62", code="BIRO-ORG")
    assert (kalteng.head_name, kalteng.head_title) == ("Betri Susilawati", "Plt. Kepala Biro Organisasi")
    banten = Opd.objects.get(pemda__level="province", pemda__province__code="36", code="BIRO-ORG")
    assert banten.name.startswith("Biro Organisasi dan Reformasi Birokrasi")
    assert banten.head_name == "Akhmad Thamrin"
    assert banten.head_title.startswith("Plt.")


def test_it_keeps_renamed_and_merged_agencies_inactive_and_linked(debug):
    seed_agencies()
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
    seed_agencies()
    user = User.objects.get(username="biro.kalteng")
    user.set_password("something-else-123")
    user.save()
    seed_agencies()
    user.refresh_from_db()
    assert user.check_password("reformasi-2025")


def test_it_refuses_to_create_demo_accounts_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        seed()
    assert not User.objects.exists()
    assert not Opd.objects.exists()


def test_force_creates_them_when_debug_is_off(settings):
    settings.DEBUG = False
    seed(force=True)
    assert User.objects.filter(username__in=[a[0] for a in DEMO_ACCOUNTS]).count() == len(DEMO_ACCOUNTS)


def test_it_exits_non_zero_without_force_when_debug_is_off(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = os.environ | {"DEBUG": "0", "SECRET_KEY": "x" * 60, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    env.pop("TESTING", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"],
        cwd=Path(__file__).resolve().parents[2], env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "--force" in result.stderr


def test_every_demo_account_signs_in_on_the_login_page(debug, client):
    seed_agencies()
    for username, *_rest in DEMO_ACCOUNTS:
        response = client.post("/accounts/login/", {"username": username, "password": "reformasi-2025"})
        assert response.status_code == 302, username
        assert client.session.get("_auth_user_id"), username
        client.logout()
