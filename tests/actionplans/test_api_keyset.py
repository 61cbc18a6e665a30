"""API lists in keyset pages (?cursor=): every row once, in scope, the last page as cheap as the first."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionplans.api.pagination import KeysetPagination
from actionplans.models import ActionPlan, ProgressReport

from .factories import make_plans
from .test_api import api

pytestmark = pytest.mark.django_db


def _walk(client, url):
    pages, page = [], client.get(url).json()
    pages.append(page)
    while page["next"]:
        page = client.get(page["next"]).json()
        pages.append(page)
    return pages


@pytest.mark.parametrize("url,model", [("/api/v1/progress-reports/?cursor=", ProgressReport), ("/api/v1/action-plans/?cursor=", ActionPlan)])
def test_it_walks_every_row_in_scope_once_without_a_count(cast, monkeypatch, url, model):
    monkeypatch.setattr(KeysetPagination, "page_size", 7)
    make_plans(cast.dinkes, 16)
    make_plans(cast.kaltim_dinkes, 3)  # another province: not visible to the Biro of Kalimantan Tengah
    pages = _walk(api(cast.biro), url)
    ids = [row["id"] for page in pages for row in page["results"]]
    assert ids == sorted(model.objects.visible_to(cast.biro).values_list("pk", flat=True))
    assert len(pages) > 2 and all("count" not in page for page in pages)


def test_page_numbers_keep_their_count(cast):
    make_plans(cast.dinkes, 3)
    body = api(cast.biro).get("/api/v1/action-plans/?page=1").json()
    assert body["count"] == 3 and len(body["results"]) == 3


@pytest.mark.parametrize("url,expected", [
    # reports (plan, theme joined), evidence, transitions (actor joined): no COUNT(*)
    ("/api/v1/progress-reports/?cursor=", 3),
    # plans (OPD, theme, programme joined): no COUNT(*)
    ("/api/v1/action-plans/?cursor=", 1),
])
def test_the_last_page_costs_what_the_first_does(cast, monkeypatch, django_assert_num_queries, url, expected):
    monkeypatch.setattr(KeysetPagination, "page_size", 5)
    make_plans(cast.dinkes, 3)
    client = api(cast.biro)
    client.get(url)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    make_plans(cast.kominfo, 12)
    last = _walk(client, url)[-2]["next"]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(last).status_code == 200
    assert len(queries) == expected
    assert not any("COUNT(" in q["sql"].upper() or "OFFSET" in q["sql"].upper() for q in queries.captured_queries)


def test_a_forged_cursor_is_refused(cast):
    response = api(cast.biro).get("/api/v1/progress-reports/?cursor=not-a-cursor")
    assert response.status_code == 404 and response.json()["detail"]
