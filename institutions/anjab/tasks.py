"""Celery task of Anjab/ABK: render a job map PDF (thin: ids in, the service does the work)."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services


@shared_task(bind=True, name="anjab.render_job_map", acks_late=True, reject_on_worker_lost=True, max_retries=3)
def render_job_map_task(self, document_id):
    try:
        services.render_job_map(document_id)
    except (OperationalError, InterfaceError, ConnectionError, TimeoutError) as exc:
        raise self.retry(exc=exc, countdown=min(300, 2 ** (self.request.retries + 1)))
    return document_id
