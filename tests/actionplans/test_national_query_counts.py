"""Pages about one object cost the same however large the nation grows (issue 17): the query
count of a plan's page, an agency's plan list, the home page and the report form is the same
with a few plans as with more agencies, plans and reports in this and other provinces."""

import pytest
from django.test import Client
from django.urls import reverse

from agencies.models import Opd

from ..cast import make_cast
from ..module_data import kept_for_the_module
from ..query_counts import assert_flat, measure_at_two_sizes
from .factories import make_plans

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # slow: first in the run (tests/conftest.py)

# Every page starts with: session, user (+ membership: its scope).
PAGES = {
    # + plan (OPD, Pemda, theme joined), its reports with evidence counts, default period,
    #   meeting follow-ups
    "actionplans:detail": {"biro": 6, "observer": 6, "opd_admin": 6},
    # + OPD, plans with theme, reports with evidence counts, import logs
    "actionplans:opd": {"biro": 6, "observer": 6, "opd_admin": 6},
    # + default period and the panels of every app, which differ by role (the national summary
    #   for the observer; the Biro's own target widget, read against the triwulan's and the annual
    #   target, and the "reference year missing" check; its plans for an admin)
    "agencies:home": {"biro": 17, "observer": 13, "opd_admin": 16},
    # + plan (OPD, Pemda joined), its report (its plan is that plan: the allowed actions ask
    #   nothing more), evidence, transitions (+ by)
    "actionplans:report": {"biro": 6, "observer": 6, "opd_admin": 6},
}


def _urls(cast, plan):
    return {
        "actionplans:detail": reverse("actionplans:detail", args=[plan.pk]),
        "actionplans:opd": reverse("actionplans:opd", args=[cast.dinkes.pk]) + "?tahun=2025&tw=3",
        "agencies:home": reverse("agencies:home"),
        "actionplans:report": reverse("actionplans:report", args=[plan.pk, 3]),
    }


def _grow_the_nation(cast):
    for pemda, prefix in ((cast.kalteng, "X"), (cast.kaltim, "Y")):
        for i in range(6):
            opd = Opd.objects.create(pemda=pemda, code=f"{prefix}{i}", name=f"Dinas {prefix}{i}", kind="dinas")
            make_plans(opd, 4)


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    """{(page, role): [(response, queries) with a few plans, (response, queries) with the nation grown]}:
    each page measured (after a warm-up) by its own logged-in client at both sizes."""
    with kept_for_the_module(django_db_blocker):
        cast = make_cast()
        plan = make_plans(cast.dinkes, 2)[0]
        clients = {}
        for page, counts in PAGES.items():
            for role in counts:
                client = Client()
                client.force_login(getattr(cast, role))
                url = _urls(cast, plan)[page]
                clients[page, role] = (client, url)

        def grow():
            _grow_the_nation(cast)
            make_plans(cast.dinkes, 5, prefix="RB")

        yield measure_at_two_sizes(clients, grow)


@pytest.mark.parametrize("role", ["biro", "observer", "opd_admin"])
@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_the_nation(measured, page, role):
    assert_flat(measured[page, role], PAGES[page][role], f"{page} as {role}")
