"""backup / restore and the serialised migrate, run as an operator would: separate manage.py
processes on their own databases (PostgreSQL when DATABASE_URL names one, as in CI)."""

import hashlib
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.slow  # several manage.py processes: first in its group (tests/conftest.py)

ROOT = Path(settings.BASE_DIR)
ON_POSTGRESQL = connection.vendor == "postgresql"

# A small data set with rows in every feature app (people and scope, plans with reports and their
# transitions and roll-ups, an LHE with a finding and a recommendation, a meeting with invited
# agencies and a follow-up, an organisation structure), audit-history rows, many-to-many rows and
# stored files: every kind of row the backup must carry, built in seconds where the whole demo
# data set took minutes (the round trip is the same code path whatever the size).
SMALL_DATA = """
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from tests.actionplans.factories import make_plans
from tests.cast import make_cast
from tests.evaluations.helpers import make_recommendation
from tests.institutions.helpers import make_structure
from tests.meetings.helpers import make_follow_up, make_meeting
cast = make_cast()  # the provinces and Pemdas come with the migrations
make_plans(cast.dinkes, 2)
make_recommendation(cast)
meeting = make_meeting(cast.kalteng, by=cast.biro, invited=[cast.dinkes, cast.kominfo])
make_follow_up(meeting, cast.dinkes)
make_structure(cast.dinkes)
default_storage.save("evidence/2025/bukti.pdf", ContentFile(b"%PDF-1.4 bukti"))
default_storage.save("reports/laporan.pdf", ContentFile(b"%PDF-1.4 laporan"))
"""
FEATURE_APPS = ("agencies", "actionplans", "evaluations", "meetings", "institutions")

COUNTS = "import json; from reformportal.backup import table_counts; print(json.dumps(table_counts()))"


def manage(env, *args, check=True):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=check,
        timeout=1200,
    )


def file_hashes(media_root):
    return {
        str(path.relative_to(media_root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(media_root).rglob("*")) if path.is_file()
    }


class Site:
    """One portal installation: its own database and its own files."""

    def __init__(self, tmp_path, name):
        self.var = tmp_path / name
        self.env = {**os.environ, "VAR_DIR": str(self.var), "MEDIA_ROOT": str(self.var / "media"), "TESTING": "0"}
        self.env.pop("PYTEST_CURRENT_TEST", None)
        self.database = None
        if ON_POSTGRESQL:
            self.database = f"rp_{name}_{uuid.uuid4().hex[:8]}"
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{self.database}"')
            base = settings.DATABASES["default"]
            auth = base["USER"] + (f":{base['PASSWORD']}" if base.get("PASSWORD") else "")
            self.env["DATABASE_URL"] = f"postgres://{auth}@{base['HOST'] or '127.0.0.1'}:{base['PORT'] or 5432}/{self.database}"
        else:
            self.env.pop("DATABASE_URL", None)

    def counts(self):
        return json.loads(manage(self.env, "shell", "--no-imports", "-c", COUNTS).stdout)

    def drop(self):
        if self.database:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


@pytest.fixture
def sites(tmp_path, django_db_setup, django_db_blocker):
    made = []

    def make(name):
        with django_db_blocker.unblock():
            site = Site(tmp_path, name)
        made.append(site)
        return site

    yield make
    with django_db_blocker.unblock():
        for site in made:
            site.drop()


def test_a_restore_on_a_second_database_gives_the_same_counts_and_hashes_and_a_tampered_backup_is_refused(sites, tmp_path):
    original = sites("original")
    manage(original.env, "migrate", "--noinput", "-v0")
    manage(original.env, "shell", "-c", SMALL_DATA)
    before_counts = original.counts()
    before_files = file_hashes(original.var / "media")
    assert before_files
    empty_apps = [app for app in FEATURE_APPS if not any(n for table, n in before_counts.items() if table.startswith(f"{app}_"))]
    assert not empty_apps, f"the data set leaves these apps' tables empty: {empty_apps}"
    assert any(n for table, n in before_counts.items() if "_historical" in table), "no audit-history rows"

    backup_dir = tmp_path / "backup"
    out = manage(original.env, "backup", "--out", str(backup_dir))
    assert "Backup in" in out.stdout
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert manifest["database"]["tables"] == before_counts
    assert {name: entry["sha256"] for name, entry in manifest["files"].items()} == before_files

    restored = sites("restored")
    out = manage(restored.env, "restore", str(backup_dir))
    assert "match the manifest" in out.stdout
    assert restored.counts() == before_counts
    assert file_hashes(restored.var / "media") == before_files

    # A second restore over the now full database is refused and changes nothing.
    again = manage(restored.env, "restore", str(backup_dir), check=False)
    assert again.returncode != 0 and "not empty" in again.stderr
    assert restored.counts() == before_counts

    # A backup whose files no longer match its manifest is refused before anything is loaded.
    tampered = next(path for path in (backup_dir / "files").rglob("*") if path.is_file())
    tampered.write_bytes(b"changed")
    target = sites("target")
    out = manage(target.env, "restore", str(backup_dir), check=False)
    assert out.returncode != 0
    assert str(tampered.relative_to(backup_dir / "files")) in out.stderr and "does not match the manifest" in out.stderr
    assert target.counts() == {}  # not even the schema


def test_backup_refuses_a_folder_that_is_not_empty(sites, tmp_path):
    site = sites("busy")
    folder = tmp_path / "used"
    folder.mkdir()
    (folder / "old.txt").write_text("x")
    out = manage(site.env, "backup", "--out", str(folder), check=False)
    assert out.returncode != 0 and "not empty" in out.stderr


# Each process starts Django, says it is ready, waits for the other, then migrates: both reach an
# empty database at the same moment however long a busy machine takes to start them.
MIGRATE_WHEN_BOTH_ARE_READY = """
import pathlib, sys, time
import django
django.setup()
from django.core.management import call_command
folder, me = pathlib.Path(sys.argv[1]), sys.argv[2]
(folder / me).touch()
while len(list(folder.iterdir())) < 2:
    time.sleep(0.01)
call_command("migrate", "contenttypes", interactive=False, verbosity=0)
"""


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the advisory lock serialises migrate on PostgreSQL only")
def test_two_migrate_runs_at_once_on_a_fresh_database_both_succeed(sites, tmp_path):
    """Both runs create django_migrations (and then contenttypes' tables) on an empty database: without
    the lock one of them fails. One small app shows the race as well as every app's migrations."""
    site = sites("migrate")
    ready = tmp_path / "ready"
    ready.mkdir()
    runs = [
        subprocess.Popen([sys.executable, "-c", MIGRATE_WHEN_BOTH_ARE_READY, str(ready), f"run{n}"], cwd=ROOT,
                         env=site.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for n in range(2)
    ]
    results = [(run.wait(timeout=900), run.stderr.read()) for run in runs]
    assert [code for code, _ in results] == [0, 0], [err[-2000:] for _, err in results]
    assert manage(site.env, "migrate", "contenttypes", "--check", check=False).returncode == 0  # nothing left unapplied
