"""The report pages cost the same with few and many reports, plans and provinces reporting (no N+1)."""

import pytest
from django.test import Client
from django.urls import reverse

from reports.models import Report

from ..actionplans.factories import make_plans
from ..cast import make_cast, make_opd
from ..module_data import kept_for_the_module
from ..query_counts import assert_flat, measure_at_two_sizes

pytestmark = pytest.mark.django_db

# Every page starts with: session, user (+ membership: the scope).
PAGES = {  # (page, who looks): queries
    # + default period (the latest deadline), the request form: the Pemda it offers first, the
    #   agencies counted (a short list or a search box), the agencies and the Pemda offered
    #   (an OPD admin: its deadline, its own agency); count for the paginator, page of reports
    #   (pemda, OPD, requester joined)
    ("reports:list", "biro"): 9,
    ("reports:list", "opd_admin"): 9,
    # + the report (pemda, province, regency, OPD, requester joined)
    ("reports:detail", "biro"): 3,
    ("reports:status", "biro"): 3,
    # + default period, the provinces' Pemda, their targets, the stored roll-ups, the agencies
    #   reporting, the latest LHE of each
    ("reports:national", "observer"): 8,
}


def grow(cast, n, start):
    """n more OPD reports and province packs, and n more agencies with plans in two provinces."""
    for i in range(start, start + n):
        for kind, opd in ((Report.Kind.OPD, cast.dinkes), (Report.Kind.PROVINCE, None)):
            Report.objects.create(kind=kind, pemda=cast.kalteng, opd=opd, year=2025, quarter=1 + i % 4,
                                  fingerprint=f"{i:064d}", requested_by=cast.biro)
        for pemda in (cast.kalteng, cast.kaltim):
            make_plans(make_opd(pemda, f"R-{i}", f"Dinas R{i}"), 2, prefix=f"R{i}")


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    """{(page, who): [(response, queries) with 2 reports of each kind, (response, queries) with 20 more]}."""
    with kept_for_the_module(django_db_blocker):
        cast = make_cast()
        grow(cast, 2, 0)
        report = Report.objects.order_by("pk").first()
        pages = {}
        for page, role in PAGES:
            client = Client()
            client.force_login(getattr(cast, role))
            args = [report.pk] if page in ("reports:detail", "reports:status") else []
            pages[page, role] = (client, reverse(page, args=args))
        yield measure_at_two_sizes(pages, lambda: grow(cast, 20, 2))


@pytest.mark.parametrize("page, role", PAGES)
def test_query_count_is_flat(measured, page, role):
    assert_flat(measured[page, role], PAGES[page, role], f"{page} as {role}")
