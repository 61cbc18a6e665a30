from celery import shared_task


@shared_task(name="reformportal.ping")
def ping():
    """Answers through the broker and a worker; /healthz and the CI worker test use it."""
    return "pong"
