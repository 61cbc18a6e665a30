"""A real Celery worker on Redis generates reports; a worker killed mid-task still yields exactly one file.

Run with PostgreSQL and Redis, e.g.:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reports REDIS_URL=redis://127.0.0.1:6379/3 \\
        .venv/bin/pytest tests/reports/test_worker.py
"""

import hashlib
import os
import signal
import time
from pathlib import Path

import pytest
from django.conf import settings

from reports import services
from reports.models import Report

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


def start_kill_worker(name, tmp_path, *, hold_rendering=None):
    """A worker of its own on KILL_QUEUE (the session worker does not take this task)."""
    from reformportal.celery import app
    from tests.fixtures.celery import WorkerProcess, worker_env
    from tests.fixtures.parallel import worker_id

    # the restarted worker takes back the dead worker's unacknowledged message after 3 s
    env = worker_env(CELERY_VISIBILITY_TIMEOUT="3")
    worker = WorkerProcess(app, f"{name}-{os.getpid()}-{worker_id()}@localhost", env, tmp_path / f"{name}.log",
                           queue=KILL_QUEUE, hold_rendering=hold_rendering)
    worker.wait_until_ready()
    return worker


def wait_until_true(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} did not happen within {timeout} s")


def messages_left(queue):
    """Copies of messages the broker still holds for `queue`: waiting in it, or delivered but not
    acknowledged (which the broker would deliver again). Keys carry this session's prefix."""
    from reformportal.celery import app

    with app.connection_for_write() as connection:
        client = connection.default_channel.client  # kombu prefixes every key it is given
        return client.llen(queue) + client.hlen(connection.default_channel.unacked_key)


def test_a_worker_killed_mid_task_still_produces_the_report_exactly_once(cast, celery_worker_process, tmp_path):
    from reports.tasks import generate_report

    make_plans(cast.dinkes, 5)
    report, _ = services.request_report(kind=Report.Kind.OPD, opd=cast.dinkes, year=2025, quarter=3,
                                        by=cast.biro, send=False)
    rendering = tmp_path / "rendering-started"
    first = start_kill_worker("reports-victim", tmp_path, hold_rendering=rendering)
    try:
        generate_report.apply_async(args=[report.pk], queue=KILL_QUEUE)
        # The victim stops inside the PDF renderer (tests/fixtures/worker_main.py) and is killed
        # there: after the data is loaded (progress 20), before anything is stored (90).
        wait_until_true(rendering.exists, 180, "the first attempt reaching the renderer")
        os.killpg(first.process.pid, signal.SIGKILL)
        first.process.wait(timeout=10)
    finally:
        first.stop()
    report.refresh_from_db()
    assert report.status == Report.Status.RUNNING and report.progress >= 20
    assert not report.file and report.attempts == 1

    second = start_kill_worker("reports-restarted", tmp_path)
    try:
        wait_for(report, lambda r: r.status in (Report.Status.DONE, Report.Status.FAILED), what="the second attempt")
        # No copy of the message is left to be delivered again: nothing can run a third time.
        wait_until_true(lambda: messages_left(KILL_QUEUE) == 0, 30, "the broker forgetting the message")
    finally:
        second.stop()

    report.refresh_from_db()
    assert report.status == Report.Status.DONE, report.failure_reason
    assert report.attempts == 2  # the message came back once, after the kill
    assert report_files(report) == [Path(report.file.path)]
    assert Report.objects.filter(opd=cast.dinkes).count() == 1
    report.file.delete(save=False)
