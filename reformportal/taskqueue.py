"""Sending Celery tasks without hanging when the broker (Redis) is down.

A page that asks for background work (a quarterly report, an export) calls

    from reformportal.taskqueue import send_task_safely, TaskQueueUnavailable
    try:
        result = send_task_safely(build_report, report.pk)
    except TaskQueueUnavailable as exc:
        messages.error(request, str(exc))   # clear Indonesian message, within a few seconds

or, inside a transaction, `send_on_commit(task, *args)` (the task is sent only if the
transaction commits; a broker failure is logged and recorded, not raised into a committed
request).

Delivery rules: globally a task is acknowledged when a worker receives it (a crash never runs
it twice). A task that is safe to run twice (idempotent: it recomputes and overwrites) opts in
to "at least once" with `@shared_task(**IDEMPOTENT)`: acknowledged after it finishes and put
back on the queue if the worker dies mid-task.
"""

import logging
import os
import socket
import uuid
from time import monotonic

from celery.backends.filesystem import FilesystemBackend
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from kombu.exceptions import ChannelError
from kombu.exceptions import OperationalError as KombuOperationalError
from kombu.transport import filesystem
from kombu.utils.encoding import ensure_bytes
from kombu.utils.json import dumps

logger = logging.getLogger("reformportal.tasks")

IDEMPOTENT = {"acks_late": True, "reject_on_worker_lost": True}

# Connection errors a publish can raise when the broker is unreachable.
BROKER_ERRORS = (KombuOperationalError, ConnectionError, socket.timeout, TimeoutError, OSError)
try:  # redis-py's own errors (also ConnectionError subclasses in recent versions)
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    BROKER_ERRORS += (RedisConnectionError, RedisTimeoutError)
except ImportError:  # pragma: no cover
    pass


class TaskQueueUnavailable(Exception):
    """The broker did not accept the task; str(exc) is a message for the user."""

    def __init__(self, message=None):
        super().__init__(
            message
            or _(
                "Antrean tugas latar belakang sedang tidak tersedia, sehingga permintaan belum dapat diproses. "
                "Silakan coba lagi beberapa menit lagi; data Anda tidak berubah."
            )
        )


def send_task_safely(task, *args, queue=None, **kwargs):
    """`task.apply_async(args, kwargs)` that fails within the broker timeouts instead of retrying.

    `queue` overrides the task's route (CELERY_TASK_ROUTES, else the interactive queue).
    Returns the AsyncResult (an EagerResult when tasks run eagerly). Raises TaskQueueUnavailable.
    """
    timeout = getattr(settings, "CELERY_BROKER_CONNECTION_TIMEOUT", 3)
    options = {"queue": queue} if queue else {}
    try:
        return task.apply_async(
            args=args,
            kwargs=kwargs,
            retry=False,
            connect_timeout=timeout,
            **options,
        )
    except BROKER_ERRORS as exc:
        logger.error("task %s not sent, broker unavailable: %s", getattr(task, "name", task), exc)
        raise TaskQueueUnavailable() from exc


def send_on_commit(task, *args, **kwargs):
    """Send the task after the current transaction commits; broker errors are logged, not raised."""

    def send():
        try:
            send_task_safely(task, *args, **kwargs)
        except TaskQueueUnavailable:
            pass  # already logged; the caller's data is committed and the task can be re-requested

    transaction.on_commit(send)


def current_queue(task_request):
    """The queue a running task was taken from (None when it runs eagerly), so the work it fans
    out stays on the same queue: a nightly pack's parts on batch, a requested one's on interactive."""
    return (task_request.delivery_info or {}).get("routing_key") or None

# --- the embedded broker (no REDIS_URL): kombu's filesystem transport, written atomically ------
#
# kombu's filesystem channel creates a message file and then writes it, and its reader moves files
# without taking the writer's lock: a worker polling at that moment reads an empty message and
# stops ("Unrecoverable error: JSONDecodeError"). Celery's file result backend writes in place the
# same way. Both classes below write to a temporary name the reader skips and rename the file into
# place (atomic on POSIX), through the extension points kombu and Celery document for custom
# transports (Channel._put) and key-value result backends (set).

def _write_atomically(path, data):
    path = os.fsdecode(path)
    temporary = f"{path}.{uuid.uuid4().hex}.tmp"
    with open(temporary, "wb") as handle:
        handle.write(data)
    os.replace(temporary, path)


class FilesystemChannel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        # The name kombu's reader expects ("<ms>_<uuid>.<queue>.msg"); ".tmp" hides it until renamed.
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        try:
            _write_atomically(os.path.join(self.data_folder_out, name), ensure_bytes(dumps(payload)))
        except OSError as exc:
            raise ChannelError(f"Cannot add file {name!r} to directory") from exc


class FilesystemTransport(filesystem.Transport):
    """CELERY_BROKER_TRANSPORT without REDIS_URL (settings.py)."""

    Channel = FilesystemChannel


class FilesystemResultBackend(FilesystemBackend):
    """CELERY_RESULT_BACKEND without REDIS_URL: result files under CELERY_DIR/results, written atomically."""

    def __init__(self, url=None, *args, **kwargs):
        super().__init__(url or f"file://{settings.CELERY_DIR / 'results'}", *args, **kwargs)

    def set(self, key, value):
        _write_atomically(os.path.join(self.path, ensure_bytes(key)), ensure_bytes(value))
