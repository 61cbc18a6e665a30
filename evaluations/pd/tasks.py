"""The recap PDF task: thin, idempotent (a done recap is skipped), retried on transient errors."""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import recap

logger = logging.getLogger(__name__)
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
MAX_RETRIES = 5


@shared_task(bind=True, name="evaluations.generate_pd_recap", acks_late=True, reject_on_worker_lost=True,
             max_retries=MAX_RETRIES)
def generate_pd_recap(self, recap_id):
    try:
        return recap.generate(recap_id)
    except TRANSIENT as exc:
        if self.request.retries < MAX_RETRIES:
            raise self.retry(exc=exc, countdown=min(300, 2 ** (self.request.retries + 1))) from exc
        recap.fail(recap_id, exc)
        return "failed"
    except Exception as exc:  # noqa: BLE001 - anything else marks the recap failed with a reason
        recap.fail(recap_id, exc)
        return "failed"
