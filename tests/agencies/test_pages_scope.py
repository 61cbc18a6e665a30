"""Every role on the browse pages: lists show exactly the scope, details outside it answer 404."""

import pytest
from django.urls import reverse

from agencies.models import Opd, Province, Regency

from .scope_table import ACTIVE_ROLES, expected_opd_ids, expected_pemda_ids, expected_province_ids, expected_regency_ids

pytestmark = pytest.mark.django_db

CAST_OPDS = ["biro_kalteng", "dinkes", "kominfo", "inspektorat", "pky_dinkes", "pky_disdik", "kobar_dinkes",
             "kaltim_dinkes", "smd_dinkes"]


def listed(response, key="page"):
    return {row.pk for row in response.context[key]}


@pytest.mark.parametrize("role", ACTIVE_ROLES)
def test_province_list_shows_the_scope(cast, login, role):
    response = login(getattr(cast, role)).get(reverse("agencies:provinces"))
    assert response.status_code == 200
    assert listed(response) == expected_province_ids(role)
    if "64" not in {p.code for p in response.context["page"]}:
        assert "Kalimantan Timur" not in response.text


@pytest.mark.parametrize("role", ACTIVE_ROLES)
@pytest.mark.parametrize("code", ["62", "64"])
def test_province_page_is_404_outside_the_scope(cast, login, role, code):
    province = Province.objects.get(code=code)
    response = login(getattr(cast, role)).get(province.get_absolute_url())
    if province.pk not in expected_province_ids(role):
        assert response.status_code == 404
        return
    assert response.status_code == 200
    regencies = {r.pk for r in response.context["regencies"]}
    assert regencies == expected_regency_ids(role) & set(province.regencies.values_list("pk", flat=True))
    opds = {o.pk for o in response.context["opds"]}
    province_level = set(Opd.objects.filter(pemda__province=province, pemda__level="province").values_list("pk", flat=True))
    assert opds == expected_opd_ids(cast, role) & province_level


@pytest.mark.parametrize("role", ACTIVE_ROLES)
@pytest.mark.parametrize("code", ["62.71", "62.01", "64.72"])
def test_regency_page_is_404_outside_the_scope(cast, login, role, code):
    regency = Regency.objects.get(code=code)
    response = login(getattr(cast, role)).get(regency.get_absolute_url())
    if regency.pk not in expected_regency_ids(role):
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert {o.pk for o in response.context["opds"]} == expected_opd_ids(cast, role) & set(
        regency.pemda.opds.values_list("pk", flat=True)
    )


@pytest.mark.parametrize("role", ACTIVE_ROLES)
def test_opd_list_shows_the_scope(cast, login, role):
    response = login(getattr(cast, role)).get(reverse("agencies:opds"))
    assert response.status_code == 200
    assert listed(response) == expected_opd_ids(cast, role)
    for name in CAST_OPDS:
        opd = getattr(cast, name)
        assert (opd.get_absolute_url() in response.text) is (opd.pk in expected_opd_ids(cast, role))


@pytest.mark.parametrize("role", ACTIVE_ROLES)
def test_opd_list_filters_cannot_widen_the_scope(cast, login, role):
    client = login(getattr(cast, role))
    for params in ({"province": "64"}, {"regency": "64.72"}, {"q": "Dinas"}, {"level": "regency"}):
        response = client.get(reverse("agencies:opds"), params)
        assert listed(response) <= expected_opd_ids(cast, role)


@pytest.mark.parametrize("role", ACTIVE_ROLES)
@pytest.mark.parametrize("opd_name", CAST_OPDS)
def test_opd_page_is_404_outside_the_scope(cast, login, role, opd_name):
    opd = getattr(cast, opd_name)
    response = login(getattr(cast, role)).get(opd.get_absolute_url())
    if opd.pk in expected_opd_ids(cast, role):
        assert response.status_code == 200
        assert response.context["opd"] == opd
    else:
        assert response.status_code == 404
        assert opd.name not in response.text


@pytest.mark.parametrize("role", ACTIVE_ROLES)
def test_home_counts_the_scope(cast, login, role):
    response = login(getattr(cast, role)).get(reverse("agencies:home"))
    assert response.status_code == 200
    counts = response.context["counts"]
    assert counts["provinces"] == len(expected_province_ids(role))
    assert counts["regencies"] == len(expected_regency_ids(role))
    assert counts["pemdas"] == len(expected_pemda_ids(cast, role))
    assert counts["opds"] == len(expected_opd_ids(cast, role))
    assert counts["active_opds"] == len(expected_opd_ids(cast, role))


@pytest.mark.parametrize(
    "role, text",
    [
        ("biro", "Staf Biro Organisasi · <strong>Pemerintah Provinsi Kalimantan Tengah</strong>"),
        ("bagian", "Staf Bagian Organisasi · <strong>Pemerintah Kota Palangkaraya</strong>"),
        ("opd_admin", "Admin perangkat daerah · <strong>Dinas Kesehatan Provinsi Kalimantan Tengah</strong>"),
        ("inspector", "Inspektur · <strong>Pemerintah Provinsi Kalimantan Tengah</strong>"),
        ("leader", "Pimpinan · <strong>Pemerintah Provinsi Kalimantan Tengah</strong>"),
        ("observer", "Pemantau nasional · seluruh Indonesia, hanya baca"),
        ("superuser", "Superuser: seluruh Indonesia"),
        ("nobody", "Akun Anda belum memiliki peran"),
    ],
)
def test_home_names_the_role_and_place(cast, login, role, text):
    response = login(getattr(cast, role)).get(reverse("agencies:home"))
    assert text in response.text


ALL_PAGES = [
    ("agencies:home", []),
    ("agencies:provinces", []),
    ("agencies:province", ["62"]),
    ("agencies:regency", ["62.71"]),
    ("agencies:opds", []),
]


@pytest.mark.parametrize("name, args", ALL_PAGES)
def test_anonymous_is_sent_to_the_login_page(cast, client, name, args):
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_cannot_open_an_opd(cast, client):
    response = client.get(cast.dinkes.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={cast.dinkes.get_absolute_url()}"


def test_a_deactivated_account_is_logged_out(cast, client):
    client.force_login(cast.deactivated)
    response = client.get(cast.dinkes.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    response = client.get(reverse("agencies:opds"))
    assert response.status_code == 302


def test_a_deactivated_account_cannot_log_in(cast, client):
    response = client.post(reverse("login"), {"username": "nonaktif", "password": "pass-1234-rb"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_user_without_role_sees_empty_lists(cast, login):
    client = login(cast.nobody)
    assert client.get(reverse("agencies:opds")).context["page"].paginator.count == 0
    assert client.get(reverse("agencies:provinces")).context["page"].paginator.count == 0
    assert client.get(reverse("agencies:province", args=["62"])).status_code == 404


@pytest.mark.parametrize("role, count", [("biro", 14), ("bagian", 1), ("opd_admin", 0), ("inspector", 0), ("observer", 14)])
def test_province_list_counts_only_the_regencies_in_scope(cast, login, role, count):
    response = login(getattr(cast, role)).get(reverse("agencies:provinces"))
    kalteng = next(p for p in response.context["page"] if p.code == "62")
    assert kalteng.regency_count == count
