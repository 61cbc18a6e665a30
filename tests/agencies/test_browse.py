"""Browsing: province -> regency/city -> OPD, the OPD list's search, filters and pagination."""

import re

import pytest
from django.urls import reverse

from agencies.models import Opd

pytestmark = pytest.mark.django_db


def many_opds(pemda, n, prefix="UPT"):
    return [
        Opd.objects.create(pemda=pemda, code=f"{prefix}-{i:02d}", name=f"{prefix} Pelayanan {i:02d}", kind=Opd.Kind.BADAN)
        for i in range(n)
    ]


def links(html):
    return re.findall(r'href="([^"]+)"', html)


def test_province_to_regency_to_opd(cast, login):
    client = login(cast.biro)
    provinces = client.get(reverse("agencies:provinces"))
    province_url = reverse("agencies:province", args=["62"])
    assert province_url in links(provinces.text)

    province = client.get(province_url)
    assert province.status_code == 200
    regency_url = reverse("agencies:regency", args=["62.71"])
    assert regency_url in links(province.text)
    assert cast.dinkes.get_absolute_url() in links(province.text)  # province-level OPDs listed here
    row = re.search(r'62\.71</td><td><a[^>]*>Kota Palangkaraya</a></td><td class="num">(\d+)</td>', province.text)
    assert row and row.group(1) == "2"  # active OPDs of the city

    regency = client.get(regency_url)
    assert cast.pky_dinkes.get_absolute_url() in links(regency.text)
    assert cast.dinkes.get_absolute_url() not in links(regency.text)

    opd = client.get(cast.pky_dinkes.get_absolute_url())
    assert opd.status_code == 200
    # Breadcrumbs lead back up.
    for url in (reverse("agencies:provinces"), province_url, regency_url):
        assert url in links(opd.text)


def test_search_matches_name_short_name_and_code(cast, login):
    cast.kominfo.short_name = "Diskominfo"
    cast.kominfo.save()
    client = login(cast.biro)
    for q, expected in [("kesehatan", {"dinkes", "pky_dinkes", "kobar_dinkes"}), ("diskominfo", {"kominfo"}),
                        ("INSPEKTORAT", {"inspektorat"}), ("tidak-ada", set())]:
        page = client.get(reverse("agencies:opds"), {"q": q}).context["page"]
        assert {o.pk for o in page} == {getattr(cast, name).pk for name in expected}, q


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"level": "province"}, {"biro_kalteng", "dinkes", "kominfo", "inspektorat"}),
        ({"level": "regency"}, {"pky_dinkes", "pky_disdik", "kobar_dinkes"}),
        ({"regency": "62.71"}, {"pky_dinkes", "pky_disdik"}),
        ({"kind": "inspektorat"}, {"inspektorat"}),
        ({"type": "A"}, {"dinkes", "kominfo"}),
        ({"active": "0"}, {"kobar_dinkes"}),
        ({"active": "1", "regency": "62.01"}, set()),
        ({"province": "62", "kind": "dinas", "level": "regency", "q": "Pendidikan"}, {"pky_disdik"}),
    ],
)
def test_filters(cast, login, params, expected):
    cast.kobar_dinkes.is_active = False
    cast.kobar_dinkes.save()
    page = login(cast.biro).get(reverse("agencies:opds"), params).context["page"]
    assert {o.pk for o in page} == {getattr(cast, name).pk for name in expected}


def test_pagination_keeps_the_query_string(cast, login):
    many_opds(cast.kalteng, 60)
    client = login(cast.biro)
    response = client.get(reverse("agencies:opds"), {"q": "Pelayanan", "kind": "badan"})
    page = response.context["page"]
    assert (page.paginator.count, page.paginator.num_pages, len(page)) == (60, 3, 25)
    assert "Halaman 1 dari 3 (60 baris)" in response.text
    next_link = re.search(r'href="(\?[^"]*page=2[^"]*)"', response.text).group(1).replace("&amp;", "&")
    assert next_link == "?q=Pelayanan&kind=badan&page=2"

    second = client.get(reverse("agencies:opds") + next_link)
    assert second.context["page"].number == 2
    assert second.context["filters"]["q"] == "Pelayanan"
    names = [o.code for o in second.context["page"]]
    assert names[0] == "UPT-25"
    prev_link = re.search(r'href="(\?[^"]*page=1[^"]*)"', second.text).group(1).replace("&amp;", "&")
    assert prev_link == "?q=Pelayanan&kind=badan&page=1"
    # The filter form keeps the choices too.
    assert 'name="q" value="Pelayanan"' in second.text
    assert '<option value="badan" selected>' in second.text


def test_a_page_number_out_of_range_shows_the_last_page(cast, login):
    many_opds(cast.kalteng, 30)
    page = login(cast.biro).get(reverse("agencies:opds"), {"page": "99"}).context["page"]
    assert page.number == page.paginator.num_pages == 2
    page = login(cast.biro).get(reverse("agencies:opds"), {"page": "x"}).context["page"]
    assert page.number == 1


def test_the_regency_filter_offers_the_regencies_of_the_users_province(cast, login):
    response = login(cast.biro).get(reverse("agencies:opds"))
    assert '<option value="62.71">Kota Palangkaraya</option>' in response.text
    assert "Kota Samarinda" not in response.text
    # Observers choose a province first.
    response = login(cast.observer).get(reverse("agencies:opds"))
    assert 'name="regency"' not in response.text
    response = login(cast.observer).get(reverse("agencies:opds"), {"province": "64"})
    assert '<option value="64.72">Kota Samarinda</option>' in response.text


def test_province_list_search(cast, login):
    client = login(cast.observer)
    assert [p.code for p in client.get(reverse("agencies:provinces"), {"q": "kalimantan"}).context["page"]] == [
        "61", "62", "63", "64", "65"]
    assert [p.code for p in client.get(reverse("agencies:provinces"), {"q": "62"}).context["page"]] == ["62"]


def test_a_renamed_opd_links_to_its_successor_and_back(cast, login):
    cast.kobar_dinkes.is_active = False
    cast.kobar_dinkes.replaced_by = Opd.objects.create(
        pemda=cast.kobar, code="DINKESPPKB", name="Dinas Kesehatan, Pengendalian Penduduk dan KB", kind="dinas")
    cast.kobar_dinkes.save()
    client = login(cast.bagian_other)
    old = client.get(cast.kobar_dinkes.get_absolute_url())
    assert "Perangkat daerah ini tidak aktif lagi." in old.text
    assert cast.kobar_dinkes.replaced_by.get_absolute_url() in links(old.text)
    new = client.get(cast.kobar_dinkes.replaced_by.get_absolute_url())
    assert cast.kobar_dinkes.get_absolute_url() in links(new.text)


@pytest.mark.parametrize(
    "role, link",
    [
        ("biro", "/wilayah/provinsi/62/"),
        ("bagian", "/wilayah/kabkota/62.71/"),
        ("inspector", "/wilayah/provinsi/62/"),
        ("opd_admin", "opd"),
    ],
)
def test_home_links_to_the_users_own_place(cast, login, role, link):
    response = login(getattr(cast, role)).get("/")
    href = re.search(r'href="([^"]+)" data-testid="my-place"', response.text).group(1)
    assert href == (cast.dinkes.get_absolute_url() if link == "opd" else link)


def test_404_and_403_pages_use_the_portal_layout(cast, login):
    client = login(cast.opd_admin)
    response = client.get(cast.kominfo.get_absolute_url())
    assert response.status_code == 404
    assert 'data-testid="error-404"' in response.text
    assert "Halaman tidak ditemukan" in response.text
    assert 'class="topbar"' in response.text

    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory
    from django.views.defaults import permission_denied

    request = RequestFactory().get("/")
    request.user = cast.opd_admin
    rendered = permission_denied(request, PermissionDenied()).content.decode()
    assert 'data-testid="error-403"' in rendered
    assert "Akses ditolak" in rendered
    assert "Admin perangkat daerah" in rendered


def test_an_unknown_address_shows_the_404_page_to_anonymous_visitors(db, client):
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert 'data-testid="error-404"' in response.text
    assert "Daftar perangkat daerah" not in response.text  # no links that need a login


def test_predecessors_outside_the_scope_are_not_listed(cast, login):
    # A Kalimantan Timur agency merged into a Kalimantan Tengah one (only a superuser can do that).
    cast.kaltim_dinkes.replaced_by = cast.dinkes
    cast.kaltim_dinkes.is_active = False
    cast.kaltim_dinkes.save()
    cast.kominfo.replaced_by = cast.dinkes
    cast.kominfo.save()
    assert [o.pk for o in login(cast.biro).get(cast.dinkes.get_absolute_url()).context["predecessors"]] == [
        cast.kominfo.pk]
    response = login(cast.superuser).get(cast.dinkes.get_absolute_url())
    assert {o.pk for o in response.context["predecessors"]} == {cast.kominfo.pk, cast.kaltim_dinkes.pk}


def test_a_wrong_password_gets_a_clear_message(cast, client):
    response = client.post(reverse("login"), {"username": "biro", "password": "salah-sekali"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah. Perhatikan huruf besar/kecil." in response.text
    assert "nama pengguna nama pengguna" not in response.text


def test_the_500_page_renders_without_a_request_context(db):
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert 'data-testid="error-500"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["q=dinkes", "active=0", "kind=dinas&level=province", "regency=62.01"])
def test_the_list_page_and_the_api_filter_opds_alike(cast, login, query):
    """#12.5: /opd/ filters through the API's OpdFilter, so both give the same OPDs."""
    client = login(cast.biro)
    page = client.get(f"/opd/?{query}")
    api = client.get(f"/api/v1/opds/?{query}&page_size=500").json()
    api_rows = api["results"] if isinstance(api, dict) else api
    assert sorted(o.pk for o in page.context["page"].object_list) == sorted(row["id"] for row in api_rows)
