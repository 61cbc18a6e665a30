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

ROOT = Path(settings.BASE_DIR)
ON_POSTGRESQL = connection.vendor == "postgresql"

# On SQLite (a newcomer's `make test`) a small data set keeps the test quick; on PostgreSQL the
# whole demo data set goes through pg_dump and pg_restore.
SMALL_DATA = """
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from agencies.models import Opd, Pemda, Province
from meetings.models import Meeting
from django.utils import timezone
province = Province.objects.get(code="62")  # the provinces come with the migrations
pemda, _ = Pemda.objects.get_or_create(level="province", province=province, defaults={"name": "Pemprov Kalteng"})
opd = Opd.objects.create(pemda=pemda, code="DINKES", name="Dinas Kesehatan", kind="dinas")
meeting = Meeting.objects.create(pemda=pemda, kind="rakor", title="Rakor RB", starts_at=timezone.now(), ends_at=timezone.now())
meeting.invited_opds.add(opd)
default_storage.save("evidence/2025/bukti.pdf", ContentFile(b"%PDF-1.4 bukti"))
default_storage.save("reports/laporan.pdf", ContentFile(b"%PDF-1.4 laporan"))
"""

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
    if ON_POSTGRESQL:
        manage(original.env, "seed_demo")
    else:
        manage(original.env, "shell", "-c", SMALL_DATA)
    before_counts = original.counts()
    before_files = file_hashes(original.var / "media")
    assert sum(before_counts.values()) > 0 and before_files

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


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the advisory lock serialises migrate on PostgreSQL only")
def test_two_migrate_runs_at_once_on_a_fresh_database_both_succeed(sites):
    site = sites("migrate")
    runs = [
        subprocess.Popen([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=site.env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [(run.wait(timeout=900), run.stderr.read()) for run in runs]
    assert [code for code, _ in results] == [0, 0], [err[-2000:] for _, err in results]
    assert manage(site.env, "migrate", "--check", check=False).returncode == 0  # nothing left unapplied
