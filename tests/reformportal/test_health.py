"""/healthz: database and broker status as JSON, 200 when both answer, 503 otherwise."""

import pytest

from reformportal.tasks import database_check, ping
from tests.fixtures.parallel import refused_port


@pytest.mark.django_db
def test_it_is_healthy_on_the_database_without_login(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"] == {"ok": True, "mode": "eager"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_answers_503_when_the_broker_is_unreachable(client, settings):
    with refused_port() as port:  # nothing listens there, and no parallel test can start to
        settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is False
    assert body["broker"]["mode"] == "redis"


@pytest.mark.django_db
def test_it_answers_503_when_the_database_fails(client, settings, monkeypatch):
    settings.REDIS_URL = ""

    def broken_cursor(*args, **kwargs):
        raise RuntimeError("database is down")

    from django.db import connection

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == {"ok": False, "vendor": connection.vendor, "error": "RuntimeError"}


@pytest.mark.django_db
def test_it_rejects_post(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_tasks_run_eagerly_in_tests(settings):
    assert ping.delay().get(timeout=5) == "pong"
    assert database_check.delay().get(timeout=5)["ok"] is True
