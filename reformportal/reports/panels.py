"""Quarterly reports on the OPD page (agencies finds this module by name)."""

from .models import Report


def opd_panels(request, opd):
    reports = list(
        Report.objects.visible_to(request.user)
        .filter(kind=Report.Kind.OPD, opd=opd)
        .select_related("opd", "pemda")[:5]
    )
    return [{"template": "reports/_panel_opd_reports.html", "opd": opd, "reports": reports}]
