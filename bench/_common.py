"""What the benchmark scripts share: Django set up from this checkout, a scratch database, p95.

A script imports this module (its own folder is first on sys.path when it is run as
`.venv/bin/python bench/<script>.py`), calls `setup_django()` before importing any model, and
runs its measurements inside `with scratch_database():`.
"""

import os
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_django():
    """Settings of this checkout, as the test suite runs them (TESTING=1)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reformportal.settings")
    os.environ.setdefault("TESTING", "1")

    import django

    django.setup()


@contextmanager
def scratch_database():
    """A fresh test_<name> database with the migrations' reference data, dropped afterwards."""
    from django.db import connection
    from django.test.utils import setup_test_environment

    if connection.vendor != "postgresql":
        print("warning: not PostgreSQL (set DATABASE_URL); figures are not comparable", file=sys.stderr)
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def p95(times):
    times = sorted(times)
    return times[max(0, int(round(0.95 * len(times))) - 1)]
