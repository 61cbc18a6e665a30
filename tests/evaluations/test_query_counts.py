"""Exact query counts of the evaluation pages and lists, with few and many rows (equal counts: no N+1)."""

import pytest
from django.test import Client
from django.urls import reverse

from evaluations import services
from evaluations.models import FrameworkNode, Lhe, Objection

from ..cast import make_cast
from ..module_data import kept_for_the_module
from ..query_counts import assert_flat, measure_at_two_sizes
from .helpers import make_lhe, make_recommendation, pdf

pytestmark = pytest.mark.django_db


def fill(cast, n):
    """n LHE (years × kinds) with entered totals, n recommendations on the first, half submitted,
    n rejected objections to one of its scores, and n more criteria in its framework."""
    for i in range(Lhe.objects.count(), Lhe.objects.count() + n):
        make_lhe(cast, year=2023 + i // 2, kind=("internal", "eksternal")[i % 2], index_entered=60 + i)
    first = Lhe.objects.order_by("pk").first()
    recs = [make_recommendation(cast, lhe=first, opds=[cast.dinkes, cast.kominfo]) for _ in range(n)]
    for rec in recs[: n // 2]:
        services.submit_follow_up(rec, narrative="Sudah", evidence=pdf(), by=cast.opd_admin)
    node = first.framework.nodes.filter(kind="kriteria").order_by("pk").first()
    services.set_scores(first, {node: node.max_score}, by=cast.biro)
    for _ in range(n):
        Objection.objects.create(lhe=first, node=node, opd=cast.dinkes, argument="Uji", old_value=1,
                                 submitted_by=cast.opd_admin, status=Objection.Status.REJECTED,
                                 decided_by=cast.inspector, reason="Tidak relevan")
    for i in range(FrameworkNode.objects.count(), FrameworkNode.objects.count() + n):
        FrameworkNode.objects.create(framework=first.framework, parent=node.parent, kind="kriteria", code=f"X.{i}",
                                     name=f"Kriteria uji {i}", weight=0, max_score=1, order=900 + i)


# Every page: session, user (+ membership: the scope) = 2 queries before the view's own.
PAGES = {  # (page, who looks): queries
    # + LHE (pemda, province, regency, framework joined), the chart's Pemda, its trend, the Pemda filter
    ("evaluations:lhe_list", "biro"): 6,
    # + recommendations (finding, LHE, Pemda, province, regency joined), their OPDs
    ("evaluations:my_recommendations", "opd_admin"): 4,
    # + submitted recommendations (joined as above), their OPDs
    ("evaluations:review_queue", "inspector"): 4,
    # + OPDs with their counts annotated (total, closed, submitted, overdue) in one query,
    # + the totals over distinct recommendations (one aggregate)
    ("evaluations:completion", "biro"): 4,
    # + LHE, scores, framework nodes, trend, findings, their recommendations, the OPDs of those,
    # + the objections (node, OPD, users joined); the objection window of this 2023 LHE is long
    #   closed, so whether the Biro may object (the Pemda's OPDs) is not asked
    ("evaluations:lhe", "biro"): 10,
    ("evaluations:lhe_scores", "biro"): 5,
    ("evaluations:lhe_simulator", "biro"): 5,
    ("evaluations:recommendation", "biro"): 7,
    ("evaluations:recommendation", "opd_admin"): 8,
    ("evaluations:framework", "biro"): 7,
    # + the Pemda offered for the filter of the user's own, whether there is any, and for the form
    ("evaluations:lhe_create", "biro"): 5,
    # + LHE (Pemda, province, regency, framework joined): its form and the import form ask nothing more
    ("evaluations:lhe_edit", "biro"): 3,
    ("evaluations:lhe_import_scores", "biro"): 3,
    # + LHE, its scores, the framework's nodes
    ("evaluations:lhe_worksheet", "biro"): 5,
    # + LHE, the OPD objecting, the nodes that may be objected to (+ their scores)
    ("evaluations:lhe_objection_create", "opd_admin"): 5,
    # + LHE, the nodes a finding may name
    ("evaluations:finding_create", "biro"): 4,
    # + the finding (LHE, Pemda joined), the OPDs offered
    ("evaluations:recommendation_create", "biro"): 4,
    # + the user's and their groups' permissions (may they edit frameworks?), the frameworks with
    #   their nodes counted
    ("evaluations:frameworks", "biro"): 5,
    # + the framework, its nodes (+ parent)
    ("evaluations:framework_export", "biro"): 4,
    # session, user (a superuser has no membership), the framework: the import form asks nothing more
    ("evaluations:framework_import", "superuser"): 3,
}

# API (session auth): session, user (+ membership), then the page count and the rows.
API_LISTS = {
    "/api/v1/lhe/": 4,
    # + count, rows (finding, LHE, Pemda, province joined), OPD ids
    "/api/v1/lhe-recommendations/": 5,
    "/api/v1/lhe-follow-ups/": 4,
    "/api/v1/evaluation-frameworks/": 4,
}


def _args(lhe):
    recommendation = lhe.recommendations.order_by("pk").first()
    on_the_lhe = {"lhe", "lhe_scores", "lhe_simulator", "lhe_edit", "lhe_worksheet", "lhe_import_scores",
                  "lhe_objection_create", "finding_create"}
    on_the_framework = {"framework", "framework_export", "framework_import"}
    return lambda page: (
        [lhe.pk] if page.removeprefix("evaluations:") in on_the_lhe
        else [lhe.framework_id] if page.removeprefix("evaluations:") in on_the_framework
        else [recommendation.pk] if page == "evaluations:recommendation"
        else [recommendation.finding_id] if page == "evaluations:recommendation_create"
        else []
    )


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    """{(page, who) or API list: [(response, queries) with 3 of each row, (response, queries) with 20 more]}."""
    with kept_for_the_module(django_db_blocker):
        cast = make_cast()
        fill(cast, 3)
        args = _args(Lhe.objects.order_by("pk").first())
        clients = {}
        for role in {role for _, role in PAGES}:
            clients[role] = Client()
            clients[role].force_login(getattr(cast, role))
        pages = {(page, role): (clients[role], reverse(page, args=args(page))) for page, role in PAGES}
        pages |= {url: (clients["biro"], url) for url in API_LISTS}
        yield measure_at_two_sizes(pages, lambda: fill(cast, 20))


@pytest.mark.parametrize("page, role", PAGES)
def test_page(measured, page, role):
    assert_flat(measured[page, role], PAGES[page, role], f"{page} as {role}")


@pytest.mark.parametrize("url", API_LISTS)
def test_api_list(measured, url):
    assert_flat(measured[url], API_LISTS[url], url)
