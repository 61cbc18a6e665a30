"""#12.5: a blank upload passes the upload gate (and its SHA-256) once, and its preview is kept
once (ImportLog.rows), not also in the session."""

import hashlib

import pytest
from django.urls import reverse

from actionplans.blank import build_blank
from actionplans.models import ImportLog

from .blank_helpers import ROW, as_upload, fill

pytestmark = pytest.mark.django_db


def test_the_upload_gate_runs_once_per_blank_upload(cast, login, monkeypatch, kegiatan_utama):
    from reformportal import uploads

    calls = []
    original = uploads.check_upload
    monkeypatch.setattr(uploads, "check_upload", lambda f, kind: calls.append(kind) or original(f, kind))
    data = fill(build_blank(cast.dinkes, 2025), [ROW]).getvalue()
    client = login(cast.opd_admin)
    response = client.post(reverse("actionplans:upload", args=[cast.dinkes.pk]), {"tahun": 2025, "file": as_upload(data)})
    assert response.status_code == 302
    assert calls == ["blank"]
    log = ImportLog.objects.get()
    assert log.sha256 == hashlib.sha256(data).hexdigest() and log.status == "preview"


def test_the_preview_page_reads_the_import_log_not_the_session(cast, login):
    client = login(cast.opd_admin)
    upload = as_upload(fill(build_blank(cast.dinkes, 2025), [ROW, {**ROW, "code": "RA-02"}]).getvalue())
    client.post(reverse("actionplans:upload", args=[cast.dinkes.pk]), {"tahun": 2025, "file": upload})
    log = ImportLog.objects.get()
    assert not any(key.startswith("import-") for key in client.session.keys())
    # another session of the same user sees the same preview
    other = login(cast.opd_admin)
    other.cookies.clear()
    other.force_login(cast.opd_admin)
    page = other.get(reverse("actionplans:import", args=[log.pk])).content.decode()
    assert "RA-01" in page and "RA-02" in page and "G4 Penataan Tatalaksana" in page
    assert "shown-of" not in page


def test_a_long_preview_says_how_many_rows_it_shows(cast, login, monkeypatch):
    from actionplans import views

    monkeypatch.setattr(views, "PREVIEW_ROWS", 1)
    client = login(cast.opd_admin)
    upload = as_upload(fill(build_blank(cast.dinkes, 2025), [ROW, {**ROW, "code": "RA-02"}]).getvalue())
    client.post(reverse("actionplans:upload", args=[cast.dinkes.pk]), {"tahun": 2025, "file": upload})
    page = client.get(reverse("actionplans:import", args=[ImportLog.objects.get().pk])).content.decode()
    assert "Menampilkan 1 dari 2" in page and "RA-02" not in page
