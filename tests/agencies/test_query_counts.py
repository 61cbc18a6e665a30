"""Exact query counts of every agencies list page and list endpoint, with 5 rows and with 50.

Equal counts at both sizes prove there is no N+1. Feature-app panels on the home page are
switched off here: each app tests the queries of its own panels.
"""

import pytest
from rest_framework.test import APIClient

from agencies.models import Opd, Pemda, Province, Regency

pytestmark = pytest.mark.django_db

# Every logged-in request starts with the same three queries:
#   1 session, 2 user, 3 membership (+ pemda, province, opd joined) -> user.scope
AUTH = 3


@pytest.fixture(autouse=True)
def no_feature_panels(monkeypatch):
    monkeypatch.setattr("agencies.views.app_panels", lambda hook, *args: [])


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


def check_flat(client, url, expected, django_assert_num_queries, grow):
    client.get(url)  # warm caches (content types, translations)
    grow(5)
    with django_assert_num_queries(expected):
        few = client.get(url)
    assert few.status_code == 200
    grow(45)
    with django_assert_num_queries(expected):
        many = client.get(url)
    assert many.status_code == 200
    return few, many


def test_home(cast, login, django_assert_num_queries):
    # AUTH + 4 OPD total/active aggregate, 5 province count, 6 regency count, 7 pemda count,
    # 8 the Pemda the role is attached to (+ province, regency joined for its link)
    few, many = check_flat(login(cast.biro), "/", AUTH + 5, django_assert_num_queries, lambda n: grow_opds(cast, n))
    assert many.context["counts"]["opds"] == few.context["counts"]["opds"] + 90


def test_province_list(cast, login, django_assert_num_queries):
    # AUTH + 4 paginator count, 5 provinces with their regency count (one GROUP BY)
    few, many = check_flat(
        login(cast.observer), "/wilayah/", AUTH + 2, django_assert_num_queries, lambda n: grow_regencies("62", n)
    )
    kalteng = lambda response: next(p for p in response.context["page"] if p.code == "62")  # noqa: E731
    assert kalteng(many).regency_count == kalteng(few).regency_count + 45


def test_province_page(cast, login, django_assert_num_queries):
    # AUTH + 4 province, 5 its Pemda, 6 regencies with their active OPD count (one GROUP BY),
    # 7 province-level OPDs
    def grow(n):
        grow_regencies("62", n)
        grow_opds(cast, n)

    few, many = check_flat(login(cast.biro), "/wilayah/provinsi/62/", AUTH + 4, django_assert_num_queries, grow)
    assert len(many.context["regencies"]) == len(few.context["regencies"]) + 45
    assert len(many.context["opds"]) > len(few.context["opds"])


def test_regency_page(cast, login, django_assert_num_queries):
    # AUTH + 4 regency (+ province, pemda joined), 5 its OPDs
    few, many = check_flat(
        login(cast.bagian), "/wilayah/kabkota/62.71/", AUTH + 2, django_assert_num_queries, lambda n: grow_opds(cast, n)
    )
    assert len(many.context["opds"]) > len(few.context["opds"])


@pytest.mark.parametrize("query", ["", "?q=Dinas&kind=dinas&type=B&level=regency", "?page=2", "?active=0"])
def test_opd_list(cast, login, django_assert_num_queries, query):
    # AUTH + 4 paginator count, 5 provinces for the filter, 6 regencies of the user's only
    # province for the filter, 7 the page of OPDs (+ pemda, province, regency and successor joined)
    check_flat(login(cast.biro), f"/opd/{query}", AUTH + 4, django_assert_num_queries, lambda n: grow_opds(cast, n))


def test_opd_list_of_an_opd_admin(cast, login, django_assert_num_queries):
    # The same queries for the narrowest scope.
    check_flat(login(cast.opd_admin), "/opd/", AUTH + 4, django_assert_num_queries, lambda n: grow_opds(cast, n))


def test_opd_list_of_a_national_observer(cast, login, django_assert_num_queries):
    # AUTH + 4 count, 5 provinces for the filter, 6 the page of OPDs; no regency choices
    # until a province is chosen (7 with ?province=62)
    check_flat(login(cast.observer), "/opd/", AUTH + 3, django_assert_num_queries, lambda n: grow_opds(cast, n))
    check_flat(
        login(cast.observer), "/opd/?province=62", AUTH + 4, django_assert_num_queries, lambda n: grow_opds(cast, n)
    )


def test_opd_page(cast, login, django_assert_num_queries):
    # AUTH + 4 OPD (+ pemda, province, regency, successor joined), 5 its predecessors,
    # 6 its audit trail (+ users joined; shown to Biro staff, see agencies.audit)
    def grow(n):
        for i in range(n):
            Opd.objects.create(
                pemda=cast.kalteng, code=f"LAMA-{Opd.objects.count()}", name="Dinas Lama", kind=Opd.Kind.DINAS,
                is_active=False, replaced_by=cast.dinkes,
            )

    few, many = check_flat(login(cast.biro), cast.dinkes.get_absolute_url(), AUTH + 3, django_assert_num_queries, grow)
    assert len(many.context["predecessors"]) == 50


@pytest.fixture
def api_as():
    def _api(user):
        client = APIClient()
        client.force_login(user)
        return client

    return _api


API_LISTS = [
    # AUTH + 4 count, 5 page of provinces
    ("/api/v1/provinces/", "observer", lambda cast, n: grow_regencies("62", n)),
    # AUTH + 4 count, 5 page of regencies (+ province joined for its code)
    ("/api/v1/regencies/", "biro", lambda cast, n: grow_regencies("62", n)),
    # AUTH + 4 count, 5 page of Pemda (+ province, regency joined for their codes)
    ("/api/v1/pemdas/", "biro", lambda cast, n: grow_regencies("62", n)),
    # AUTH + 4 count, 5 page of OPDs (+ pemda joined for pemda_name)
    ("/api/v1/opds/", "biro", grow_opds),
    ("/api/v1/opds/?province=62&kind=dinas&search=UPT&ordering=name", "leader", grow_opds),
]


@pytest.mark.parametrize("url, role, grow", API_LISTS, ids=[url for url, _, _ in API_LISTS])
def test_api_list(cast, api_as, django_assert_num_queries, url, role, grow):
    few, many = check_flat(api_as(getattr(cast, role)), url, AUTH + 2, django_assert_num_queries, lambda n: grow(cast, n))
    assert len(many.json()["results"]) >= len(few.json()["results"])
