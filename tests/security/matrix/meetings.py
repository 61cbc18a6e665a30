"""meetings: declared expectations."""

from . import Pending

ENTRIES = []

PENDING = [
    Pending("meetings:list", ("GET", "POST"), "not exercised yet"),
    Pending("meetings:create", ("GET", "POST"), "not exercised yet"),
    Pending("meetings:detail", ("GET", "POST"), "not exercised yet"),
    Pending("meetings:edit", ("GET", "POST"), "not exercised yet"),
    Pending("meetings:held", ("GET", "POST"), "not exercised yet"),
    Pending("meetings:approve_minutes", ("GET", "POST"), "not exercised yet"),
    Pending("meetings:minutes_pdf", ("GET", "POST"), "not exercised yet"),
    Pending("meetings:attendance", ("GET", "POST"), "not exercised yet"),
    Pending("meetings:attendance_import", ("GET", "POST"), "not exercised yet"),
    Pending("meetings:attendance_template", ("GET", "POST"), "not exercised yet"),
    Pending("meetings:attachment_add", ("GET", "POST"), "not exercised yet"),
    Pending("meetings:attachment", ("GET", "POST"), "not exercised yet"),
    Pending("meetings:attachment_delete", ("GET", "POST"), "not exercised yet"),
    Pending("meetings:follow_ups", ("GET", "POST"), "not exercised yet"),
    Pending("meetings:follow_up", ("GET", "POST"), "not exercised yet"),
    Pending("meetings:follow_up_evidence", ("GET", "POST"), "not exercised yet"),
    Pending("/api/v1/external-units/", ('GET',), "not exercised yet", api=True),
    Pending("/api/v1/external-units/{id}/", ('GET',), "not exercised yet", api=True),
    Pending("/api/v1/meeting-attendance/", ('GET',), "not exercised yet", api=True),
    Pending("/api/v1/meeting-attendance/{id}/", ('GET',), "not exercised yet", api=True),
    Pending("/api/v1/meeting-decisions/", ('GET', 'POST'), "not exercised yet", api=True),
    Pending("/api/v1/meeting-decisions/{id}/", ('GET',), "not exercised yet", api=True),
    Pending("/api/v1/meeting-follow-ups/", ('GET', 'POST'), "not exercised yet", api=True),
    Pending("/api/v1/meeting-follow-ups/{id}/", ('GET',), "not exercised yet", api=True),
    Pending("/api/v1/meeting-follow-ups/{id}/close/", ('POST',), "not exercised yet", api=True),
    Pending("/api/v1/meeting-follow-ups/{id}/progress/", ('POST',), "not exercised yet", api=True),
    Pending("/api/v1/meeting-recommendations/", ('GET', 'POST'), "not exercised yet", api=True),
    Pending("/api/v1/meeting-recommendations/{id}/", ('GET',), "not exercised yet", api=True),
    Pending("/api/v1/meetings/", ('GET', 'POST'), "not exercised yet", api=True),
    Pending("/api/v1/meetings/{id}/", ('GET', 'PATCH', 'PUT'), "not exercised yet", api=True),
    Pending("/api/v1/meetings/{id}/approve-minutes/", ('POST',), "not exercised yet", api=True),
    Pending("/api/v1/meetings/{id}/attendance/", ('PUT',), "not exercised yet", api=True),
]
