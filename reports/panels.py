"""Quarterly reports on the OPD page (agencies finds this module by name)."""

from .models import Report


PANEL_ROWS = 5


def opd_panels(request, opd):
    all_reports = Report.objects.visible_to(request.user).filter(kind=Report.Kind.OPD, opd=opd)
    reports = list(all_reports.select_related("opd", "pemda")[:PANEL_ROWS])
    # The panel shows the latest few; the count says how many more the reports page lists.
    total = all_reports.count() if len(reports) == PANEL_ROWS else len(reports)
    return [{"template": "reports/_panel_opd_reports.html", "opd": opd, "reports": reports, "total": total}]
