"""Backup and restore of the whole portal: the database and every stored file, with a manifest.

    python manage.py backup --out /backups/2026-12-01      # writes DIR/manifest.json last
    python manage.py restore /backups/2026-12-01           # into an empty database and storage

A backup folder holds `db.dump` (PostgreSQL: pg_dump's custom format) or `db.json` (SQLite:
dumpdata with natural keys), `files/` (a copy of every file in the default storage: uploads,
report PDFs and parts) and `manifest.json`: the row count of every table and the SHA-256 and size
of every file. On PostgreSQL the counts and the dump read one exported snapshot, so they agree
even while users keep writing. `restore` checks the folder against its manifest before it
touches anything, refuses a database or storage that is not empty, loads, brings the schema up
to the code's migrations, and checks every count and hash again.
"""

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

MANIFEST = "manifest.json"
FILES_DIR = "files"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; str(exc) says why."""


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def table_counts():
    """{db_table: row count} of every table Django knows, many-to-many tables included."""
    tables = sorted({model._meta.db_table for model in apps.get_models(include_auto_created=True)})
    existing = set(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            if table in existing:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
                counts[table] = cursor.fetchone()[0]
    return counts


def stored_files(storage=default_storage, folder=""):
    """Every file name in the storage, recursively, sorted."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local storage whose folder was never created holds nothing
        return []
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in folders:
        names.extend(stored_files(storage, f"{folder}/{sub}" if folder else sub))
    return sorted(names)


# --- PostgreSQL client tools -------------------------------------------------------------------


def _pg_env_and_args():
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = []
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return env, args, db["NAME"]


def _run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


# --- backup ------------------------------------------------------------------------------------


def backup(out_dir):
    """Write a consistent backup into `out_dir` (new or empty). Returns the manifest."""
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"{out} is not empty; give a new folder for each backup.")
    out.mkdir(parents=True, exist_ok=True)

    if connection.vendor == "postgresql":
        database = _backup_postgresql(out)
    else:
        database = _backup_with_dumpdata(out)
    files = _copy_files_out(out / FILES_DIR)

    manifest = {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "database": database,
        "files": files,
    }
    # Written last: a folder without a manifest is an interrupted backup, never restored.
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def _backup_postgresql(out):
    env, args, name = _pg_env_and_args()
    dump = out / "db.dump"
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        counts = table_counts()
        # pg_dump reads the very snapshot the counts were taken in, while this transaction holds it.
        _run(["pg_dump", *args, "--format=custom", "--no-owner", "--no-privileges",
              f"--snapshot={snapshot}", f"--file={dump}", name], env)
    return {"vendor": "postgresql", "file": dump.name, "sha256": sha256_of(dump), "tables": counts}


def _backup_with_dumpdata(out):
    dump = out / "db.json"
    with transaction.atomic():
        counts = table_counts()
        call_command(
            "dumpdata", natural_foreign=True, natural_primary=True, indent=None,
            output=str(dump), verbosity=0,
        )
    return {"vendor": connection.vendor, "file": dump.name, "sha256": sha256_of(dump), "tables": counts}


def _copy_files_out(target):
    files = {}
    for name in stored_files():
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, open(destination, "wb") as copy:
            shutil.copyfileobj(source, copy, 1 << 20)
        files[name] = {"sha256": sha256_of(destination), "size": destination.stat().st_size}
    return files


# --- restore -----------------------------------------------------------------------------------


def read_manifest(in_dir):
    """The manifest of a complete backup, after checking every file it lists."""
    folder = Path(in_dir)
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{folder} has no {MANIFEST}: not a complete backup.")
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    dump = folder / manifest["database"]["file"]
    if not dump.is_file() or sha256_of(dump) != manifest["database"]["sha256"]:
        raise BackupError(f"{dump.name} is missing or does not match the manifest.")
    for name, expected in manifest["files"].items():
        path = folder / FILES_DIR / name
        if not path.is_file() or sha256_of(path) != expected["sha256"]:
            raise BackupError(f"File {name} is missing or does not match the manifest.")
    return manifest


def restore(in_dir):
    """Load a backup into an empty database and storage, migrate, and verify it. Returns the manifest."""
    folder = Path(in_dir)
    manifest = read_manifest(folder)
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(f"The backup is of a {vendor} database; this portal runs on {connection.vendor}.")
    if connection.introspection.table_names():
        raise BackupError("The database is not empty: restore only into a new, empty database.")
    if stored_files():
        raise BackupError("The file storage is not empty: restore only into empty storage.")

    dump = folder / manifest["database"]["file"]
    if vendor == "postgresql":
        env, args, name = _pg_env_and_args()
        _run(["pg_restore", *args, "--no-owner", "--no-privileges", "--exit-on-error",
              "--single-transaction", f"--dbname={name}", str(dump)], env)
        # A backup made by an older release: bring it up to this code's schema.
        call_command("migrate", interactive=False, verbosity=0)
    else:
        call_command("migrate", interactive=False, verbosity=0)
        # The history rows are in the dump: loading many-to-many fields must not add new ones.
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            # The data migrations' rows and post_migrate's are in the dump as they were then.
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
            call_command("loaddata", str(dump), verbosity=0)  # resets the sequences it loads

    for name in manifest["files"]:
        with open(folder / FILES_DIR / name, "rb") as handle:
            saved = default_storage.save(name, File(handle, name=os.path.basename(name)))
        if saved != name:
            raise BackupError(f"File {name} was stored as {saved}.")
    verify(manifest)
    return manifest


def verify(manifest):
    """Raise BackupError naming every table count or file hash that differs from the manifest."""
    problems = []
    counts = table_counts()
    for table, expected in manifest["database"]["tables"].items():
        if counts.get(table) != expected:
            problems.append(f"table {table}: {counts.get(table)} rows, expected {expected}")
    actual_files = set(stored_files())
    for name, expected in manifest["files"].items():
        if name not in actual_files:
            problems.append(f"file {name}: missing")
            continue
        digest = hashlib.sha256()
        with default_storage.open(name, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        if digest.hexdigest() != expected["sha256"]:
            problems.append(f"file {name}: SHA-256 differs")
    if problems:
        raise BackupError("Restore does not match the backup:\n" + "\n".join(problems))


def backup_and_rotate(root, *, keep):
    """A new backup in ROOT/<UTC time>, then delete all but the newest `keep` complete backups
    (and interrupted ones older than the newest complete). Returns the new folder."""
    root = Path(root)
    folder = root / timezone.now().strftime("%Y%m%dT%H%M%SZ")
    backup(folder)
    folders = sorted(path for path in root.iterdir() if path.is_dir())
    complete = [path for path in folders if (path / MANIFEST).is_file()]
    interrupted = [path for path in folders if path not in complete and path.name < complete[-1].name]
    for path in complete[:-keep] + interrupted:
        shutil.rmtree(path)
    return folder
