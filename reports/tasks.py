"""Celery tasks for the quarterly reports: thin wrappers that load ids and call services.

All tasks are IDEMPOTENT (reformportal.taskqueue: `acks_late` with `reject_on_worker_lost`): a worker killed mid-task leaves the
message unacknowledged and the broker hands it to the next worker. The services make that safe
(see services.py: the final file is written once, under a row lock). Transient errors (database
or broker connection, file system) retry with exponential back-off; anything else marks the
report failed with a readable reason.
"""

import logging

from celery import shared_task
from celery.signals import worker_init
from django.db import InterfaceError, OperationalError

from reformportal.taskqueue import IDEMPOTENT, current_queue

from . import services

logger = logging.getLogger(__name__)

try:  # the Redis client is only present with a real broker
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError
except ImportError:  # pragma: no cover
    RedisConnectionError = RedisTimeoutError = ConnectionError

TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError, RedisConnectionError, RedisTimeoutError)
MAX_RETRIES = 5
# idempotent (each task recomputes and overwrites its output), retried on transient errors
RELIABLE = {**IDEMPOTENT, "max_retries": MAX_RETRIES}


@worker_init.connect
def warm_pdf_renderer(**_kwargs):
    """Warm WeasyPrint (fonts, stylesheets) and the report templates in the worker's parent process.

    The pool processes fork from it, so none of them pays the first-document cost (~1 s).
    Then everything loaded so far is frozen out of the cyclic collector (as the gc docs advise
    before forking): collections in the pool processes no longer walk it, and its memory pages
    stay shared with the parent.
    """
    import gc

    from django.template.loader import get_template

    from reformportal.pdf import warm_up

    warm_up(services.REPORT_CSS)
    for name in services.REPORT_TEMPLATES:
        try:
            get_template(name)  # compiled once into the cached template loader
        except Exception:  # noqa: BLE001
            logger.warning("report template %s did not load", name, exc_info=True)
    gc.freeze()


def _backoff(task):
    return min(300, 2 ** (task.request.retries + 1))


def _retry_or_fail(task, report_id, exc):
    if task.request.retries < MAX_RETRIES:
        logger.warning("report %s: transient error, retrying: %s", report_id, exc)
        if task.request.is_eager:
            # Eager (no broker): Task.apply re-runs a task that returns its Retry, without raising.
            return task.retry(exc=exc, countdown=_backoff(task), throw=False)
        raise task.retry(exc=exc, countdown=_backoff(task))
    services.fail(report_id, exc)
    return "failed"


def _run_for_report(task, report_id, work, *, failed, log_message, log_args=()):
    """`work()` under the reports' failure rule: a transient error retries the task (the report
    fails once the retries run out); any other error is logged with `log_message` and fails the
    report at once, and the task returns `failed`."""
    try:
        return work()
    except TRANSIENT as exc:
        return _retry_or_fail(task, report_id, exc)
    except Exception as exc:
        logger.exception(log_message, report_id, *log_args)
        services.fail(report_id, exc)
    return failed


@shared_task(bind=True, name="reports.generate_report", **RELIABLE)
def generate_report(self, report_id):
    """Generate one report: an OPD report directly, a province pack by fanning out per OPD."""
    return _run_for_report(
        self, report_id, lambda: services.generate(report_id, queue=current_queue(self.request)),
        failed="failed", log_message="report %s failed",
    )


@shared_task(bind=True, name="reports.render_pack_part", **RELIABLE)
def render_pack_part(self, report_id, opd_id, total=0):
    """One OPD's annex pages of a province pack (`total`: the pack's part count, for progress)."""
    return _run_for_report(
        self, report_id, lambda: services.render_part(report_id, opd_id, total),
        failed=None, log_message="report %s, OPD %s failed", log_args=(opd_id,),
    )


@shared_task(bind=True, name="reports.render_pack_front", **RELIABLE)
def render_pack_front(self, report_id):
    """The province pack's front pages (cover, summary, charts), rendered beside the OPD parts."""
    return _run_for_report(
        self, report_id, lambda: services.render_front_part(report_id),
        failed=None, log_message="report %s front pages failed",
    )


@shared_task(bind=True, name="reports.merge_pack", **RELIABLE)
def merge_pack(self, report_id, opd_ids):
    """Front part + parts -> the province pack, numbered across all pages."""

    def merge():
        services.merge_pack(report_id, opd_ids)
        return "done"

    return _run_for_report(self, report_id, merge, failed="failed", log_message="report %s merge failed")


@shared_task(bind=True, name="reports.generate_due_province_packs", acks_late=True, reject_on_worker_lost=True)
def generate_due_province_packs(self):
    """Beat: every province pack of each triwulan whose reporting deadline has passed."""
    from .schedule import request_due_province_packs

    return [report.pk for report in request_due_province_packs()]


@shared_task(name="reports.prune_superseded_reports", acks_late=True, reject_on_worker_lost=True)
def prune_superseded_reports():
    """Nightly: reports replaced by a newer one more than RETENTION_SUPERSEDED_REPORT_DAYS ago."""
    from django.conf import settings

    return services.prune_superseded_reports(older_than_days=settings.RETENTION_SUPERSEDED_REPORT_DAYS)
