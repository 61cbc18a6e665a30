"""The /healthz probe: database, broker and workers as JSON.

HTTP 200 when the database and the broker answer, 503 otherwise: the web container's health
and the load balancer depend on those two only, so a missing worker does not take the web
process out of service. Workers are reported per queue (interactive, batch) from a one-second
control ping; with no worker on a queue the status reads "degraded".
"""

import os

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


WORKER_PING_TIMEOUT = 1.0


def worker_status():
    """Which queues have a worker that answers, from one control broadcast."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "eager"}
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
