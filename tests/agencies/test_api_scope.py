"""The agencies API for every role: lists hold exactly the scope, details outside it are 404,
and only Biro/Bagian staff write OPDs, within the Pemda they manage."""

import pytest
from rest_framework.test import APIClient

from agencies.models import Opd, Province, Regency

from .scope_table import ACTIVE_ROLES, expected_opd_ids, expected_pemda_ids, expected_province_ids, expected_regency_ids

pytestmark = pytest.mark.django_db



@pytest.fixture
def api():
    def _api(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return _api


def all_ids(client, url):
    """Every id of a paginated list, following `next` links."""
    found, page = [], url + ("&" if "?" in url else "?") + "page_size=1000"
    while page:
        response = client.get(page)
        assert response.status_code == 200, response.content
        found += [row["id"] for row in response.json()["results"]]
        page = response.json()["next"]
    assert len(found) == len(set(found))
    return set(found)


@pytest.mark.parametrize("role", ACTIVE_ROLES)
def test_province_list_is_the_scope(cast, api, role):
    assert all_ids(api(getattr(cast, role)), "/api/v1/provinces/") == expected_province_ids(role)


@pytest.mark.parametrize("role", ACTIVE_ROLES)
def test_regency_list_is_the_scope(cast, api, role):
    assert all_ids(api(getattr(cast, role)), "/api/v1/regencies/") == expected_regency_ids(role)


@pytest.mark.parametrize("role", ACTIVE_ROLES)
def test_pemda_list_is_the_scope(cast, api, role):
    assert all_ids(api(getattr(cast, role)), "/api/v1/pemdas/") == expected_pemda_ids(cast, role)


@pytest.mark.parametrize("role", ACTIVE_ROLES)
def test_opd_list_is_the_scope(cast, api, role):
    assert all_ids(api(getattr(cast, role)), "/api/v1/opds/") == expected_opd_ids(cast, role)


@pytest.mark.parametrize("role", ACTIVE_ROLES)
def test_opd_filters_stay_inside_the_scope(cast, api, role):
    client = api(getattr(cast, role))
    assert all_ids(client, "/api/v1/opds/?province=64") == expected_opd_ids(cast, role) & {
        cast.kaltim_dinkes.pk, cast.smd_dinkes.pk}
    assert all_ids(client, "/api/v1/opds/?regency=62.71") == expected_opd_ids(cast, role) & {
        cast.pky_dinkes.pk, cast.pky_disdik.pk}
    assert all_ids(client, "/api/v1/opds/?search=Kesehatan") <= expected_opd_ids(cast, role)


@pytest.mark.parametrize("role", ACTIVE_ROLES)
def test_details_are_404_outside_the_scope(cast, api, role):
    client = api(getattr(cast, role))
    for code in ("62", "64"):
        visible = Province.objects.get(code=code).pk in expected_province_ids(role)
        assert client.get(f"/api/v1/provinces/{code}/").status_code == (200 if visible else 404)
    for code in ("62.71", "62.01", "64.72"):
        visible = Regency.objects.get(code=code).pk in expected_regency_ids(role)
        assert client.get(f"/api/v1/regencies/{code}/").status_code == (200 if visible else 404)
    for pemda in (cast.kalteng, cast.palangkaraya, cast.kobar, cast.kaltim, cast.samarinda):
        visible = pemda.pk in expected_pemda_ids(cast, role)
        assert client.get(f"/api/v1/pemdas/{pemda.pk}/").status_code == (200 if visible else 404)
    for opd in Opd.objects.all():
        visible = opd.pk in expected_opd_ids(cast, role)
        response = client.get(f"/api/v1/opds/{opd.pk}/")
        assert response.status_code == (200 if visible else 404)
        if visible:
            assert response.json()["name"] == opd.name


@pytest.mark.parametrize("url", ["/api/v1/provinces/", "/api/v1/regencies/", "/api/v1/pemdas/", "/api/v1/opds/"])
def test_anonymous_gets_nothing(cast, api, url):
    response = api().get(url)
    assert response.status_code in (401, 403)
    assert "results" not in response.json()


def token_client(user):
    """An API client that signs in with a personal token of `user`."""
    from agencies.tokens import issue_token

    _token, plaintext = issue_token(user, name="uji")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {plaintext}")
    return client


def test_a_deactivated_account_gets_nothing(cast, api):
    response = token_client(cast.deactivated).get("/api/v1/opds/")
    assert response.status_code in (401, 403)
    assert "results" not in response.json()


def test_token_auth_gives_the_same_scope(cast, api):
    assert all_ids(token_client(cast.bagian), "/api/v1/opds/") == {cast.pky_dinkes.pk, cast.pky_disdik.pk}


# --- writes ------------------------------------------------------------------------------

def new_opd(pemda, code="DISPORA", **extra):
    return {"pemda": pemda.pk, "code": code, "name": f"Dinas Pemuda dan Olahraga {code}", "kind": "dinas", **extra}


# role -> Pemda (cast attribute) where it may create OPDs
CREATES_IN = {
    "biro": {"kalteng", "palangkaraya", "kobar"},
    "biro_other": {"kaltim", "samarinda"},
    "bagian": {"palangkaraya"},
    "bagian_other": {"kobar"},
    "superuser": {"kalteng", "palangkaraya", "kobar", "kaltim", "samarinda"},
}
READ_ONLY_FOR_OPDS = ["opd_admin", "opd_admin_other", "inspector", "inspector_other", "leader", "observer", "nobody"]


@pytest.mark.parametrize("role", list(CREATES_IN))
@pytest.mark.parametrize("pemda_name", ["kalteng", "palangkaraya", "kobar", "kaltim", "samarinda"])
def test_opd_creation_is_limited_to_managed_pemda(cast, api, role, pemda_name):
    pemda = getattr(cast, pemda_name)
    before = Opd.objects.count()
    response = api(getattr(cast, role)).post("/api/v1/opds/", new_opd(pemda), format="json")
    if pemda_name in CREATES_IN[role]:
        assert response.status_code == 201, response.content
        assert Opd.objects.get(pk=response.json()["id"]).pemda == pemda
        assert Opd.objects.count() == before + 1
    else:
        assert response.status_code == 400
        assert "pemda" in response.json()
        assert Opd.objects.count() == before


@pytest.mark.parametrize("role", READ_ONLY_FOR_OPDS)
def test_other_roles_cannot_create_opds(cast, api, role):
    # Even in their own Pemda.
    response = api(getattr(cast, role)).post("/api/v1/opds/", new_opd(cast.kalteng), format="json")
    assert response.status_code == 403
    assert not Opd.objects.filter(code="DISPORA").exists()


def test_anonymous_cannot_create_opds(cast, api):
    assert api().post("/api/v1/opds/", new_opd(cast.kalteng), format="json").status_code in (401, 403)
    assert not Opd.objects.filter(code="DISPORA").exists()


# role -> OPD (cast attribute) it may edit, among a sample of the cast
EDITS = {
    "biro": {"dinkes", "pky_dinkes", "kobar_dinkes"},
    "biro_other": {"kaltim_dinkes", "smd_dinkes"},
    "bagian": {"pky_dinkes"},
    "bagian_other": {"kobar_dinkes"},
    "superuser": {"dinkes", "pky_dinkes", "kobar_dinkes", "kaltim_dinkes", "smd_dinkes"},
}
SAMPLE = ["dinkes", "pky_dinkes", "kobar_dinkes", "kaltim_dinkes", "smd_dinkes"]


@pytest.mark.parametrize("role", list(EDITS) + READ_ONLY_FOR_OPDS)
@pytest.mark.parametrize("opd_name", SAMPLE)
def test_opd_editing_answers_404_outside_scope_and_403_when_read_only(cast, api, role, opd_name):
    user, opd = getattr(cast, role), getattr(cast, opd_name)
    response = api(user).patch(f"/api/v1/opds/{opd.pk}/", {"head_name": "Dr. Baru, M.Si."}, format="json")
    opd.refresh_from_db()
    if opd_name in EDITS.get(role, ()):
        assert response.status_code == 200, response.content
        assert opd.head_name == "Dr. Baru, M.Si."
        return
    visible = opd.pk in expected_opd_ids(cast, role)
    assert response.status_code == (403 if visible else 404)
    assert opd.head_name == ""


def test_an_edit_is_recorded_in_the_history(cast, api):
    api(cast.biro).patch(f"/api/v1/opds/{cast.dinkes.pk}/", {"head_name": "Ir. Sari"}, format="json")
    record = cast.dinkes.history.first()
    assert record.head_name == "Ir. Sari"
    assert record.history_type == "~"


def test_put_replaces_the_editable_fields(cast, api):
    payload = new_opd(cast.palangkaraya, code="DINKES", name="Dinas Kesehatan dan KB Kota Palangkaraya", type="B")
    response = api(cast.bagian).put(f"/api/v1/opds/{cast.pky_dinkes.pk}/", payload, format="json")
    assert response.status_code == 200, response.content
    cast.pky_dinkes.refresh_from_db()
    assert (cast.pky_dinkes.name, cast.pky_dinkes.type) == ("Dinas Kesehatan dan KB Kota Palangkaraya", "B")


def test_read_only_fields_posted_are_ignored(cast, api):
    taken = cast.smd_dinkes.pk
    payload = new_opd(cast.kalteng, id=taken, pemda_name="Pemerintah Provinsi Kalimantan Timur")
    response = api(cast.biro).post("/api/v1/opds/", payload, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["id"] != taken
    assert body["pemda_name"] == "Pemerintah Provinsi Kalimantan Tengah"
    cast.smd_dinkes.refresh_from_db()
    assert cast.smd_dinkes.name == "Dinas Kesehatan Kota Samarinda"

    response = api(cast.biro).patch(
        f"/api/v1/opds/{cast.dinkes.pk}/", {"id": taken, "pemda_name": "X", "short_name": "Dinkes"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["id"] == cast.dinkes.pk
    assert Opd.objects.get(pk=cast.dinkes.pk).short_name == "Dinkes"


def test_an_opd_cannot_move_to_another_pemda(cast, api):
    # Even between two Pemda the Biro manages.
    response = api(cast.biro).patch(f"/api/v1/opds/{cast.dinkes.pk}/", {"pemda": cast.palangkaraya.pk}, format="json")
    assert response.status_code == 400
    assert "pemda" in response.json()
    cast.dinkes.refresh_from_db()
    assert cast.dinkes.pemda == cast.kalteng


def test_an_opd_cannot_be_replaced_by_an_opd_outside_the_scope(cast, api):
    response = api(cast.biro).patch(
        f"/api/v1/opds/{cast.dinkes.pk}/", {"replaced_by": cast.kaltim_dinkes.pk, "is_active": False}, format="json"
    )
    assert response.status_code == 400
    assert "replaced_by" in response.json()
    cast.dinkes.refresh_from_db()
    assert cast.dinkes.is_active


def test_a_rename_links_the_old_record(cast, api):
    client = api(cast.biro)
    created = client.post("/api/v1/opds/", new_opd(cast.kalteng, code="DINKESKB"), format="json").json()
    response = client.patch(
        f"/api/v1/opds/{cast.dinkes.pk}/",
        {"is_active": False, "replaced_by": created["id"], "replaced_on": "2025-01-02"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert list(Opd.objects.get(pk=created["id"]).predecessors.all()) == [cast.dinkes]


def test_duplicate_codes_in_a_pemda_are_refused(cast, api):
    response = api(cast.biro).post("/api/v1/opds/", new_opd(cast.kalteng, code="DINKES"), format="json")
    assert response.status_code == 400
    assert Opd.objects.filter(pemda=cast.kalteng, code="DINKES").count() == 1


def test_opds_cannot_be_deleted_through_the_api(cast, api):
    assert api(cast.superuser).delete(f"/api/v1/opds/{cast.dinkes.pk}/").status_code == 405
    assert Opd.objects.filter(pk=cast.dinkes.pk).exists()


@pytest.mark.parametrize("url", ["/api/v1/provinces/62/", "/api/v1/regencies/62.71/", "/api/v1/pemdas/1/"])
def test_places_are_read_only(cast, api, url):
    assert api(cast.superuser).patch(url, {"name": "X"}, format="json").status_code == 405


def test_schema_lists_the_agencies_endpoints(cast, api):
    response = api(cast.biro).get("/api/schema/")
    assert response.status_code == 200
    schema = response.content.decode()
    for path in ("/api/v1/provinces/", "/api/v1/regencies/", "/api/v1/pemdas/", "/api/v1/opds/{id}/"):
        assert path in schema


def test_a_replaced_opd_must_be_inactive(cast, api):
    response = api(cast.biro).patch(f"/api/v1/opds/{cast.kominfo.pk}/", {"replaced_by": cast.dinkes.pk}, format="json")
    assert response.status_code == 400
    assert "is_active" in response.json()
    cast.kominfo.refresh_from_db()
    assert cast.kominfo.replaced_by is None


def test_renames_cannot_go_round_in_a_circle(cast, api):
    client = api(cast.biro)
    response = client.patch(
        f"/api/v1/opds/{cast.kominfo.pk}/", {"replaced_by": cast.dinkes.pk, "is_active": False}, format="json"
    )
    assert response.status_code == 200
    response = client.patch(
        f"/api/v1/opds/{cast.dinkes.pk}/", {"replaced_by": cast.kominfo.pk, "is_active": False}, format="json"
    )
    assert response.status_code == 400
    assert "replaced_by" in response.json()
    cast.dinkes.refresh_from_db()
    assert cast.dinkes.replaced_by is None and cast.dinkes.is_active
