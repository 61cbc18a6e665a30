"""Every page route has its query count asserted at two data sizes, or says here why it has none.

The measured side is read from the tables the query-count modules parametrize over (each keyed by
route name, see tests/query_counts.py), so a page added later without a count fails here, named.
Left out: the admin, the API (its lists have their own keyset and query-count tests), the
language switch, static and media files, and the health check.
"""

from django.test import RequestFactory
from django.urls import URLResolver, get_resolver

from .actionplans import test_national_query_counts as actionplan_pages
from .actionplans import test_query_counts as actionplan_lists
from .agencies import test_query_counts as agency_pages
from .evaluations import test_pd_query_counts as pd_pages
from .evaluations import test_query_counts as evaluation_pages
from .institutions import test_query_counts as institution_pages
from .institutions.anjab import test_query_counts as anjab_pages
from .meetings import test_query_counts as meeting_pages
from .query_counts import routes_of
from .reports import test_query_counts as report_pages

MEASURED = set().union(*map(routes_of, [
    actionplan_lists.PAGES,
    actionplan_lists.REDIRECTS,
    actionplan_pages.PAGES,
    agency_pages.PAGES,
    evaluation_pages.PAGES,
    pd_pages.PAGES,
    institution_pages.PAGES,
    anjab_pages.PAGES,
    meeting_pages.PAGES,
    report_pages.PAGES,
]))

LEFT_OUT = ("admin/", "api/", "i18n/", "static/", "media/", "healthz")

POST_ONLY = "POST-only action that redirects (GET answers 405: checked below)"
ACCOUNT = "Django's own account page (django.contrib.auth.urls): a form, no list"
UPLOAD = "serves one stored upload after its access helper (reformportal.uploads.serve_upload)"
FINISHED_JOB = "serves a finished background job's stored file after its access helper; its status is measured"

NOT_MEASURED = {
    "agencies:api_token_revoke": POST_ONLY,
    "actionplans:upload": POST_ONLY,
    "actionplans:import_commit": POST_ONLY,
    "actionplans:report_action": POST_ONLY,
    "actionplans:evidence_add": POST_ONLY,
    "actionplans:evidence_delete": POST_ONLY,
    "actionplans:reference_year_create": POST_ONLY,
    "actionplans:evidence": UPLOAD,
    "actionplans:import_file": UPLOAD,
    "actionplans:national_export_file": FINISHED_JOB,
    "evaluations:objection_decide": POST_ONLY,
    "evaluations:framework_new_version": POST_ONLY,
    "evaluations:recommendation_start": POST_ONLY,
    "evaluations:recommendation_answer": POST_ONLY,
    "evaluations:recommendation_review": POST_ONLY,
    "evaluations:pd_recap_pdf": POST_ONLY,
    "evaluations:pd_assessment_create": POST_ONLY,
    "evaluations:pd_submission_submit": POST_ONLY,
    "evaluations:pd_recommendation_create": POST_ONLY,
    "evaluations:pd_answer": POST_ONLY,
    "evaluations:pd_verify": POST_ONLY,
    "evaluations:lhe_document": UPLOAD,
    "evaluations:objection_evidence": UPLOAD,
    "evaluations:follow_up_evidence": UPLOAD,
    "evaluations:pd_answer_evidence": UPLOAD,
    "evaluations:pd_recap_download": FINISHED_JOB,
    "meetings:held": POST_ONLY,
    "meetings:approve_minutes": POST_ONLY,
    "meetings:attachment_add": POST_ONLY,
    "meetings:attachment_delete": POST_ONLY,
    "meetings:attachment": UPLOAD,
    "meetings:follow_up_evidence": UPLOAD,
    "institutions:baseline": POST_ONLY,
    "institutions:unit_add": POST_ONLY,
    "institutions:unit_delete": POST_ONLY,
    "institutions:mismatch_propose": POST_ONLY,
    "institutions:mismatch_verify": POST_ONLY,
    "institutions:regulation_facilitate": POST_ONLY,
    "institutions:regulation_enact": POST_ONLY,
    "institutions:regulation_model": POST_ONLY,
    "institutions:issue_status": POST_ONLY,
    "institutions:abk_start": POST_ONLY,
    "institutions:abk_action": POST_ONLY,
    "institutions:abk_job_map_request": POST_ONLY,
    "institutions:abk_upload": POST_ONLY,
    "institutions:abk_import_commit": POST_ONLY,
    "institutions:structure_file": UPLOAD,
    "institutions:regulation_file": UPLOAD,
    "institutions:abk_import_file": UPLOAD,
    "reports:download": FINISHED_JOB,
    "login": ACCOUNT,
    "logout": ACCOUNT,
    "password_change": ACCOUNT,
    "password_change_done": ACCOUNT,
    "password_reset": ACCOUNT,
    "password_reset_done": ACCOUNT,
    "password_reset_confirm": ACCOUNT,
    "password_reset_complete": ACCOUNT,
}


def page_routes(patterns=None, prefix="", namespace=None):
    """{route name or its pattern when unnamed: (pattern, view)} for every route outside LEFT_OUT."""
    routes = {}
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        path = prefix + str(pattern.pattern)
        if path.startswith(LEFT_OUT):
            continue
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            routes |= page_routes(pattern.url_patterns, path, inner)
        else:
            name = ":".join(filter(None, [namespace, pattern.name])) if pattern.name else f"unnamed {path}"
            routes[name] = (path, pattern.callback)
    return routes


def test_every_page_route_has_a_two_size_query_count_or_a_reason():
    missing = sorted(set(page_routes()) - MEASURED - set(NOT_MEASURED))
    assert not missing, "pages with neither a query-count test nor a reason in NOT_MEASURED:\n" + "\n".join(
        f"{name}  ({page_routes()[name][0]})" for name in missing
    )


def test_the_reasons_name_routes_that_exist_and_are_not_measured():
    routes = set(page_routes())
    assert not set(NOT_MEASURED) - routes, "NOT_MEASURED names routes that no longer exist"
    assert not set(NOT_MEASURED) & MEASURED, "NOT_MEASURED names routes that are measured"
    assert not MEASURED - routes, "a query-count table names a route that does not exist"


def test_the_post_only_routes_refuse_a_get():
    routes = page_routes()
    for name, reason in NOT_MEASURED.items():
        if reason == POST_ONLY:
            view = routes[name][1]
            assert view(RequestFactory().get("/")).status_code == 405, name
