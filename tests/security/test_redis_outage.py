"""Redis outage: pages keep answering, and asking for background work fails fast and clearly.

The test starts its OWN redis-server on a free port (never the machine's shared one), sends a
task through it, stops it, and sends again.
"""

import shutil
import socket
import subprocess
import time

import pytest
from celery import Celery
from django.conf import settings

from reformportal.taskqueue import TaskQueueUnavailable, send_task_safely

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")

FAST = 5.0  # seconds: "answers within 5 s" from the issue


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def own_redis():
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("own redis-server did not start")
    yield process, f"redis://127.0.0.1:{port}/0"
    if process.poll() is None:
        process.kill()
        process.wait()


def celery_app_for(url):
    """A Celery app with the portal's CELERY_* settings, pointed at `url`, not eager."""
    app = Celery("outage-test")
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(broker_url=url, result_backend=None, task_always_eager=False)

    @app.task(name="outage.echo")
    def echo(value):
        return value

    return app, echo


def test_sending_works_then_fails_fast_with_a_clear_message_when_redis_dies(own_redis):
    process, url = own_redis
    app, echo = celery_app_for(url)

    result = send_task_safely(echo, "halo")
    assert result.id

    process.kill()
    process.wait()

    started = time.monotonic()
    with pytest.raises(TaskQueueUnavailable) as excinfo:
        send_task_safely(echo, "halo lagi")
    elapsed = time.monotonic() - started
    assert elapsed < FAST, elapsed
    assert "Antrean tugas latar belakang sedang tidak tersedia" in str(excinfo.value)
    app.close()


def test_an_unreachable_broker_fails_fast():
    app, echo = celery_app_for(f"redis://127.0.0.1:{free_port()}/0")
    started = time.monotonic()
    with pytest.raises(TaskQueueUnavailable):
        send_task_safely(echo, 1)
    assert time.monotonic() - started < FAST
    app.close()


@pytest.mark.django_db
def test_pages_answer_while_redis_is_down(own_redis, cast, login, settings):
    process, url = own_redis
    process.kill()
    process.wait()
    settings.REDIS_URL = url
    client = login(cast.biro)
    started = time.monotonic()
    assert client.get("/").status_code == 200
    assert client.get(cast.dinkes.get_absolute_url()).status_code == 200
    assert client.get("/api/v1/opds/").status_code == 200
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json()["broker"]["ok"] is False
    assert time.monotonic() - started < FAST * 2


def test_settings_bound_broker_waits():
    assert settings.CELERY_BROKER_CONNECTION_TIMEOUT <= 3
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["socket_connect_timeout"] <= 3
    # acks_late only where a task opts in (reformportal.taskqueue.IDEMPOTENT)
    assert settings.CELERY_TASK_ACKS_LATE is False


@pytest.fixture
def broker_down(own_redis):
    """The portal's own Celery app pointed at a redis-server that has just been killed."""
    from reformportal.celery import app

    process, url = own_redis
    process.kill()
    process.wait()
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=url, task_always_eager=False)
    reset_connections(app)
    yield url
    app.conf.update(saved)
    reset_connections(app)


def reset_connections(app):
    """Drop cached broker connections so the next send connects to the configured URL.

    app._pool is an entry of kombu's process-wide pool registry (keyed by broker URL), so
    closing it alone would leave a closed pool behind for the next test using that URL:
    kombu.pools.reset() closes and forgets every registered pool.
    """
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.django_db
def test_requesting_a_report_while_redis_is_down_answers_fast_and_clearly(
    broker_down, cast, login, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from reformportal.reports.models import Report

    settings.MEDIA_ROOT = tmp_path / "media"
    client = login(cast.opd_admin)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:list"), {"kind": "opd", "year": 2025, "quarter": 3, "opd": cast.dinkes.pk})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert time.monotonic() - started < FAST
    report = Report.objects.get()
    assert report.status == Report.Status.FAILED
    assert "Antrean tugas latar belakang sedang tidak tersedia" in report.failure_reason
    assert "Antrean tugas latar belakang sedang tidak tersedia" in page.text
