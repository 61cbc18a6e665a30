import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from institutions.models import Mismatch, OrganisationStructure, OrgUnit, StrategicIssue

from .helpers import make_structure, make_workload

pytestmark = pytest.mark.django_db


def test_filters_and_scope(cast, login):
    Mismatch.objects.create(opd=cast.pky_dinkes, post="A", kind="duties", description="d")
    Mismatch.objects.create(opd=cast.dinkes, post="B", kind="education", description="d", status="resolved")
    Mismatch.objects.create(opd=cast.kaltim_dinkes, post="C", kind="duties", description="d")
    client = login(cast.biro)
    posts = {r["post"] for r in client.get("/api/v1/position-mismatches/").json()["results"]}
    assert posts == {"A", "B"}
    open_ = client.get("/api/v1/position-mismatches/?open=true").json()["results"]
    assert [r["post"] for r in open_] == ["A"]
    assert [r["post"] for r in client.get(f"/api/v1/position-mismatches/?pemda={cast.kalteng.pk}").json()["results"]] == ["B"]
    assert [r["post"] for r in login(cast.bagian).get("/api/v1/position-mismatches/").json()["results"]] == ["A"]


def test_workload_scores_say_when_the_type_differs(cast, login):
    make_workload(cast.kalteng, {cast.dinkes: 690, cast.kominfo: 410}, by=cast.biro)
    rows = login(cast.biro).get("/api/v1/workload-scores/?type_mismatch=true").json()["results"]
    assert [(r["opd"], r["computed_type"], r["recorded_type"], r["type_mismatch"]) for r in rows] == [
        (cast.kominfo.pk, "C", "A", True)]


def test_the_biro_resolves_through_the_api(cast, login):
    mismatch = Mismatch.objects.create(opd=cast.pky_dinkes, post="A", kind="duties", description="d")
    assert login(cast.bagian).post(f"/api/v1/position-mismatches/{mismatch.pk}/propose/",
                                   {"proposal": "Alih jabatan"}, content_type="application/json").status_code == 200
    assert login(cast.bagian).post(f"/api/v1/position-mismatches/{mismatch.pk}/verify/",
                                   {"accept": True, "comment": "x"}, content_type="application/json").status_code == 403
    response = login(cast.biro).post(f"/api/v1/position-mismatches/{mismatch.pk}/verify/",
                                     {"accept": False, "comment": "Belum sesuai"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "refused"


def test_structure_list_query_count_is_flat(cast, login):
    client = login(cast.biro)
    url = "/api/v1/org-structures/"
    for i in range(3):
        make_structure(cast.dinkes, valid_from=datetime.date(2020 + i, 1, 1))
    client.get(url)
    # session, user (+ membership), count, structures (+ opd joined), units (prefetch)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(30):
        make_structure(cast.kominfo, valid_from=datetime.date(1990 + i, 1, 1))
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).json()
    assert len(few) == len(many) == 5
    assert body["count"] == 33


def test_issue_list_query_count_is_flat(cast, login):
    client = login(cast.biro)
    url = "/api/v1/strategic-issues/"

    def add(n):
        for i in range(n):
            StrategicIssue.objects.create(pemda=cast.palangkaraya, category="staffing", title=f"Isu {i}",
                                          raised_by="Bagian", raised_on=datetime.date(2025, 1, 1))
    add(2)
    client.get(url)
    # session, user (+ membership), count, issues, meetings (prefetch)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(40)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many) == 5
