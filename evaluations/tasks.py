"""Celery tasks of the evaluations app (found by autodiscovery; the maturity recap lives in pd/)."""

from .pd.tasks import generate_pd_recap  # noqa: F401
