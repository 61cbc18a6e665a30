"""The /healthz probe: database, broker and workers as JSON.

HTTP 200 when the database and the broker answer, 503 otherwise: the web container's health
and the load balancer depend on those two only, so a missing worker does not take the web
process out of service. Workers are reported per queue (interactive, batch) from a control
ping; with no worker on a queue the status reads "degraded".

The ping waits its whole timeout for replies, so /healthz never waits for it in line: its answer
is kept in the cache for WORKER_STATUS_SECONDS and one request at a time refreshes it, while the
others read the last answer (`checked_seconds_ago` says how old). The probe thus stays a database
query and a broker ping, and keeps answering within milliseconds during an overload.
"""

import os
import time

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        return {"ok": False, "vendor": connection.vendor, "error": type(exc).__name__}


def broker_status():
    if not settings.REDIS_URL:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            return {"ok": True, "mode": "eager"}
        # The embedded filesystem queue (make run): healthy while its folder takes messages.
        queue = settings.CELERY_DIR / "queue"
        return {"ok": queue.is_dir() and os.access(queue, os.W_OK), "mode": "filesystem"}
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
        client.ping()
        return {"ok": True, "mode": "redis"}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "mode": "redis", "error": type(exc).__name__}


WORKER_PING_TIMEOUT = 0.5
WORKER_STATUS_SECONDS = 15
WORKER_STATUS_KEY = "healthz:workers"
WORKER_PING_LOCK = "healthz:workers:ping"


def worker_status():
    """Which queues have a worker that answers: the last ping's answer, refreshed when stale."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "eager"}
    from django.core.cache import cache

    last = cache.get(WORKER_STATUS_KEY)
    now = time.time()
    # When stale, one request pings (the lock) and the others give the last answer meanwhile.
    if last is None or (
        now - last["checked"] >= WORKER_STATUS_SECONDS
        and cache.add(WORKER_PING_LOCK, True, timeout=WORKER_PING_TIMEOUT * 4)
    ):
        last = {"checked": now, "status": ping_workers()}
        cache.set(WORKER_STATUS_KEY, last, timeout=WORKER_STATUS_SECONDS * 4)
        cache.delete(WORKER_PING_LOCK)
    return last["status"] | {"checked_seconds_ago": round(now - last["checked"], 1)}


def ping_workers():
    """Which queues have a worker that answers, from one control broadcast."""
    from .celery import app

    queues = [settings.CELERY_QUEUE_INTERACTIVE, settings.CELERY_QUEUE_BATCH]
    try:
        replies = app.control.inspect(timeout=WORKER_PING_TIMEOUT).active_queues() or {}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": type(exc).__name__, "queues": dict.fromkeys(queues, 0)}
    served = {queue: 0 for queue in queues}
    for worker_queues in replies.values():
        for queue in worker_queues or []:
            if queue.get("name") in served:
                served[queue["name"]] += 1
    return {"ok": all(served.values()), "workers": len(replies), "queues": served}


@login_not_required
@never_cache
@require_GET
def healthz(request):
    checks = {"database": database_status(), "broker": broker_status()}
    healthy = all(check["ok"] for check in checks.values())
    checks["workers"] = worker_status() if checks["broker"]["ok"] else {"ok": False, "error": "broker"}
    status = "ok" if healthy and checks["workers"]["ok"] else "degraded" if healthy else "error"
    return JsonResponse({"status": status, **checks}, status=200 if healthy else 503)
