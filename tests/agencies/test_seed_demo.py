"""seed_demo, the whole command: idempotent, and refused with DEBUG off unless forced.

The tests about agencies' part (provinces, agencies, accounts) share one seeding: test_seed_demo_agencies.py."""

import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from agencies.demo import DEMO_ACCOUNTS
from agencies.models import Opd, User

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # slow: first in the run (tests/conftest.py)


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


def test_force_creates_them_when_debug_is_off_and_running_it_twice_gives_the_same_counts(settings):
    """One test for both points: each needs the whole demo seed from an empty database (minutes)."""
    settings.DEBUG = False
    seed(force=True)
    assert User.objects.filter(username__in=[a[0] for a in DEMO_ACCOUNTS]).count() == len(DEMO_ACCOUNTS), (
        "--force did not create every demo account with DEBUG off"
    )
    first = row_counts(history=False)
    settings.DEBUG = True
    seed()
    assert row_counts(history=False) == first, "a second run changed the row counts"
    assert first["agencies.Opd"] > 400
    assert first["agencies.User"] >= len(DEMO_ACCOUNTS)


def test_it_refuses_to_create_demo_accounts_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        seed()
    assert not User.objects.exists()
    assert not Opd.objects.exists()


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
