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
