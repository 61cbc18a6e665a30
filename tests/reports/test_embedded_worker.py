"""The embedded default (no REDIS_URL, `make run`): long work goes to a worker, never into the request.

Settings without REDIS_URL use kombu's filesystem transport under var/celery/ and are not eager;
`make run` starts a real worker beside runserver. Here the request side is checked: posting a
province pack returns at once with a queued report whose page polls for progress, and the task
waits as a message file in the queue folder.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse

from reports.models import Report

pytestmark = pytest.mark.django_db
BASE_DIR = Path(__file__).resolve().parents[2]


def embedded_settings(tmp_path):
    """The Celery settings a process started without REDIS_URL and outside the tests gets."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL", "TESTING", "CELERY_EAGER")}
    env |= {"DJANGO_SETTINGS_MODULE": "reformportal.settings", "VAR_DIR": str(tmp_path)}
    code = (
        "import json; from django.conf import settings as s; from reformportal.celery import app; "
        "print(json.dumps({'broker': app.conf.broker_url, 'eager': app.conf.task_always_eager, "
        "'backend': app.conf.result_backend, 'transport': app.conf.broker_transport, "
        "'options': app.conf.broker_transport_options}))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_without_redis_the_tasks_go_to_a_filesystem_queue_not_into_the_request(tmp_path):
    conf = embedded_settings(tmp_path)
    assert conf["eager"] is False
    assert conf["broker"] == "filesystem://"
    assert conf["backend"] == "reformportal.taskqueue:FilesystemResultBackend"
    assert conf["transport"] == "reformportal.taskqueue:FilesystemTransport"
    assert conf["options"]["data_folder_in"] == conf["options"]["data_folder_out"] == str(tmp_path / "celery" / "queue")
    assert (tmp_path / "celery" / "queue").is_dir() and (tmp_path / "celery" / "results").is_dir()


@pytest.fixture
def filesystem_broker(tmp_path, settings):
    """This process's Celery app switched to the embedded configuration, in a temporary folder."""
    from reformportal.celery import app

    queue = tmp_path / "queue"
    queue.mkdir()
    saved = {key: app.conf[key] for key in ("broker_url", "broker_transport_options", "task_always_eager")}
    app.conf.update(
        broker_url="filesystem://", task_always_eager=False,
        broker_transport_options={"data_folder_in": str(queue), "data_folder_out": str(queue),
                                  "control_folder": str(tmp_path / "control"), "store_processed": False},
    )
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app._pool = None
    app.amqp._producer_pool = None
    yield queue
    app.conf.update(saved)
    app._pool = None
    app.amqp._producer_pool = None


def queued_task_names(queue):
    names = []
    for message in sorted(queue.glob("*.msg")):
        body = json.loads(message.read_text())
        names.append(body["headers"]["task"])
    return names


def test_a_province_pack_request_returns_at_once_and_the_page_shows_progress(
    cast, login, rb_data, media, filesystem_broker, django_capture_on_commit_callbacks
):
    client = login(cast.biro)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:list"), {"kind": "province", "pemda": cast.kalteng.pk,
                                                          "year": 2025, "quarter": 3})
    elapsed = time.monotonic() - started

    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    # Nothing rendered inside the request: the report waits for the worker.
    assert report.status == Report.Status.QUEUED and report.progress == 0 and not report.file
    assert report.started_at is None
    assert queued_task_names(filesystem_broker) == ["reports.generate_report"]
    assert elapsed < 10, elapsed  # rendering the pack inline takes far longer on this data

    page = client.get(report.get_absolute_url())
    assert page.status_code == 200
    assert reverse("reports:status", args=[report.pk]) in page.content.decode()
    status = client.get(reverse("reports:status", args=[report.pk])).json()
    assert status["active"] is True and status["done"] is False and status["progress"] == 0


def test_health_reports_the_filesystem_queue(client, settings, tmp_path):
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_DIR = tmp_path
    assert client.get("/healthz").json()["broker"] == {"ok": False, "mode": "filesystem"}
    (tmp_path / "queue").mkdir()
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["broker"] == {"ok": True, "mode": "filesystem"}


def test_the_filesystem_queue_never_shows_a_half_written_message(tmp_path, monkeypatch):
    """kombu's own channel creates the .msg file before writing it; a polling worker then read an
    empty message and stopped. Here a message appears only complete, by rename."""
    from kombu import Connection

    from reformportal import taskqueue

    seen = []
    replace = os.replace

    def watching_replace(source, target):
        folder = Path(target).parent
        seen.append((Path(source).name, Path(target).name, {p.name for p in folder.iterdir()}))
        replace(source, target)

    monkeypatch.setattr(taskqueue.os, "replace", watching_replace)
    options = {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path), "control_folder": str(tmp_path / "c"),
               "store_processed": False}
    with Connection("filesystem://", transport="reformportal.taskqueue:FilesystemTransport",
                    transport_options=options) as connection:
        channel = connection.default_channel
        for number in range(20):
            channel._put("default", {"n": number})
        assert len(seen) == 20
        for source, target, listing in seen:  # just before each rename: written under a name the reader skips
            assert target.endswith(".default.msg") and target not in listing and source in listing
        assert sorted(channel._get("default")["n"] for _ in range(20)) == list(range(20))


def test_result_files_are_written_whole(tmp_path, settings):
    from reformportal.taskqueue import FilesystemResultBackend

    settings.CELERY_DIR = tmp_path
    (tmp_path / "results").mkdir()
    from reformportal.celery import app

    backend = FilesystemResultBackend(app=app)
    backend.set(b"celery-task-meta-1", b'{"status": "SUCCESS"}')
    assert backend.get(b"celery-task-meta-1") == b'{"status": "SUCCESS"}'
    assert [p.name for p in (tmp_path / "results").iterdir()] == ["celery-task-meta-1"]
