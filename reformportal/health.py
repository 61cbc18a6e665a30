"""The /healthz probe: database and broker status as JSON, 200 when both answer."""

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


@login_not_required
@never_cache
@require_GET
def healthz(request):
    checks = {"database": database_status(), "broker": broker_status()}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
