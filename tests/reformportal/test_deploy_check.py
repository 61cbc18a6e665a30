"""Production settings pass `manage.py check --deploy` with no warning, and emit no deprecation."""

import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
# Variables of the test run that a production server would not have.
DROPPED = {"TESTING", "DATABASE_URL", "REDIS_URL", "EMAIL_HOST", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", "SECRET_KEY"}


def manage(*args, **env):
    environ = {k: v for k, v in os.environ.items() if k not in DROPPED}
    # Checks open the database: a throwaway SQLite file keeps them away from real data.
    environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='deploy-check-')}/db.sqlite3"
    return subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning", "-W", "error::PendingDeprecationWarning",
         "manage.py", *args],
        cwd=BASE_DIR, env=environ | env, capture_output=True, text=True, timeout=120,
    )


def production_env():
    return {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "portal.example.go.id"}


def test_check_deploy_passes_with_no_warning():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_passes_with_an_smtp_server():
    env = production_env() | {"EMAIL_HOST": "smtp.example.go.id", "EMAIL_HOST_USER": "portal"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_warns_when_debug_is_on():
    result = manage("check", "--deploy", "--fail-level", "WARNING", DEBUG="1")
    assert result.returncode != 0
    assert "security.W018" in result.stderr + result.stdout


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = manage("check", DEBUG="0", SECRET_KEY="", ALLOWED_HOSTS="portal.example.go.id")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
