"""Overload without collapse: a request that already waited too long is shed, not served.

Past the breaking point a queue forms in front of gunicorn's threads. Serving its oldest
requests first means answering clients that have given up (nginx waits 60 s, people far less)
while the fresh ones wait in turn, until every answer is late: goodput falls to zero (issue 17).
The front proxy stamps each request with the time it arrived (`X-Request-Start: t=<seconds>`,
deploy/portal-proxy.inc, nginx's `$msec`); a request that reaches Django more than
`REQUEST_QUEUE_BUDGET_MS` later is answered at once with 503 and `Retry-After`, before the
session, the user or any query is loaded. `/healthz` is never shed, so the load balancer keeps
seeing a live process during the overload. Without the header (no proxy, tests) nothing is shed.

One budget is not enough. In a lasting overload the queue grows until its wait equals the budget,
so every request served has waited the whole budget: with 2 s, no answer comes within a second and
goodput falls to zero although the threads are busy. So the budget depends on whether a queue
stands (CoDel, as in "Fail at Scale", Maurer 2015): while some request found the queue empty
(waited less than QUEUE_EMPTY_MS) within the last STANDING_AFTER_SECONDS, a burst may wait the
whole `REQUEST_QUEUE_BUDGET_MS`; once none has, the queue stands and only
`REQUEST_QUEUE_STANDING_BUDGET_MS` is allowed, which keeps the answers served on time. Each
process watches its own queue.
"""

import logging
import math
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

NEVER_SHED = frozenset({"/healthz"})
QUEUE_EMPTY_MS = 50
STANDING_AFTER_SECONDS = 1.0


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
        self.queue_empty_at = time.time()  # last time a request waited less than QUEUE_EMPTY_MS

    def __call__(self, request):
        budget = settings.REQUEST_QUEUE_BUDGET_MS
        header = request.headers.get("X-Request-Start")
        if budget and header and request.path not in NEVER_SHED:
            started = queued_since(header)
            if started is not None and self.waited_too_long(time.time(), started, budget):
                request.shed = True
                return shed()
        return self.get_response(request)

    def waited_too_long(self, now, started, budget):
        waited_ms = (now - started) * 1000
        if waited_ms < QUEUE_EMPTY_MS:
            self.queue_empty_at = now
        if now - self.queue_empty_at > STANDING_AFTER_SECONDS:
            budget = min(budget, settings.REQUEST_QUEUE_STANDING_BUDGET_MS)
        return waited_ms > budget


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
