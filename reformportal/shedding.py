"""Overload without collapse: a request that already waited too long is shed, not served.

Past the breaking point a queue forms in front of gunicorn's threads. Serving its oldest
requests first means answering clients that have given up (nginx waits 60 s, people far less)
while the fresh ones wait in turn, until every answer is late: goodput falls to zero (issue 17).
The front proxy stamps each request with the time it arrived (`X-Request-Start: t=<seconds>`,
deploy/portal-proxy.inc, nginx's `$msec`); a request that reaches Django more than
`REQUEST_QUEUE_BUDGET_MS` later is answered at once with 503 and `Retry-After`, before the
session, the user or any query is loaded. `/healthz` is never shed, so the load balancer keeps
seeing a live process during the overload. Without the header (no proxy, tests) nothing is shed.
"""

import logging
import math
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

NEVER_SHED = frozenset({"/healthz"})


def queued_since(header):
    """The arrival time (seconds since the epoch) in an `X-Request-Start` header, or None.

    nginx sends `t=1733550000.123` (seconds with milliseconds); milliseconds and microseconds
    since the epoch (`t=1733550000123`, other proxies' form) are read too."""
    value = header.strip().removeprefix("t=")
    try:
        stamp = float(value)
    except ValueError:
        return None
    if not math.isfinite(stamp) or stamp <= 0:
        return None
    while stamp > 1e11:  # milliseconds or microseconds
        stamp /= 1000
    return stamp


class QueueBudgetMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        budget = settings.REQUEST_QUEUE_BUDGET_MS
        header = request.headers.get("X-Request-Start")
        if budget and header and request.path not in NEVER_SHED:
            started = queued_since(header)
            if started is not None and (time.time() - started) * 1000 > budget:
                request.shed = True
                return shed()
        return self.get_response(request)


def shed():
    response = HttpResponse(
        _("Portal sedang sibuk. Coba lagi dalam beberapa detik."), status=503, content_type="text/plain; charset=utf-8"
    )
    response["Retry-After"] = str(settings.REQUEST_SHED_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class NotShedFilter(logging.Filter):
    """Keeps django.request from logging each shed request as a server error."""

    def filter(self, record):
        return not getattr(getattr(record, "request", None), "shed", False)
