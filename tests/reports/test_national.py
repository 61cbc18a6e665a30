"""The national overview: every province for national roles, on a page and through the API."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from actionplans.models import ProvinceTarget
from agencies.models import Opd, Pemda
from tests.actionplans.factories import make_plan, make_report
from tests.evaluations.helpers import make_lhe

pytestmark = pytest.mark.django_db

URL = reverse("reports:national")
API = "/api/v1/national-overview/"


def province_with_data(cast, pemda, *, plans=2, achieved=1, index="72.5", target=None):
    """An OPD of the province government with `plans` plans, `achieved` of them tercapai by TW III."""
    opd = Opd.objects.create(pemda=pemda, code=f"DINAS-{pemda.pk}", name=f"Dinas Uji {pemda.province.name}", kind="dinas")
    for i in range(plans):
        plan = make_plan(opd, f"RA-{i:02d}")
        make_report(plan, 3, 75 if i < achieved else 30)
    if index is not None:
        make_lhe(cast, pemda=pemda, year=2024, kind="eksternal", by=cast.superuser, index_entered=Decimal(index))
    if target is not None:
        ProvinceTarget.objects.create(province=pemda.province, year=2025, quarter=3, min_percent=Decimal(target))
    return opd


def others(cast, n):
    return list(Pemda.objects.filter(level="province").exclude(pk__in=[cast.kalteng.pk, cast.kaltim.pk])[:n])


def test_national_roles_land_on_a_summary_not_on_one_province(cast, login):
    province_with_data(cast, cast.kalteng)
    for user in (cast.observer, cast.superuser):
        home = login(user).get(reverse("agencies:home")).text
        assert 'data-testid="panel-national"' in home and reverse("reports:national") in home
        assert "Rencana aksi · Pemerintah Provinsi" not in home  # the one-province widget
    assert 'data-testid="panel-national"' not in login(cast.biro).get(reverse("agencies:home")).text


def test_every_province_with_its_figures(cast, login):
    province_with_data(cast, cast.kalteng, plans=4, achieved=3, index="72.5", target="70")
    province_with_data(cast, cast.kaltim, plans=2, achieved=1, index="65", target=None)
    response = login(cast.observer).get(URL + "?tahun=2025&tw=3")
    assert response.status_code == 200
    rows = {r.figures.pemda.province.code: r for r in response.context["rows"]}
    assert len(rows) == Pemda.objects.filter(level="province").count()
    kalteng, kaltim = rows["62"], rows["64"]
    assert (kalteng.figures.plans, kalteng.figures.achieved_percent, kalteng.figures.target_percent) == (4, 75.0, 70.0)
    assert kalteng.figures.met and not kaltim.figures.met  # 50 % against the default 75 %
    assert kaltim.figures.target_percent == 75.0
    assert (kalteng.figures.opds, kalteng.figures.reported) == (5, 1)  # the cast's four OPDs have no plans
    assert (kalteng.predikat.predikat, kaltim.predikat.predikat) == ("BB", "B")
    # Drill-down to the province's target page.
    assert f'{reverse("actionplans:targets")}?pemda={cast.kalteng.pk}&amp;tahun=2025&amp;tw=3' in response.text
    assert "BB" in response.text and "72,50" in response.text


def test_it_sorts(cast, login):
    province_with_data(cast, cast.kalteng, plans=4, achieved=1)
    province_with_data(cast, cast.kaltim, plans=2, achieved=2)
    client = login(cast.observer)
    codes = lambda url: [r.figures.pemda.province.code for r in client.get(url).context["rows"]]  # noqa: E731
    assert codes(URL + "?tahun=2025&tw=3&urut=target&arah=turun")[:2] == ["64", "62"]
    assert codes(URL + "?tahun=2025&tw=3&urut=rencana&arah=turun")[:2] == ["62", "64"]
    ascending = codes(URL + "?tahun=2025&tw=3&urut=target")
    assert ascending[:2] == ["62", "64"]  # provinces without plans come last either way
    assert codes(URL + "?urut=nonsense")[0] == "11"  # unknown key: by province code


def test_only_national_roles(cast, login):
    for user in (cast.biro, cast.bagian, cast.opd_admin, cast.inspector, cast.leader, cast.nobody):
        assert login(user).get(URL).status_code == 403, user
        api = APIClient()
        api.force_authenticate(user)
        assert api.get(API).status_code == 403, user


def test_the_api_gives_the_same_figures(cast):
    province_with_data(cast, cast.kalteng, plans=4, achieved=3, target="70")
    api = APIClient()
    api.force_authenticate(cast.observer)
    data = api.get(API + "?year=2025&triwulan=3&sort=target&descending=true").json()
    assert (data["year"], data["quarter"]) == (2025, 3)
    first = data["results"][0]
    assert first["province_code"] == "62" and first["pemda"] == cast.kalteng.pk
    assert (first["plans"], first["achieved_percent"], first["target_percent"], first["target_met"]) == (4, 75.0, 70.0, True)
    assert first["latest_predikat"]["predikat"] == "BB" and first["latest_predikat"]["index"] == "72.50"
    assert data["results"][1]["latest_predikat"] is None
    schema = APIClient()
    schema.force_authenticate(cast.observer)
    assert "/api/v1/national-overview/" in schema.get("/api/schema/?format=json").json()["paths"]


@pytest.mark.parametrize("kind", ["page", "api"])
def test_the_query_count_does_not_grow_with_provinces(cast, login, django_assert_num_queries, kind):
    client = login(cast.observer)
    if kind == "api":
        client = APIClient()
        client.force_authenticate(cast.observer)
    url = (URL + "?tahun=2025&tw=3") if kind == "page" else (API + "?year=2025&triwulan=3")
    province_with_data(cast, cast.kalteng, target="70")
    province_with_data(cast, cast.kaltim)
    client.get(url)
    # (page: session, user (+ membership)) province Pemdas, their targets, one roll-up by Pemda for
    # TW III (the period's and every target's triwulan), OPD reporting counts, latest LHE per Pemda
    expected = 5 + (2 if kind == "page" else 0)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200  # 2 provinces with data
    for pemda in others(cast, 4):
        province_with_data(cast, pemda, target="80")
    with django_assert_num_queries(expected):
        response = client.get(url)  # 6 provinces with data
    rows = response.context["rows"] if kind == "page" else response.json()["results"]
    assert sum(1 for r in rows if (r.figures.plans if kind == "page" else r["plans"])) == 6
