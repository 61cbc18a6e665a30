"""Query counts of the province matrix and the lists stay constant as OPDs and plans grow."""

import pytest
from django.test import Client
from django.urls import reverse

from agencies.models import Opd

from ..cast import make_cast
from ..module_data import kept_for_the_module
from .factories import make_plans
from .query_counts import assert_num_queries, measure

pytestmark = pytest.mark.django_db

# Every page starts with: session, user, membership (scope).
PAGES = {
    # + pemda, OPDs, the stored roll-ups per OPD×theme×quarter (plan and status counts: one query
    #   since they are stored, two when they were counted from plans and reports), themes,
    #   pemda choices for the filter
    "matrix": 8,
    # + pemda, roll-up total, target, OPD reporting, roll-up per OPD, per theme, regencies,
    #   regency roll-up, regency reporting, pemda choices, + the roll-up against the annual target
    #   (the same number since the roll-ups and the reporting counts are read from the stored
    #   AchievementRollup rows: each sum over stored rows replaced one over plans and reports)
    "targets": 15,
    # + default period, one page of submitted reports (plan, OPD, Pemda, theme, submitter joined),
    #   evidence counted for that page, count under the filters, count over every period (both
    #   bounded), OPD and Pemda choices
    "queue": 10,
    # + pemda, OPDs with report counts, pemda choices,
    # + timeliness: the province's window, the national deadline, plans counted, first submissions
    "not_reported": 10,
    # + OPD, plans with theme, reports with evidence counts, import logs
    "opd": 7,
}


def _urls(cast):
    q = f"?pemda={cast.kalteng.pk}&tahun=2025&tw=3"
    return {
        "matrix": reverse("actionplans:matrix") + q,
        "targets": reverse("actionplans:targets") + q,
        "queue": reverse("actionplans:queue"),
        "not_reported": reverse("actionplans:not_reported") + q,
        "opd": reverse("actionplans:opd", args=[cast.dinkes.pk]) + "?tahun=2025&tw=3",
    }


def _grow(cast, opds, plans):
    for i in range(opds):
        opd = Opd.objects.create(pemda=cast.kalteng, code=f"X{i}", name=f"Dinas X{i}", kind="dinas")
        make_plans(opd, plans)
    make_plans(cast.dinkes, plans, prefix="RB")


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    """{page: [(response, queries) with two plans, (response, queries) with 8 more OPDs of 5 plans]},
    each page measured (after a warm-up) by its own client logged in as the Biro at both sizes."""
    with kept_for_the_module(django_db_blocker):
        cast = make_cast()
        make_plans(cast.dinkes, 2)
        clients = {}
        for page, url in _urls(cast).items():
            client = Client()
            client.force_login(cast.biro)
            clients[page] = (client, url)
        found = {page: [measure(client, url)] for page, (client, url) in clients.items()}
        _grow(cast, opds=8, plans=5)
        for page, (client, url) in clients.items():
            found[page].append(measure(client, url))
        yield found


@pytest.mark.parametrize("page", PAGES)
def test_query_count_is_flat(measured, page):
    for size, (response, queries) in zip(("two plans", "8 more OPDs of 5 plans"), measured[page]):
        assert response.status_code == 200, size
        assert_num_queries(queries, PAGES[page], f"{page} with {size}")
    if page == "queue":
        assert len(response.context["reports"]) == 2 + 8 * 5 + 5
    if page == "matrix":
        assert len(response.context["matrix"]["rows"]) == 4 + 8
