"""One log line per request and per task, with request id, user id and duration; JSON on demand."""

import json
import logging
from types import SimpleNamespace

import pytest

from reformportal import observability
from reformportal.observability import RequestContextFilter, logging_config


@pytest.fixture
def request_lines(caplog):
    caplog.set_level(logging.INFO, logger="reformportal.request")
    return lambda: [r for r in caplog.records if r.name == "reformportal.request"]


@pytest.mark.django_db
def test_each_request_logs_one_line_with_its_id_user_and_duration(cast, login, request_lines):
    client = login(cast.biro)
    response = client.get("/", HTTP_X_REQUEST_ID="proxy-id-12345")
    assert response["X-Request-ID"] == "proxy-id-12345"
    [line] = request_lines()
    assert (line.method, line.path, line.status) == ("GET", "/", 200)
    assert line.duration_ms >= 0
    assert RequestContextFilter().filter(line) and line.request_id == "-"  # the context ended with the request


@pytest.mark.django_db
def test_the_line_carries_the_request_id_and_user_while_the_request_runs(cast, login, caplog):
    caplog.set_level(logging.INFO, logger="reformportal.request")
    caplog.handler.addFilter(RequestContextFilter())
    login(cast.biro).get("/", HTTP_X_REQUEST_ID="proxy-id-12345")
    [line] = [r for r in caplog.records if r.name == "reformportal.request"]
    assert line.request_id == "proxy-id-12345"
    assert line.user_id == str(cast.biro.pk)


@pytest.mark.django_db
def test_a_forged_request_id_is_replaced(client, request_lines):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nFAKE LINE")
    assert response["X-Request-ID"] != "bad id\nFAKE LINE"
    assert len(response["X-Request-ID"]) == 32


def test_json_format_writes_one_object_per_line_with_the_fields():
    config = logging_config(level="INFO", json_format=True, mail_admins=False)
    formatter = logging.config.dictConfigClass(config).configure_formatter(config["formatters"]["json"])
    record = logging.LogRecord("reformportal.task", logging.INFO, __file__, 1, "task %s done", ("x",), None)
    RequestContextFilter().filter(record)
    line = json.loads(formatter.format(record))
    assert {"time", "level", "logger", "request_id", "user_id", "message"} <= line.keys()
    assert (line["level"], line["logger"], line["message"]) == ("INFO", "reformportal.task", "task x done")


def test_errors_are_mailed_to_admins_only_without_sentry():
    assert "mail_admins" in logging_config(level="INFO", json_format=False, mail_admins=True)["handlers"]
    assert "mail_admins" not in logging_config(level="INFO", json_format=False, mail_admins=False)["handlers"]


def test_a_task_sent_during_a_request_carries_its_id_into_the_worker(caplog):
    token = observability.request_id_var.set("req-abcdef123")
    headers = {}
    try:
        observability._pass_request_id_to_the_task(headers=headers)
    finally:
        observability.request_id_var.reset(token)
    assert headers == {"request_id": "req-abcdef123"}

    # In the worker: the task runs under that id and logs one line when it ends.
    caplog.set_level(logging.INFO, logger="reformportal.task")
    caplog.handler.addFilter(RequestContextFilter())
    task = SimpleNamespace(name="reports.build_report", request=SimpleNamespace(headers=headers, request_id=None))
    observability._task_started_under_its_request_id(task_id="t-1", task=task)
    assert observability.request_id_var.get() == "req-abcdef123"
    observability._one_line_per_task(task_id="t-1", task=task, state="SUCCESS")
    [line] = [r for r in caplog.records if r.name == "reformportal.task"]
    assert (line.task, line.state, line.request_id) == ("reports.build_report", "SUCCESS", "req-abcdef123")
    assert observability.request_id_var.get() == "-"


def test_sentry_is_initialised_without_personal_data():
    import sentry_sdk

    observability.init_sentry("http://public@127.0.0.1:9/1", environment="test", traces_sample_rate=0.0)
    try:
        collected = sentry_sdk.get_client().options["data_collection"]
        assert collected["user_info"] is False
        assert collected["http_bodies"] == []
        assert collected["stack_frame_variables"] is False
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.init()  # back to a client that sends nothing
