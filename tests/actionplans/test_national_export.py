"""The national export: a task for the national observer, progress on the page, the file for them only."""

import io

import openpyxl
import pytest
from django.urls import reverse

from actionplans import services
from actionplans.models import NationalExport

from .factories import make_plan, make_plans

pytestmark = pytest.mark.django_db

URL = reverse("actionplans:national_export")


def status(client, export):
    return client.get(reverse("actionplans:national_export_status", args=[export.pk])).json()


def test_it_builds_every_province_in_the_background_and_shows_progress(cast, login, django_capture_on_commit_callbacks):
    make_plans(cast.dinkes, 3)
    make_plans(cast.kaltim_dinkes, 2, prefix="KT")
    make_plan(cast.pky_dinkes, "T-1", theme_code="B2")
    client = login(cast.observer)
    assert client.get(URL).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # the task is sent on commit (eager here)
        assert client.post(URL, {"tahun": "2025"}).status_code == 302
    export = NationalExport.objects.get()
    assert export.requested_by == cast.observer and export.is_done and export.rows == 6
    state = status(client, export)
    assert state["status"] == "done" and state["progress"] == 100 and state["active"] is False
    page = client.get(URL)
    assert 'data-report-status-url="' in page.text and "js/reports.js" in page.text
    response = client.get(state["download_url"])
    assert response.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    general = list(wb["RA RB General"].iter_rows(min_row=3, values_only=True))
    assert {row[0] for row in general} == {cast.kalteng.name, cast.kaltim_dinkes.pemda.name}
    assert [row[0] for row in wb["RA RB Tematik"].iter_rows(min_row=3, values_only=True)] == [cast.palangkaraya.name]


def test_it_is_for_national_roles_and_each_file_for_its_requester(cast, login):
    assert login(cast.biro).get(URL).status_code == 403
    assert login(cast.biro).post(URL, {"tahun": "2025"}).status_code == 403
    assert NationalExport.objects.count() == 0
    export = NationalExport.objects.create(year=2025, requested_by=cast.biro)  # e.g. made before a role change
    client = login(cast.observer)
    assert client.get(reverse("actionplans:national_export_status", args=[export.pk])).status_code == 404
    assert client.get(reverse("actionplans:national_export_file", args=[export.pk])).status_code == 404


def test_a_bad_year_is_refused_and_nothing_queued(cast, login):
    response = login(cast.observer).post(URL, {"tahun": "dua ribu"}, follow=True)
    assert "Tahun tidak valid." in response.text
    assert NationalExport.objects.count() == 0


def test_running_it_twice_stores_one_file(cast, settings, tmp_path):
    """acks_late: a worker lost mid-task runs it again; the second run replaces the first's file."""
    settings.MEDIA_ROOT = tmp_path
    make_plans(cast.dinkes, 2)
    export = NationalExport.objects.create(year=2025, requested_by=cast.observer)
    services.build_national_export(export.pk)
    first = NationalExport.objects.get().file.name
    NationalExport.objects.filter(pk=export.pk).update(status=NationalExport.Status.RUNNING)  # as if lost mid-way
    services.build_national_export(export.pk)
    export.refresh_from_db()
    assert export.is_done and export.rows == 2
    assert first and [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.xlsx")] == [export.file.name]
    # A finished export is left alone.
    services.build_national_export(export.pk)
    assert NationalExport.objects.get().file.name == export.file.name


def test_a_second_request_while_one_runs_returns_it(cast):
    first = NationalExport.objects.create(year=2025, requested_by=cast.observer)
    assert services.request_national_export(2025, by=cast.observer) == first
    assert NationalExport.objects.count() == 1
