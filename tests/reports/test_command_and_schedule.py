import datetime
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from reports import schedule
from reports.models import Report

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("quarterly_report", *args, stdout=out)
    return out.getvalue().strip()


def test_the_command_writes_an_opd_report_and_prints_its_path(cast, rb_data, media, tmp_path):
    path = Path(run("--scope", "opd:62:DINKES", "--year", "2025", "--quarter", "3", "--out", str(tmp_path / "out")))

    assert path.parent == (tmp_path / "out").resolve()
    assert path.read_bytes().startswith(b"%PDF")
    report = Report.objects.get()
    assert report.opd == cast.dinkes and report.trigger == Report.Trigger.COMMAND and report.requested_by is None


def test_the_command_finds_opds_of_a_regency_by_its_code(cast, rb_data, media, tmp_path):
    run("--scope", "opd:62.71:DINKES", "--year", "2025", "--quarter", "2", "--out", str(tmp_path))
    assert Report.objects.get().opd == cast.pky_dinkes


def test_the_command_writes_a_province_pack(cast, rb_data, media, tmp_path):
    path = Path(run("--scope", "province:62", "--year", "2025", "--quarter", "3", "--out", str(tmp_path)))
    assert path.read_bytes().startswith(b"%PDF")
    assert Report.objects.get().kind == Report.Kind.PROVINCE


def test_the_command_reuses_an_unchanged_report(cast, rb_data, media, tmp_path):
    run("--scope", "province:62", "--year", "2025", "--quarter", "3", "--out", str(tmp_path))
    run("--scope", "province:62", "--year", "2025", "--quarter", "3", "--out", str(tmp_path))
    assert Report.objects.count() == 1
    run("--scope", "province:62", "--year", "2025", "--quarter", "3", "--out", str(tmp_path), "--regenerate")
    assert Report.objects.count() == 2


@pytest.mark.parametrize("scope", ["opd:62:NOPE", "opd:62", "province:99", "pemda:62", "opd:62.99:DINKES"])
def test_the_command_refuses_unknown_scopes(cast, rb_data, media, tmp_path, scope):
    with pytest.raises(CommandError):
        run("--scope", scope, "--year", "2025", "--quarter", "3", "--out", str(tmp_path))
    assert not Report.objects.exists()


def test_stored_deadlines_win(db):
    from actionplans.models import ReportingDeadline

    from actionplans.selectors import latest_due_period, reporting_deadline

    ReportingDeadline.objects.update_or_create(year=2025, quarter=3, defaults={"due_date": datetime.date(2025, 10, 15)})
    assert reporting_deadline(2025, 3) == datetime.date(2025, 10, 15)
    assert latest_due_period(datetime.date(2025, 10, 15)) == (2025, 2)
    assert latest_due_period(datetime.date(2025, 10, 16)) == (2025, 3)


def test_beat_requests_each_province_pack_once_after_the_deadline(cast, rb_data, media,
                                                                  django_capture_on_commit_callbacks, settings):
    from reports.tasks import generate_due_province_packs

    assert settings.CELERY_BEAT_SCHEDULE["reports-province-packs"]["task"] == generate_due_province_packs.name
    today = datetime.date(2025, 10, 11)
    with django_capture_on_commit_callbacks(execute=True):
        first = schedule.request_due_province_packs(today)
    with django_capture_on_commit_callbacks(execute=True):
        second = schedule.request_due_province_packs(today)

    packs = Report.objects.filter(kind=Report.Kind.PROVINCE)
    assert {r.pemda for r in packs} == {cast.kalteng, cast.kaltim}  # the provinces that have OPDs
    assert {(r.year, r.quarter, r.trigger) for r in packs} == {(2025, 3, Report.Trigger.SCHEDULE)}
    assert all(r.status == Report.Status.DONE for r in packs)
    assert len(first) == 2 and second == []
