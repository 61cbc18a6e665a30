"""Exact query counts of every agencies page and list endpoint, with 5 rows and with 50.

Equal counts at both sizes prove there is no N+1. Feature-app panels on the home page are
switched off here: each app tests the queries of its own panels (the whole home page is counted
in tests/actionplans/test_national_query_counts.py).
"""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from agencies import tokens
from agencies.models import Opd, Pemda, Province, Regency

from ..cast import make_cast
from ..module_data import kept_for_the_module
from ..query_counts import assert_flat, measure_at_two_sizes

pytestmark = pytest.mark.django_db

# Every logged-in request starts with the same two queries:
#   1 session, 2 user (+ membership, pemda, province, opd joined: agencies.backends) -> user.scope
AUTH = 2


def grow_opds(cast, n):
    """n more OPDs in the Kalimantan Tengah province government and n in Palangkaraya, some of
    them inactive and replaced (the list shows the successor's name)."""
    for pemda in (cast.kalteng, cast.palangkaraya):
        start = pemda.opds.count()
        for i in range(start, start + n):
            Opd.objects.create(
                pemda=pemda, code=f"UPT-{i:03d}", name=f"UPT Dinas Kesehatan {i:03d}", kind=Opd.Kind.DINAS,
                is_active=i % 4 != 0, replaced_by=cast.dinkes if i % 4 == 0 else None, type="B",
            )


def grow_regencies(province_code, n):
    province = Province.objects.get(code=province_code)
    start = Regency.objects.filter(code__startswith=f"{province_code}.2").count()
    for i in range(start, start + n):
        regency = Regency.objects.create(
            code=f"{province_code}.{20 + i:02d}", province=province, name=f"Kabupaten Uji {i}", kind="kabupaten"
        )
        Pemda.objects.create(level="regency", province=province, regency=regency, name=f"Pemerintah {regency.name}")


def grow_predecessors(cast, n):
    for i in range(n):
        Opd.objects.create(
            pemda=cast.kalteng, code=f"LAMA-{Opd.objects.count()}", name="Dinas Lama", kind=Opd.Kind.DINAS,
            is_active=False, replaced_by=cast.dinkes,
        )


def grow_tokens(cast, n):
    for i in range(n):
        tokens.issue_token(cast.biro, name=f"Token {i}", days=30)


def grow(cast, n):
    grow_opds(cast, n)
    grow_regencies("62", n)
    grow_predecessors(cast, n)
    grow_tokens(cast, n)


PAGES = {  # (page, who looks, query string): queries
    # after AUTH: 3 OPD total/active aggregate, 4 province count, 5 regency count, 6 pemda count,
    # 7 the Pemda the role is attached to (+ province, regency joined for its link)
    ("agencies:home", "biro", ""): AUTH + 5,
    # after AUTH: 3 paginator count, 4 provinces with their regency count (one GROUP BY)
    ("agencies:provinces", "observer", ""): AUTH + 2,
    # after AUTH: 3 province, 4 its Pemda, 5 regencies with their active OPD count (one GROUP BY),
    # 6 province-level OPDs
    ("agencies:province", "biro", ""): AUTH + 4,
    # after AUTH: 3 regency (+ province, pemda joined), 4 its OPDs
    ("agencies:regency", "bagian", ""): AUTH + 2,
    # after AUTH: 3 paginator count, 4 provinces for the filter, 5 regencies of the user's only
    # province for the filter, 6 the page of OPDs (+ pemda, province, regency and successor joined)
    ("agencies:opds", "biro", ""): AUTH + 4,
    ("agencies:opds", "biro", "?q=Dinas&kind=dinas&type=B&level=regency"): AUTH + 4,
    ("agencies:opds", "biro", "?page=2"): AUTH + 4,
    ("agencies:opds", "biro", "?active=0"): AUTH + 4,
    # the same queries for the narrowest scope
    ("agencies:opds", "opd_admin", ""): AUTH + 4,
    # after AUTH: 3 count, 4 provinces for the filter, 5 the page of OPDs; no regency choices
    # until a province is chosen (6 with ?province=62)
    ("agencies:opds", "observer", ""): AUTH + 3,
    ("agencies:opds", "observer", "?province=62"): AUTH + 4,
    # after AUTH: 3 OPD (+ pemda, province, regency, successor joined), 4 its predecessors,
    # 5 its audit trail (+ users joined; shown to Biro staff, see agencies.audit)
    ("agencies:opd", "biro", ""): AUTH + 3,
    # after AUTH: 3 the user's tokens (their state is read from the token and the user: no query)
    ("agencies:api_tokens", "biro", ""): AUTH + 1,
}

API_LISTS = {  # (list, who looks): queries
    # after AUTH: 3 count, 4 page of provinces
    ("/api/v1/provinces/", "observer"): AUTH + 2,
    # after AUTH: 3 count, 4 page of regencies (+ province joined for its code)
    ("/api/v1/regencies/", "biro"): AUTH + 2,
    # after AUTH: 3 count, 4 page of Pemda (+ province, regency joined for their codes)
    ("/api/v1/pemdas/", "biro"): AUTH + 2,
    # after AUTH: 3 count, 4 page of OPDs (+ pemda joined for pemda_name)
    ("/api/v1/opds/", "biro"): AUTH + 2,
    ("/api/v1/opds/?province=62&kind=dinas&search=UPT&ordering=name", "leader"): AUTH + 2,
}


def _url(cast, page):
    args = {"agencies:province": ["62"], "agencies:regency": ["62.71"], "agencies:opd": [cast.dinkes.pk]}
    return reverse(page, args=args.get(page, []))


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    """{(page, who, query) or (API list, who): [(response, queries) with 5 more OPDs, regencies,
    predecessors and tokens, (response, queries) with 45 more of each]}."""
    with kept_for_the_module(django_db_blocker), pytest.MonkeyPatch.context() as patch:
        patch.setattr("agencies.views.app_panels", lambda hook, *args: [])
        cast = make_cast()
        clients = {}
        for role in {role for _, role, _ in PAGES} | {role for _, role in API_LISTS}:
            clients[role] = Client(), APIClient()
            for client in clients[role]:
                client.force_login(getattr(cast, role))
        pages = {(page, role, query): (clients[role][0], _url(cast, page) + query) for page, role, query in PAGES}
        pages |= {(url, role): (clients[role][1], url) for url, role in API_LISTS}
        grow(cast, 5)
        yield measure_at_two_sizes(pages, lambda: grow(cast, 45))


@pytest.mark.parametrize("page, role, query", PAGES)
def test_page(measured, page, role, query):
    assert_flat(measured[page, role, query], PAGES[page, role, query], f"{page}{query} as {role}")


@pytest.mark.parametrize("url, role", API_LISTS)
def test_api_list(measured, url, role):
    assert_flat(measured[url, role], API_LISTS[url, role], f"{url} as {role}")
    few, many = (response.json()["results"] for response, _ in measured[url, role])
    assert len(many) >= len(few)


def test_the_pages_show_the_grown_rows(measured):
    def shown(page, role, read):
        few, many = (read(response.context) for response, _ in measured[page, role, ""])
        return few, many

    few, many = shown("agencies:home", "biro", lambda c: c["counts"]["opds"])
    assert many == few + 90 + 45  # the OPDs and the predecessors
    few, many = shown("agencies:provinces", "observer", lambda c: next(p for p in c["page"] if p.code == "62").regency_count)
    assert many == few + 45
    few, many = shown("agencies:province", "biro", lambda c: len(c["regencies"]))
    assert many == few + 45
    few, many = shown("agencies:opd", "biro", lambda c: len(c["predecessors"]))
    assert many > few + 45
    few, many = shown("agencies:api_tokens", "biro", lambda c: len(c["rows"]))
    assert many == few + 45
