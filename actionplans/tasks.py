from celery import shared_task

from reformportal.taskqueue import IDEMPOTENT


@shared_task(name="actionplans.send_report_reminders", **IDEMPOTENT)
def send_report_reminders():
    """Hourly: e-mail OPD admins whose triwulan report is missing (a week before and on the deadline)."""
    from .services import send_due_reminders

    return send_due_reminders()
