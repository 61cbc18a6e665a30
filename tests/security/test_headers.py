"""Security headers: CSP without inline scripts, HSTS in production, nosniff, no-store, downloads.

Every route's headers are also checked by the authorization matrix (test_matrix.py).
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from reformportal.uploads import serve_upload

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_the_policy(client):
    csp = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in csp


def test_templates_have_no_inline_script_or_event_handler():
    """CSP forbids inline scripts; a template with one would silently stop working."""
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for match in re.finditer(r"<script\b([^>]*)>", text):
            if "src=" not in match.group(1) and 'type="application/json"' not in match.group(1):
                offenders.append(f"{path.relative_to(TEMPLATES)}: inline <script>")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text):
            offenders.append(f"{path.relative_to(TEMPLATES)}: inline event handler")
        if "javascript:" in text:
            offenders.append(f"{path.relative_to(TEMPLATES)}: javascript: URL")
    assert not offenders, offenders


def test_signed_in_pages_are_not_cached(cast, login):
    response = login(cast.biro).get("/")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_api_responses_are_not_cached(cast, login):
    response = login(cast.biro).get("/api/v1/opds/")
    assert "no-store" in response["Cache-Control"]


def test_hsts_for_a_year_in_production(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_production_defaults_are_secure():
    """What settings.py derives when DEBUG is off (checked in a subprocess by test_deploy_check)."""
    import subprocess
    import sys

    code = (
        "import django, os; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)"
    )
    env = {"DEBUG": "0", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "portal.example.go.id",
           "DJANGO_SETTINGS_MODULE": "reformportal.settings", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True)
    assert out.stdout.split() == ["31536000", "True", "True", "True"], out.stderr


def test_downloads_are_attachments_that_cannot_run(settings, tmp_path):
    from django.core.files.storage import default_storage

    settings.MEDIA_ROOT = tmp_path
    name = default_storage.save("evidence/2025/01/x.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))

    class Field:
        def __init__(self, name):
            self.name = name

        def open(self, mode):
            return default_storage.open(self.name, mode)

    response = serve_upload(Field(name), "Laporan <script>\r\n.pdf")
    # A label with control characters is replaced; the stored extension is kept.
    assert response["Content-Disposition"] == 'attachment; filename="berkas.pdf"'
    assert 'filename="Laporan Triwulan.pdf"' in serve_upload(Field(name), "Laporan Triwulan")["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_media_is_never_served_as_static():
    assert settings.MEDIA_URL is None
    assert not str(settings.MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))
