"""Pages about one object cost the same however large the nation grows (issue 17): the query
count of a plan's page, an agency's plan list, the home page and the report form is the same
with a few plans as with more agencies, plans and reports in this and other provinces."""

import pytest
from django.urls import reverse

from agencies.models import Opd

from .factories import make_plans

pytestmark = pytest.mark.django_db

# Every page starts with: session, user, membership (scope).
PAGES = {
    # + plan (OPD, Pemda joined), the plan with theme, its reports with evidence counts, their
    #   evidence, their transitions (+ by), default period, meeting follow-ups
    "detail": {"biro": 10, "observer": 10, "opd_admin": 10},
    # + OPD, plans with theme, reports with evidence counts, import logs
    "opd": {"biro": 7, "observer": 7, "opd_admin": 7},
    # + default period and the panels of every app, which differ by role (the national summary
    #   for the observer; the Biro's own target widget, read against the triwulan's and the annual
    #   target, and the "reference year missing" check; its plans for an admin)
    "home": {"biro": 18, "observer": 14, "opd_admin": 17},
    # + plan, its report, evidence, transitions (+ by), allowed actions
    "report": {"biro": 10, "observer": 10, "opd_admin": 10},
}


def _urls(cast, plan):
    return {
        "detail": reverse("actionplans:detail", args=[plan.pk]),
        "opd": reverse("actionplans:opd", args=[cast.dinkes.pk]) + "?tahun=2025&tw=3",
        "home": reverse("agencies:home"),
        "report": reverse("actionplans:report", args=[plan.pk, 3]),
    }


def _grow_the_nation(cast):
    for pemda, prefix in ((cast.kalteng, "X"), (cast.kaltim, "Y")):
        for i in range(6):
            opd = Opd.objects.create(pemda=pemda, code=f"{prefix}{i}", name=f"Dinas {prefix}{i}", kind="dinas")
            make_plans(opd, 4)


@pytest.mark.parametrize("role", ["biro", "observer", "opd_admin"])
@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_the_nation(cast, login, django_assert_num_queries, page, role):
    plan = make_plans(cast.dinkes, 2)[0]
    client = login(getattr(cast, role))
    url = _urls(cast, plan)[page]
    client.get(url)  # warm caches (content types, sessions)
    with django_assert_num_queries(PAGES[page][role]):
        assert client.get(url).status_code == 200
    _grow_the_nation(cast)
    make_plans(cast.dinkes, 5, prefix="RB")
    with django_assert_num_queries(PAGES[page][role]):
        assert client.get(url).status_code == 200
