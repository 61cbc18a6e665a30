"""actionplans: declared expectations."""

from . import Pending

ENTRIES = []

PENDING = [
    Pending("actionplans:index", ("GET", "POST"), "not exercised yet"),
    Pending("actionplans:mine", ("GET", "POST"), "not exercised yet"),
    Pending("actionplans:opd", ("GET", "POST"), "not exercised yet"),
    Pending("actionplans:create", ("GET", "POST"), "not exercised yet"),
    Pending("actionplans:blank", ("GET", "POST"), "not exercised yet"),
    Pending("actionplans:upload", ("GET", "POST"), "not exercised yet"),
    Pending("actionplans:import", ("GET", "POST"), "not exercised yet"),
    Pending("actionplans:import_commit", ("GET", "POST"), "not exercised yet"),
    Pending("actionplans:import_file", ("GET", "POST"), "not exercised yet"),
    Pending("actionplans:detail", ("GET", "POST"), "not exercised yet"),
    Pending("actionplans:edit", ("GET", "POST"), "not exercised yet"),
    Pending("actionplans:report", ("GET", "POST"), "not exercised yet"),
    Pending("actionplans:report_action", ("GET", "POST"), "not exercised yet"),
    Pending("actionplans:evidence_add", ("GET", "POST"), "not exercised yet"),
    Pending("actionplans:evidence", ("GET", "POST"), "not exercised yet"),
    Pending("actionplans:evidence_delete", ("GET", "POST"), "not exercised yet"),
    Pending("actionplans:matrix", ("GET", "POST"), "not exercised yet"),
    Pending("actionplans:queue", ("GET", "POST"), "not exercised yet"),
    Pending("actionplans:not_reported", ("GET", "POST"), "not exercised yet"),
    Pending("actionplans:targets", ("GET", "POST"), "not exercised yet"),
    Pending("actionplans:export", ("GET", "POST"), "not exercised yet"),
    Pending("/api/v1/action-plans/", ('GET', 'POST'), "not exercised yet", api=True),
    Pending("/api/v1/action-plans/{id}/", ('DELETE', 'GET', 'PATCH'), "not exercised yet", api=True),
    Pending("/api/v1/progress-reports/", ('GET', 'POST'), "not exercised yet", api=True),
    Pending("/api/v1/progress-reports/{id}/", ('GET',), "not exercised yet", api=True),
    Pending("/api/v1/progress-reports/{id}/reopen/", ('POST',), "not exercised yet", api=True),
    Pending("/api/v1/progress-reports/{id}/return/", ('POST',), "not exercised yet", api=True),
    Pending("/api/v1/progress-reports/{id}/submit/", ('POST',), "not exercised yet", api=True),
    Pending("/api/v1/progress-reports/{id}/verify/", ('POST',), "not exercised yet", api=True),
]
