"""API: scoped lists with filters, writes through services, workflow endpoints, schema, query counts."""

import pytest
from rest_framework.test import APIClient

from actionplans.models import ActionPlan, ProgressReport, Theme

from .factories import make_plan, make_plans, make_report

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def data(cast):
    a = make_plan(cast.dinkes, "RA-01")
    make_report(a, 3, 70, "submitted")
    b = make_plan(cast.kominfo, "RA-01", theme_code="B2")
    make_report(b, 2, 10, "verified")
    c = make_plan(cast.kaltim_dinkes, "RA-01")
    make_report(c, 3, 1, "submitted")
    return a, b, c


def test_lists_are_scoped(cast, data):
    a, b, c = data
    codes = lambda user, url: sorted(r["id"] for r in api(user).get(url).json()["results"])  # noqa: E731
    assert codes(cast.opd_admin, "/api/v1/action-plans/") == [a.pk]
    assert codes(cast.biro, "/api/v1/action-plans/") == [a.pk, b.pk]
    assert codes(cast.biro_other, "/api/v1/action-plans/") == [c.pk]
    assert codes(cast.observer, "/api/v1/action-plans/") == [a.pk, b.pk, c.pk]
    assert codes(cast.bagian, "/api/v1/action-plans/") == []
    assert len(codes(cast.opd_admin, "/api/v1/progress-reports/")) == 1
    assert api(cast.opd_admin_other).get(f"/api/v1/action-plans/{a.pk}/").status_code == 404
    report = a.reports.get()
    assert api(cast.biro_other).post(f"/api/v1/progress-reports/{report.pk}/verify/").status_code == 404


def test_filters(cast, data):
    a, b, _ = data
    client = api(cast.biro)
    assert [r["id"] for r in client.get("/api/v1/action-plans/?theme=B2").json()["results"]] == [b.pk]
    assert [r["id"] for r in client.get(f"/api/v1/action-plans/?opd={cast.dinkes.pk}&year=2025").json()["results"]] == [a.pk]
    assert client.get("/api/v1/action-plans/?year=2024").json()["count"] == 0
    reports = client.get("/api/v1/progress-reports/?triwulan=3&status=submitted").json()["results"]
    assert [r["plan"] for r in reports] == [a.pk]
    assert client.get("/api/v1/progress-reports/?quarter=2&theme=B2&year=2025").json()["count"] == 1


def test_workflow_endpoints(cast, data):
    a, _, _ = data
    report = a.reports.get()
    url = f"/api/v1/progress-reports/{report.pk}"
    assert api(cast.opd_admin).post(f"{url}/verify/").status_code == 403
    assert api(cast.biro).post(f"{url}/return/", {"comment": ""}).status_code == 400
    response = api(cast.biro).post(f"{url}/return/", {"comment": "Lengkapi"})
    assert response.status_code == 200 and response.json()["status"] == "returned"
    assert api(cast.opd_admin).post(f"{url}/submit/").json()["status"] == "submitted"
    body = api(cast.biro).post(f"{url}/verify/").json()
    assert body["status"] == "verified" and [t["to_status"] for t in body["transitions"]] == ["returned", "submitted", "verified"]
    assert api(cast.bagian).post(f"{url}/reopen/", {"comment": "x"}).status_code == 404
    assert api(cast.leader).post(f"{url}/reopen/", {"comment": "x"}).status_code == 403
    assert api(cast.biro).post(f"{url}/reopen/", {"comment": "Salah"}).json()["status"] == "returned"


def test_writes_go_through_services(cast, data, kegiatan_utama):
    theme = Theme.objects.get(programme__year=2025, code="G2")
    payload = {"opd": cast.dinkes.pk, "year": 2025, "theme": theme.pk, "code": "RA-09", "goal": "Sasaran", "indicator": "Indikator",
               "unit": "dokumen", "annual_target": "4", "target_mode": "per_quarter", "target_q1": "1", "target_q2": "1",
               "target_q3": "1", "target_q4": "1", "kegiatan_utama": kegiatan_utama.pk}
    response = api(cast.opd_admin).post("/api/v1/action-plans/", payload, format="json")
    assert response.status_code == 201, response.json()
    plan = ActionPlan.objects.get(code="RA-09")
    assert plan.history.count() == 1
    assert api(cast.opd_admin).post("/api/v1/action-plans/", payload, format="json").status_code == 400  # duplicate code
    assert api(cast.leader).post("/api/v1/action-plans/", {**payload, "code": "RA-10"}, format="json").status_code == 403
    assert api(cast.opd_admin_other).post("/api/v1/action-plans/", {**payload, "code": "RA-11"}, format="json").status_code == 400
    assert api(cast.opd_admin).patch(f"/api/v1/action-plans/{plan.pk}/", {"indicator": "Baru"}, format="json").json()["indicator"] == "Baru"
    response = api(cast.opd_admin).post("/api/v1/progress-reports/", {"plan": plan.pk, "quarter": 1, "realisation": "1"}, format="json")
    assert response.status_code == 201 and response.json()["status"] == "draft"
    report = ProgressReport.objects.get(plan=plan, quarter=1)
    assert api(cast.opd_admin).post(f"/api/v1/progress-reports/{report.pk}/submit/").json()["status"] == "submitted"
    # locked while submitted
    assert api(cast.opd_admin).post("/api/v1/progress-reports/", {"plan": plan.pk, "quarter": 1, "realisation": "2"}, format="json").status_code == 400


def test_schema_lists_the_endpoints(cast, login):
    schema = login(cast.biro).get("/api/schema/").content.decode()
    for path in ("/api/v1/action-plans/", "/api/v1/progress-reports/{id}/verify/", "/api/v1/progress-reports/{id}/return/",
                 "/api/v1/progress-reports/{id}/reopen/", "/api/v1/progress-reports/{id}/submit/"):
        assert path in schema


@pytest.mark.parametrize("url,expected", [
    # force_authenticate reuses the user object, whose scope (membership) is already cached:
    # count, plans (OPD, theme, programme joined)
    ("/api/v1/action-plans/", 2),
    # count, reports (plan, theme joined), evidence, transitions (actor joined)
    ("/api/v1/progress-reports/", 4),
])
def test_api_list_query_count_is_flat(cast, django_assert_num_queries, url, expected):
    make_plans(cast.dinkes, 2)
    client = api(cast.biro)
    client.get(url)
    with django_assert_num_queries(expected):
        client.get(url)
    make_plans(cast.kominfo, 12)
    client = api(cast.biro)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def test_a_refusal_from_a_service_keeps_its_message(cast, data, monkeypatch):
    """The API answers a service's PermissionDenied through agencies/api/errors.run: 403 with the
    service's own words, not DRF's generic text."""
    from django.core.exceptions import PermissionDenied

    from actionplans import services

    def refuse(*args, **kwargs):
        raise PermissionDenied("Rencana aksi yang sudah dilaporkan tidak dapat dihapus.")

    monkeypatch.setattr(services, "delete_plan", refuse)
    a, _, _ = data
    response = api(cast.opd_admin).delete(f"/api/v1/action-plans/{a.pk}/")
    assert response.status_code == 403
    assert response.json()["detail"] == "Rencana aksi yang sudah dilaporkan tidak dapat dihapus."
