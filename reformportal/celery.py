"""The Celery app: settings from Django (CELERY_* names), tasks from every installed app's tasks.py.

Without REDIS_URL the settings make every task run eagerly in-process (no broker, no worker).
"""

import os

from celery import Celery

from . import observability  # noqa: F401  (request ids and one log line per task)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reformportal.settings")

app = Celery("reformportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# reformportal is the wiring, not an installed app: its health tasks are listed here.
app.autodiscover_tasks(["reformportal"])
app.autodiscover_tasks(["institutions.anjab"])  # a sub-package of institutions: not found by the app scan
