from celery import shared_task

from reformportal.taskqueue import IDEMPOTENT


@shared_task(name="actionplans.send_report_reminders", **IDEMPOTENT)
def send_report_reminders():
    """Hourly: e-mail OPD admins whose triwulan report is missing (a week before and on the deadline)."""
    from .services import send_due_reminders

    return send_due_reminders()


@shared_task(name="actionplans.prune_old_blanks", **IDEMPOTENT)
def prune_old_blanks():
    """Nightly: uploaded blanks past RETENTION_BLANK_DAYS lose their file (the import log stays)."""
    from django.conf import settings

    from .services import prune_old_blanks as prune

    return prune(older_than_days=settings.RETENTION_BLANK_DAYS)


@shared_task(name="actionplans.build_national_export", **IDEMPOTENT)
def build_national_export(export_id):
    """The national export of a NationalExport row (see services.build_national_export)."""
    from .services import build_national_export as build

    build(export_id)
