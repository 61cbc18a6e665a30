"""Logs you can read: one line per request and per task, with a request id that follows the work.

Every log record carries `request_id` and `user_id` (the `RequestContextFilter` adds them; "-"
outside a request or task). `RequestLogMiddleware` writes one line per request on the logger
`reformportal.request` (method, path, status, duration) and answers with the `X-Request-ID` it
used: the front proxy's when it sends one, a new one otherwise. A task sent while a request is
handled carries the id in its headers, and the worker logs one line per task on
`reformportal.task` under the same id. With `LOG_FORMAT=json` each line is a JSON object
(python-json-logger); settings.LOGGING wires it.
"""

import contextvars
import logging
import re
import time
import uuid

from celery import signals

request_id_var = contextvars.ContextVar("request_id", default="-")
user_id_var = contextvars.ContextVar("user_id", default="-")

request_logger = logging.getLogger("reformportal.request")
task_logger = logging.getLogger("reformportal.task")

# What a proxy may hand us as an id: short and plain, so it cannot forge log lines.
VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
REQUEST_ID_HEADER = "request_id"
ISO_TIME = "%Y-%m-%dT%H:%M:%S%z"


class RequestContextFilter(logging.Filter):
    def filter(self, record):
        record.request_id = request_id_var.get()
        record.user_id = user_id_var.get()
        return True


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        id_token = request_id_var.set(request_id)
        user_token = user_id_var.set("-")
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                user_id_var.set(str(user.pk))
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            response["X-Request-ID"] = request_id
            return response
        finally:
            request_id_var.reset(id_token)
            user_id_var.reset(user_token)


@signals.before_task_publish.connect
def _pass_request_id_to_the_task(headers=None, **kwargs):
    if headers is not None and request_id_var.get() != "-":
        headers.setdefault(REQUEST_ID_HEADER, request_id_var.get())


_task_started = {}


@signals.task_prerun.connect
def _task_started_under_its_request_id(task_id=None, task=None, **kwargs):
    request_id = getattr(task.request, REQUEST_ID_HEADER, None) or (task.request.headers or {}).get(
        REQUEST_ID_HEADER
    )
    request_id_var.set(request_id or task_id or "-")
    _task_started[task_id] = time.perf_counter()


@signals.task_postrun.connect
def _one_line_per_task(task_id=None, task=None, state=None, **kwargs):
    started = _task_started.pop(task_id, None)
    task_logger.info(
        "task %s %s",
        task.name,
        state,
        extra={
            "task": task.name,
            "task_id": task_id,
            "state": state,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
        },
    )
    request_id_var.set("-")


def logging_config(*, level, json_format, mail_admins):
    """settings.LOGGING: the console (plain or JSON) for everything, and mail to ADMINS on errors."""
    plain = "%(asctime)s %(levelname)s %(name)s [%(request_id)s user=%(user_id)s] %(message)s"
    handlers = {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if json_format else "plain",
            "filters": ["request_context"],
        }
    }
    if mail_admins:
        handlers["mail_admins"] = {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["request_context"],
        }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_context": {"()": "reformportal.observability.RequestContextFilter"}},
        "formatters": {
            "plain": {"format": plain, "datefmt": ISO_TIME},
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(user_id)s %(message)s",
                "datefmt": ISO_TIME,
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            },
        },
        "handlers": handlers,
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "INFO"},
            # Django's own request log duplicates reformportal.request for 4xx/5xx: keep its
            # tracebacks (errors) and mail them, drop its warnings.
            "django.request": {
                "handlers": ["console", *(["mail_admins"] if mail_admins else [])],
                "level": "ERROR",
                "propagate": False,
            },
        },
    }


def init_sentry(dsn, *, environment, traces_sample_rate):
    """Errors to Sentry (sentry-sdk's Django and Celery integrations), with no personal data."""
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        traces_sample_rate=traces_sample_rate,
        # No user, no request bodies, no local variables (they hold names, NIPs, file contents).
        data_collection={
            "user_info": False,
            "http_bodies": [],
            "stack_frame_variables": False,
            "database_query_data": False,
        },
    )
