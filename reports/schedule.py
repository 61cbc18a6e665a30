"""When the beat schedule generates province packs: after each triwulan's reporting deadline.

The deadlines are the action plans' (`actionplans.selectors.reporting_deadline`: the stored
`ReportingDeadline`, else the regulation's default, the 10th of the month after the triwulan), and
`actionplans.selectors.latest_due_period` says which triwulan's has passed, in years that have
reference data.

The beat task runs daily; for every province Pemda it requests the pack of the latest triwulan
whose deadline has passed, once: a scheduled pack that exists already for that period is left
alone (request_report with unchanged data would return it anyway).
"""

from django.utils import timezone

from actionplans.selectors import latest_due_period
from agencies.models import Pemda

from .models import Report


def request_due_province_packs(today=None):
    from .services import request_report

    due = latest_due_period(today or timezone.localdate())
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
