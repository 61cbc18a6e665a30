"""evaluations: declared expectations."""

from . import Pending

ENTRIES = []

PENDING = [
    Pending("evaluations:lhe_list", ("GET", "POST"), "not exercised yet"),
    Pending("evaluations:lhe_create", ("GET", "POST"), "not exercised yet"),
    Pending("evaluations:lhe", ("GET", "POST"), "not exercised yet"),
    Pending("evaluations:lhe_edit", ("GET", "POST"), "not exercised yet"),
    Pending("evaluations:lhe_document", ("GET", "POST"), "not exercised yet"),
    Pending("evaluations:lhe_scores", ("GET", "POST"), "not exercised yet"),
    Pending("evaluations:lhe_simulator", ("GET", "POST"), "not exercised yet"),
    Pending("evaluations:lhe_worksheet", ("GET", "POST"), "not exercised yet"),
    Pending("evaluations:lhe_import_scores", ("GET", "POST"), "not exercised yet"),
    Pending("evaluations:finding_create", ("GET", "POST"), "not exercised yet"),
    Pending("evaluations:recommendation_create", ("GET", "POST"), "not exercised yet"),
    Pending("evaluations:my_recommendations", ("GET", "POST"), "not exercised yet"),
    Pending("evaluations:recommendation", ("GET", "POST"), "not exercised yet"),
    Pending("evaluations:recommendation_start", ("GET", "POST"), "not exercised yet"),
    Pending("evaluations:recommendation_answer", ("GET", "POST"), "not exercised yet"),
    Pending("evaluations:recommendation_review", ("GET", "POST"), "not exercised yet"),
    Pending("evaluations:follow_up_evidence", ("GET", "POST"), "not exercised yet"),
    Pending("evaluations:review_queue", ("GET", "POST"), "not exercised yet"),
    Pending("evaluations:completion", ("GET", "POST"), "not exercised yet"),
    Pending("evaluations:frameworks", ("GET", "POST"), "not exercised yet"),
    Pending("evaluations:framework", ("GET", "POST"), "not exercised yet"),
    Pending("evaluations:framework_export", ("GET", "POST"), "not exercised yet"),
    Pending("evaluations:framework_import", ("GET", "POST"), "not exercised yet"),
    Pending("/api/v1/evaluation-frameworks/", ('GET',), "not exercised yet", api=True),
    Pending("/api/v1/evaluation-frameworks/{id}/", ('GET',), "not exercised yet", api=True),
    Pending("/api/v1/lhe-follow-ups/", ('GET', 'POST'), "not exercised yet", api=True),
    Pending("/api/v1/lhe-follow-ups/{id}/", ('GET',), "not exercised yet", api=True),
    Pending("/api/v1/lhe-recommendations/", ('GET',), "not exercised yet", api=True),
    Pending("/api/v1/lhe-recommendations/{id}/", ('GET',), "not exercised yet", api=True),
    Pending("/api/v1/lhe-recommendations/{id}/close/", ('POST',), "not exercised yet", api=True),
    Pending("/api/v1/lhe-recommendations/{id}/return/", ('POST',), "not exercised yet", api=True),
    Pending("/api/v1/lhe-recommendations/{id}/start/", ('POST',), "not exercised yet", api=True),
    Pending("/api/v1/lhe/", ('GET', 'POST'), "not exercised yet", api=True),
    Pending("/api/v1/lhe/{id}/", ('GET',), "not exercised yet", api=True),
    Pending("/api/v1/lhe/{id}/scores/", ('POST',), "not exercised yet", api=True),
]
