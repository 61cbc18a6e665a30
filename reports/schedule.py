"""When the beat schedule generates province packs: after each triwulan's reporting deadline.

Deadlines come from the action-plan reference data (`actionplans.ReportingDeadline`, through
`actionplans.selectors.reporting_deadline` when it exists). When a year has no deadline stored,
the documented default applies: the quarter's last day + `DEFAULT_DEADLINE_DAYS` days (10 days,
i.e. the 10th of the month after the triwulan, as the action-plan reference data also assumes).

The beat task runs daily; for every province Pemda it requests the pack of the latest triwulan
whose deadline has passed, once: a scheduled pack that exists already for that period is left
alone (request_report with unchanged data would return it anyway).
"""

import datetime
import importlib

from django.apps import apps
from django.utils import timezone

from actionplans.selectors import latest_due_period
from agencies.models import Pemda

from .data import quarter_end
from .models import Report

DEFAULT_DEADLINE_DAYS = 10


def reporting_deadline(year, quarter):
    """The last reporting day of a triwulan."""
    try:
        selectors = importlib.import_module("actionplans.selectors")
    except ModuleNotFoundError:
        selectors = None
    function = getattr(selectors, "reporting_deadline", None)
    if function is not None:
        value = function(year, quarter)
        if value:
            return getattr(value, "due_date", value)
    try:
        model = apps.get_model("actionplans", "ReportingDeadline")
    except LookupError:
        model = None
    if model is not None:
        row = model.objects.filter(year=year, quarter=quarter).first()
        if row is not None:
            return row.due_date
    return quarter_end(year, quarter) + datetime.timedelta(days=DEFAULT_DEADLINE_DAYS)


def latest_due_quarter(today):
    """(year, quarter) of the most recent triwulan whose deadline is before `today`, or None.

    Only years that have reference data count: on 11 April of a year nobody has set up, the
    packs stay on the previous year's TW IV instead of reporting a year without themes.
    """
    return latest_due_period(today)


def request_due_province_packs(today=None):
    from .services import request_report

    today = today or timezone.localdate()
    due = latest_due_quarter(today)
    if due is None:
        return []
    year, quarter = due
    created = []
    pemdas = Pemda.objects.filter(level=Pemda.Level.PROVINCE, opds__is_active=True).distinct().select_related("province")
    for pemda in pemdas:
        done_already = Report.objects.filter(
            kind=Report.Kind.PROVINCE, pemda=pemda, year=year, quarter=quarter, trigger=Report.Trigger.SCHEDULE
        ).exclude(status=Report.Status.FAILED)
        if done_already.exists():
            continue
        report, was_created = request_report(
            kind=Report.Kind.PROVINCE, pemda=pemda, year=year, quarter=quarter, by=None,
            trigger=Report.Trigger.SCHEDULE,
        )
        if was_created:
            created.append(report)
    return created
