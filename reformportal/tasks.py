from celery import shared_task


@shared_task(name="reformportal.ping")
def ping():
    """Answers through the broker and a worker; /healthz and the CI worker test use it."""
    return "pong"


@shared_task(name="reformportal.database_check")
def database_check():
    """The /healthz database probe, run inside a worker: proves the worker reaches the same database."""
    from django.db import connection

    from .health import database_status

    return database_status() | {"name": str(connection.settings_dict["NAME"])}


@shared_task(name="reformportal.prune_sessions_and_login_attempts", acks_late=True, reject_on_worker_lost=True)
def prune_sessions_and_login_attempts():
    """Nightly: expired sessions (clearsessions) and login records past RETENTION_LOGIN_ATTEMPT_DAYS."""
    from datetime import timedelta

    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    call_command("clearsessions")
    cutoff = timezone.now() - timedelta(days=settings.RETENTION_LOGIN_ATTEMPT_DAYS)
    return {
        "attempts": AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()[0],
        "logins": AccessLog.objects.filter(attempt_time__lt=cutoff).delete()[0],
        "failures": AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()[0],
    }


@shared_task(name="reformportal.nightly_backup")
def nightly_backup():
    """Nightly (when BACKUP_DIR is set): a new backup folder, then only the newest BACKUP_KEEP kept."""
    from django.conf import settings

    from .backup import backup_and_rotate

    return str(backup_and_rotate(settings.BACKUP_DIR, keep=settings.BACKUP_KEEP))
