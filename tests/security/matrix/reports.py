"""Quarterly reports: list/request, progress, download (Report.objects.visible_to decides).

Who may request which report is decided by the request form's choices
(reports.services.can_request_*), tested in tests/reports/test_pages.py; here a
POST of the empty form answers the page again for every signed-in user.
"""

from django.core.files.base import ContentFile
from django.urls import reverse

from reports.models import Report

from . import ANY_USER, VISIBLE, Api, Page, roles


def build(world):
    for t in world.targets.values():
        report = Report(kind=Report.Kind.OPD, pemda=t.pemda, opd=t.opd, year=2025, quarter=1, status=Report.Status.DONE)
        report.file.save("laporan.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
        t.report = report


def url(name):
    return lambda w, t: reverse(f"reports:{name}", args=[t.report.pk])


ENTRIES = [
    Page("reports:list", GET=ANY_USER, POST=ANY_USER),
    Page("reports:national", GET=roles("observer", "superuser")),
    Api("/api/v1/national-overview/", GET=roles("observer", "superuser")),
    Page("reports:detail", url=url("detail"), obj=lambda t: t.report, GET=VISIBLE),
    Page("reports:status", url=url("status"), obj=lambda t: t.report, GET=VISIBLE),
    Page("reports:download", url=url("download"), obj=lambda t: t.report, GET=VISIBLE),
]

PENDING = []
