"""Redis outage: pages keep answering, and asking for background work fails fast and clearly.

The test starts its OWN redis-server (never the machine's shared one), sends a task through
it, stops it, and sends again. Ports are never left free for a parallel test to take: the
server's port is held by a placeholder socket the moment the server dies, and "nothing listens
there" is a bound socket that never listens (tests/fixtures/parallel.py). Time limits count the
code's own time, not the time the machine was busy with other processes (tests/stopwatch.py).
"""

import shutil
import socket
import subprocess
import time

import pytest
from celery import Celery
from django.conf import settings

from reformportal.taskqueue import TaskQueueUnavailable, send_task_safely
from tests.fixtures.celery import reset_connections
from tests.fixtures.parallel import hold_port, refused_port
from tests.stopwatch import Stopwatch

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")

FAST = 5.0  # seconds: "answers within 5 s" from the issue


class OwnRedis:
    """A redis-server of this test on a port of its own; `stop()` kills it and keeps the port."""

    def __init__(self):
        for _attempt in range(10):
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                self.port = probe.getsockname()[1]
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            if self._answers_within(10):
                break
            self.process.kill()  # the port was taken between probe and start: another one
            self.process.wait()
        else:
            pytest.fail("own redis-server did not start")
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.placeholder = None

    def _answers_within(self, seconds):
        """True once THIS server answers (its process id in INFO: not a parallel test's server)."""
        ours = f"process_id:{self.process.pid}\r\n".encode()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as connection:
                    connection.sendall(b"INFO server\r\n")
                    reply = b""
                    while ours not in reply and (chunk := connection.recv(4096)):
                        reply += chunk
                    if ours in reply:
                        return True
            except OSError:
                pass
            time.sleep(0.05)
        return False

    def stop(self):
        """Kill the server; from then on every connection to its port is refused."""
        self.process.kill()
        self.process.wait()
        self.placeholder = hold_port(self.port)

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.placeholder is not None:
            self.placeholder.close()


@pytest.fixture
def own_redis():
    server = OwnRedis()
    yield server
    server.close()


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
    app, echo = celery_app_for(own_redis.url)

    result = send_task_safely(echo, "halo")
    assert result.id

    own_redis.stop()

    with Stopwatch() as watch, pytest.raises(TaskQueueUnavailable) as excinfo:
        send_task_safely(echo, "halo lagi")
    assert watch.seconds < FAST, watch
    assert "Antrean tugas latar belakang sedang tidak tersedia" in str(excinfo.value)
    app.close()


def test_an_unreachable_broker_fails_fast():
    with refused_port() as port:
        app, echo = celery_app_for(f"redis://127.0.0.1:{port}/0")
        with Stopwatch() as watch, pytest.raises(TaskQueueUnavailable):
            send_task_safely(echo, 1)
    assert watch.seconds < FAST, watch
    app.close()


@pytest.mark.django_db
def test_pages_answer_while_redis_is_down(own_redis, cast, login, settings):
    own_redis.stop()
    settings.REDIS_URL = own_redis.url
    client = login(cast.biro)
    with Stopwatch() as watch:
        assert client.get("/").status_code == 200
        assert client.get(cast.dinkes.get_absolute_url()).status_code == 200
        assert client.get("/api/v1/opds/").status_code == 200
        health = client.get("/healthz")
    assert health.status_code == 503 and health.json()["broker"]["ok"] is False
    assert watch.seconds < FAST * 2, watch


def test_settings_bound_broker_waits():
    assert settings.CELERY_BROKER_CONNECTION_TIMEOUT <= 3
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["socket_connect_timeout"] <= 3
    # acks_late only where a task opts in (reformportal.taskqueue.IDEMPOTENT)
    assert settings.CELERY_TASK_ACKS_LATE is False


@pytest.fixture
def broker_down(own_redis):
    """The portal's own Celery app pointed at a redis-server that has just been killed."""
    from reformportal.celery import app

    own_redis.stop()
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=own_redis.url, task_always_eager=False)
    reset_connections(app)
    yield own_redis.url
    app.conf.update(saved)
    reset_connections(app)


@pytest.mark.django_db
def test_requesting_a_report_while_redis_is_down_answers_fast_and_clearly(
    broker_down, cast, login, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from reports.models import Report

    settings.MEDIA_ROOT = tmp_path / "media"
    client = login(cast.opd_admin)
    with Stopwatch() as watch:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("reports:list"), {"kind": "opd", "year": 2025, "quarter": 3, "opd": cast.dinkes.pk})
        assert response.status_code == 302
        page = client.get(response["Location"])
    assert watch.seconds < FAST, watch
    report = Report.objects.get()
    assert report.status == Report.Status.FAILED
    assert "Antrean tugas latar belakang sedang tidak tersedia" in report.failure_reason
    assert "Antrean tugas latar belakang sedang tidak tersedia" in page.text
