"""A real Celery worker on Redis generates reports; a worker killed mid-task still yields exactly one file.

Run with PostgreSQL and Redis, e.g.:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reports REDIS_URL=redis://127.0.0.1:6379/3 \\
        .venv/bin/pytest tests/reports/test_worker.py
"""

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from reformportal.reports import services
from reformportal.reports.models import Report

from .example import make_example, make_plans

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

KILL_QUEUE = "reports-kill-test"


@pytest.fixture(autouse=True)
def reference_data(wilayah):
    """Places and RB themes (data migrations), reloaded if an earlier transactional test flushed them."""
    from actionplans.reference import seed_reference

    seed_reference()


def wait_for(report, predicate, timeout=180, what="the report"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if predicate(report):
            return report
        time.sleep(0.2)
    raise AssertionError(f"{what} did not get there within {timeout} s: {report.status} {report.progress} "
                         f"{report.failure_reason}")


def report_files(report):
    return sorted(Path(settings.MEDIA_ROOT, "reports").rglob(f"*{report.uuid.hex}*"))


def test_a_worker_generates_a_province_pack_end_to_end(cast, celery_worker_process):
    make_example(cast)
    report, created = services.request_report(kind=Report.Kind.PROVINCE, pemda=cast.kalteng, year=2025, quarter=3,
                                               by=cast.biro)
    assert created
    wait_for(report, lambda r: r.status in (Report.Status.DONE, Report.Status.FAILED))

    assert report.status == Report.Status.DONE, report.failure_reason
    assert report.parts_total == 2 and report.parts_done == 2 and report.progress == 100
    data = report.file.read()
    assert data.startswith(b"%PDF") and report.pages >= 4
    assert hashlib.sha256(data).hexdigest() == report.sha256
    assert report_files(report) == [Path(report.file.path)]  # parts cleaned up, one file
    assert report.attempts == 1
    report.file.delete(save=False)


def start_kill_worker(name):
    """A worker of its own on KILL_QUEUE (the session worker does not take this task)."""
    from django.db import connection

    from reformportal.celery import app
    from tests.fixtures.celery import WorkerProcess, database_url

    class QueueWorker(WorkerProcess):
        def __init__(self, hostname, env, log_path):
            self.app, self.hostname, self.log_path = app, hostname, log_path
            self.log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
            command = [
                sys.executable, "-m", "celery", "-A", "reformportal", "worker", "--pool", "solo",
                "--concurrency", "1", "-Q", KILL_QUEUE, "-n", hostname, "--without-gossip", "--without-mingle",
                "--loglevel", "INFO",
            ]
            self.process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=self.log,
                                            stderr=subprocess.STDOUT, start_new_session=True)

    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "reformportal.settings",
        "DATABASE_URL": database_url(connection.settings_dict),
        "REDIS_URL": settings.REDIS_URL,
        "PYTHONUNBUFFERED": "1",
        # the restarted worker takes back the dead worker's unacknowledged message after 3 s
        "CELERY_VISIBILITY_TIMEOUT": "3",
    }
    env.pop("TESTING", None)
    logs = Path(settings.BASE_DIR, "artifacts", "reports")
    logs.mkdir(parents=True, exist_ok=True)
    worker = QueueWorker(f"{name}-{os.getpid()}@localhost", env, logs / f"{name}.log")
    worker.wait_until_ready()
    return worker


def test_a_worker_killed_mid_task_still_produces_the_report_exactly_once(cast, celery_worker_process):
    from reformportal.reports.tasks import generate_report

    make_plans(cast.dinkes, 160)  # enough pages that rendering takes a few seconds
    report, _ = services.request_report(kind=Report.Kind.OPD, opd=cast.dinkes, year=2025, quarter=3,
                                        by=cast.biro, send=False)
    first = start_kill_worker("reports-victim")
    try:
        generate_report.apply_async(args=[report.pk], queue=KILL_QUEUE)
        # rendering has started once the data is loaded (progress 20) and before it is stored (90)
        wait_for(report, lambda r: r.status == Report.Status.RUNNING and r.progress >= 20, what="the first attempt")
        os.killpg(first.process.pid, signal.SIGKILL)
        first.process.wait(timeout=10)
    finally:
        first.stop()
    report.refresh_from_db()
    assert report.status == Report.Status.RUNNING and not report.file and report.attempts == 1

    second = start_kill_worker("reports-restarted")
    try:
        wait_for(report, lambda r: r.status in (Report.Status.DONE, Report.Status.FAILED), what="the second attempt")
        time.sleep(2)  # a duplicate delivery, if any, would run now
    finally:
        second.stop()

    report.refresh_from_db()
    assert report.status == Report.Status.DONE, report.failure_reason
    assert report.attempts == 2  # the message came back once, after the kill
    assert report_files(report) == [Path(report.file.path)]
    assert Report.objects.filter(opd=cast.dinkes).count() == 1
    report.file.delete(save=False)
