"""Tasks through a REAL Celery worker process on Redis (tests/fixtures/celery.py)."""

import pytest
from django.db import connection

from reformportal.celery import app
from reformportal.tasks import database_check, ping

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_ping_runs_in_the_worker(celery_worker_process):
    result = ping.delay()
    assert result.get(timeout=30) == "pong"
    assert app.conf.task_always_eager is False


def test_the_worker_uses_the_test_database(celery_worker_process):
    result = database_check.delay().get(timeout=30)
    assert result["ok"] is True
    assert result["vendor"] == connection.vendor
    assert result["name"] == str(connection.settings_dict["NAME"])


def test_the_worker_answers_control_ping(celery_worker_process):
    replies = app.control.ping(destination=[celery_worker_process.hostname], timeout=5)
    assert replies == [{celery_worker_process.hostname: {"ok": "pong"}}]
