"""Overload: a request that waited past its budget in front of gunicorn is answered 503 at once."""

import logging
import time
from unittest import mock

import pytest
from django.urls import reverse

from reformportal import shedding
from reformportal.shedding import queued_since

pytestmark = pytest.mark.django_db

URL = reverse("actionplans:queue")


def stamp(seconds_ago):
    return {"HTTP_X_REQUEST_START": f"t={time.time() - seconds_ago:.3f}"}


def test_it_sheds_a_request_that_waited_past_the_budget_before_any_query(cast, login, settings, django_assert_num_queries):
    settings.REQUEST_QUEUE_BUDGET_MS = 2000
    client = login(cast.biro)
    with django_assert_num_queries(0):
        response = client.get(URL, **stamp(3))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Portal sedang sibuk" in response.text


def test_a_shed_request_is_not_logged_as_a_server_error(cast, login, settings, caplog):
    settings.REQUEST_QUEUE_BUDGET_MS = 2000
    client = login(cast.biro)
    django_request = logging.getLogger("django.request")  # it does not propagate: listen on it
    django_request.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.INFO):
            assert client.get(URL, **stamp(3)).status_code == 503
    finally:
        django_request.removeHandler(caplog.handler)
    assert not [r for r in caplog.records if r.name == "django.request"]
    assert [r for r in caplog.records if r.name == "reformportal.request" and "503" in r.getMessage()]


def test_it_serves_a_request_within_the_budget(cast, login, settings):
    settings.REQUEST_QUEUE_BUDGET_MS = 2000
    client = login(cast.biro)
    assert client.get(URL, **stamp(0.5)).status_code == 200
    assert client.get(URL).status_code == 200  # no proxy in front: nothing to go by


def test_a_burst_may_wait_the_whole_budget_while_the_queue_empties(cast, login, settings):
    settings.REQUEST_QUEUE_BUDGET_MS = 2000
    settings.REQUEST_QUEUE_STANDING_BUDGET_MS = 300
    client = login(cast.biro)
    assert client.get(URL, **stamp(0.01)).status_code == 200  # found the queue empty
    assert client.get(URL, **stamp(1.5)).status_code == 200  # within the budget: served


def test_once_a_queue_stands_only_the_standing_budget_is_allowed(cast, login, settings):
    settings.REQUEST_QUEUE_BUDGET_MS = 2000
    settings.REQUEST_QUEUE_STANDING_BUDGET_MS = 300
    client = login(cast.biro)
    now = time.time()
    with mock.patch.object(shedding, "time") as clock:
        clock.time.return_value = now
        assert client.get(URL, HTTP_X_REQUEST_START=f"t={now - 0.01:.3f}").status_code == 200  # empty
        # 1.5 s later no request has found the queue empty since: it stands
        clock.time.return_value = now + 1.5
        assert client.get(URL, HTTP_X_REQUEST_START=f"t={now + 1.1:.3f}").status_code == 503  # waited 400 ms
        assert client.get(URL, HTTP_X_REQUEST_START=f"t={now + 1.3:.3f}").status_code == 200  # waited 200 ms
        # one request served at once: the queue emptied, a burst may wait the whole budget again
        assert client.get(URL, HTTP_X_REQUEST_START=f"t={now + 1.49:.3f}").status_code == 200
        assert client.get(URL, HTTP_X_REQUEST_START=f"t={now:.3f}").status_code == 200  # waited 1.5 s


def test_healthz_keeps_answering_during_an_overload(client, settings):
    settings.REQUEST_QUEUE_BUDGET_MS = 2000
    assert client.get("/healthz", **stamp(30)).status_code == 200


def test_a_zero_budget_never_sheds(cast, login, settings):
    settings.REQUEST_QUEUE_BUDGET_MS = 0
    assert login(cast.biro).get(URL, **stamp(300)).status_code == 200


@pytest.mark.parametrize(
    "header, expected",
    [
        ("t=1733550000.123", 1733550000.123),
        ("t=1733550000123", 1733550000.123),  # milliseconds
        ("t=1733550000123456", 1733550000.123456),  # microseconds
        ("1733550000.5", 1733550000.5),
        ("t=", None), ("t=abc", None), ("t=nan", None), ("t=-5", None), ("t=1e400", None),
    ],
)
def test_it_reads_the_proxy_stamp(header, expected):
    assert queued_since(header) == (pytest.approx(expected) if expected else None)
