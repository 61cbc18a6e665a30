"""Exact query counts of the evaluation lists, with few and many rows (equal counts: no N+1)."""

import pytest
from django.urls import reverse

from evaluations import services
from evaluations.models import Lhe

from .helpers import make_lhe, make_recommendation, pdf

pytestmark = pytest.mark.django_db


def fill(cast, n):
    """n LHE (years × kinds) with entered totals, and n recommendations on the first, half submitted."""
    lhes = [
        make_lhe(cast, year=2023 + i // 2, kind=("internal", "eksternal")[i % 2], index_entered=60 + i)
        for i in range(Lhe.objects.count(), Lhe.objects.count() + n)
    ]
    first = Lhe.objects.order_by("pk").first()
    recs = [make_recommendation(cast, lhe=first, opds=[cast.dinkes, cast.kominfo]) for _ in range(n)]
    for rec in recs[: n // 2]:
        services.submit_follow_up(rec, narrative="Sudah", evidence=pdf(), by=cast.opd_admin)
    return lhes, recs


def assert_flat(cast, login, django_assert_num_queries, user, url, expected):
    client = login(user)
    for n in (3, 20):
        fill(cast, n)
        client.get(url)  # warm caches
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200


# Every page: session, user, membership (scope) = 3 queries before the view's own.


def test_lhe_list(cast, login, django_assert_num_queries):
    # + LHE (pemda, province, regency, framework joined), the chart's Pemda, its trend, the Pemda filter
    assert_flat(cast, login, django_assert_num_queries, cast.biro, reverse("evaluations:lhe_list"), 7)


def test_lhe_detail(cast, login, django_assert_num_queries):
    # + LHE, scores, framework nodes, trend, findings, their recommendations, the OPDs of those,
    # + the objections (node, OPD, users joined); the objection window of this 2023 LHE is long
    #   closed, so whether the Biro may object (the Pemda's OPDs) is not asked
    from evaluations.models import Objection

    client = login(cast.biro)
    for n in (3, 20):
        fill(cast, n)
        first = Lhe.objects.order_by("pk").first()
        node = first.framework.nodes.filter(kind="kriteria").first()
        services.set_scores(first, {node: node.max_score}, by=cast.biro)
        for _ in range(n):
            Objection.objects.create(lhe=first, node=node, opd=cast.dinkes, argument="Uji", old_value=1,
                                     submitted_by=cast.opd_admin, status=Objection.Status.REJECTED,
                                     decided_by=cast.inspector, reason="Tidak relevan")
        url = reverse("evaluations:lhe", args=[first.pk])
        client.get(url)
        with django_assert_num_queries(11):
            client.get(url)


def test_my_recommendations(cast, login, django_assert_num_queries):
    # + recommendations (finding, LHE, Pemda, province, regency joined), their OPDs
    assert_flat(cast, login, django_assert_num_queries, cast.opd_admin, reverse("evaluations:my_recommendations"), 5)


def test_review_queue(cast, login, django_assert_num_queries):
    # + submitted recommendations (joined as above), their OPDs
    assert_flat(cast, login, django_assert_num_queries, cast.inspector, reverse("evaluations:review_queue"), 5)


def test_completion_per_opd(cast, login, django_assert_num_queries):
    # + OPDs with their counts annotated (total, closed, submitted, overdue) in one query,
    # + the totals over distinct recommendations (one aggregate)
    assert_flat(cast, login, django_assert_num_queries, cast.biro, reverse("evaluations:completion"), 5)


# API (session auth): session, user, membership, then the page count and the rows.


def test_api_lhe_list(cast, login, django_assert_num_queries):
    assert_flat(cast, login, django_assert_num_queries, cast.biro, "/api/v1/lhe/", 5)


def test_api_recommendation_list(cast, login, django_assert_num_queries):
    # + count, rows (finding, LHE, Pemda, province joined), OPD ids
    assert_flat(cast, login, django_assert_num_queries, cast.biro, "/api/v1/lhe-recommendations/", 6)


def test_api_follow_up_list(cast, login, django_assert_num_queries):
    assert_flat(cast, login, django_assert_num_queries, cast.biro, "/api/v1/lhe-follow-ups/", 5)


def test_api_framework_list(cast, login, django_assert_num_queries):
    assert_flat(cast, login, django_assert_num_queries, cast.biro, "/api/v1/evaluation-frameworks/", 5)


def first_lhe_and_recommendation(cast):
    fill(cast, 2)
    lhe = Lhe.objects.order_by("pk").first()
    return lhe, lhe.recommendations.order_by("pk").first()


@pytest.mark.parametrize("page, user, expected", [
    ("lhe_scores", "biro", 6),
    ("lhe_simulator", "biro", 6),
    ("recommendation", "biro", 8),
    ("recommendation", "opd_admin", 9),
    ("framework", "biro", 8),
])
def test_pages_about_one_object(cast, login, django_assert_num_queries, page, user, expected):
    lhe, recommendation = first_lhe_and_recommendation(cast)
    obj = {"recommendation": recommendation, "framework": lhe.framework}.get(page, lhe)
    assert_flat(cast, login, django_assert_num_queries, getattr(cast, user), reverse(f"evaluations:{page}", args=[obj.pk]),
                expected)
