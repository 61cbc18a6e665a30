"""The Django admin is scoped like every other page for staff who are not superusers."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from agencies.models import Membership, Opd, Pemda, Province, Regency, User

pytestmark = pytest.mark.django_db


def make_staff(user):
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="agencies"))
    return User.objects.get(pk=user.pk)  # fresh: no cached permissions or scope


def changelist_pks(response):
    return {obj.pk for obj in response.context["cl"].result_list}


def opd_form(opd, **changes):
    data = {
        "pemda": opd.pemda_id, "code": opd.code, "name": opd.name, "short_name": opd.short_name, "kind": opd.kind,
        "type": opd.type, "is_active": "on" if opd.is_active else "", "replaced_by": "", "replaced_on": "",
        "head_name": opd.head_name, "head_title": opd.head_title, "head_nip": opd.head_nip, "email": opd.email,
        "address": opd.address,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize("model", [Province, Regency, Pemda, Opd, User, Membership])
def test_every_agencies_model_is_registered_with_search_and_filters(model):
    model_admin = admin.site._registry[model]
    assert model_admin.search_fields
    assert model_admin.list_filter


def test_a_biro_of_another_province_cannot_see_the_cast_opds(cast, client):
    client.force_login(make_staff(cast.biro_other))
    response = client.get(reverse("admin:agencies_opd_changelist"))
    assert response.status_code == 200
    assert changelist_pks(response) == {cast.kaltim_dinkes.pk, cast.smd_dinkes.pk}
    assert "Kalimantan Tengah" not in response.text

    # Searching does not widen it.
    response = client.get(reverse("admin:agencies_opd_changelist"), {"q": "Dinas Kesehatan"})
    assert changelist_pks(response) == {cast.kaltim_dinkes.pk, cast.smd_dinkes.pk}


def test_a_biro_of_another_province_cannot_open_or_change_the_cast_opds(cast, client):
    client.force_login(make_staff(cast.biro_other))
    change_url = reverse("admin:agencies_opd_change", args=[cast.dinkes.pk])

    response = client.get(change_url)
    assert response.status_code == 302  # the admin's "does not exist" redirect
    assert cast.dinkes.name not in client.get(response["Location"]).text

    response = client.post(change_url, opd_form(cast.dinkes, name="Diubah"))
    assert response.status_code == 302
    cast.dinkes.refresh_from_db()
    assert cast.dinkes.name == "Dinas Kesehatan Provinsi Kalimantan Tengah"

    history = client.get(reverse("admin:agencies_opd_history", args=[cast.dinkes.pk]))
    assert history.status_code in (403, 404)
    assert cast.dinkes.name not in history.text


def test_a_biro_changes_the_opds_of_its_province(cast, client):
    client.force_login(make_staff(cast.biro))
    url = reverse("admin:agencies_opd_change", args=[cast.pky_dinkes.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, opd_form(cast.pky_dinkes, head_name="dr. Rina"))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    cast.pky_dinkes.refresh_from_db()
    assert cast.pky_dinkes.head_name == "dr. Rina"


def test_a_biro_cannot_move_or_create_an_opd_outside_its_province(cast, client):
    client.force_login(make_staff(cast.biro))
    url = reverse("admin:agencies_opd_change", args=[cast.dinkes.pk])
    response = client.post(url, opd_form(cast.dinkes, pemda=cast.kaltim.pk))
    assert response.status_code == 200
    assert "pemda" in response.context["adminform"].form.errors
    cast.dinkes.refresh_from_db()
    assert cast.dinkes.pemda == cast.kalteng

    new = {"pemda": cast.kaltim.pk, "code": "BARU", "name": "Dinas Baru", "kind": "dinas", "is_active": "on"}
    response = client.post(reverse("admin:agencies_opd_add"), new)
    assert response.status_code == 200
    assert not Opd.objects.filter(code="BARU").exists()

    response = client.post(reverse("admin:agencies_opd_add"), {**new, "pemda": cast.kobar.pk})
    assert response.status_code == 302
    assert Opd.objects.get(code="BARU").pemda == cast.kobar


def test_a_bagian_sees_but_cannot_change_opds_outside_its_regency(cast, client):
    client.force_login(make_staff(cast.bagian))
    response = client.get(reverse("admin:agencies_opd_changelist"))
    assert changelist_pks(response) == {cast.pky_dinkes.pk, cast.pky_disdik.pk}
    assert client.get(reverse("admin:agencies_opd_change", args=[cast.dinkes.pk])).status_code == 302


@pytest.mark.parametrize("role", ["inspector", "leader", "opd_admin", "observer"])
def test_read_only_roles_only_view_opds(cast, client, role):
    client.force_login(make_staff(getattr(cast, role)))
    url = reverse("admin:agencies_opd_change", args=[cast.dinkes.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    client.post(url, opd_form(cast.dinkes, name="Diubah"))
    cast.dinkes.refresh_from_db()
    assert cast.dinkes.name != "Diubah"
    assert client.get(reverse("admin:agencies_opd_add")).status_code == 403


def test_places_are_read_only_for_staff(cast, client):
    client.force_login(make_staff(cast.biro))
    response = client.get(reverse("admin:agencies_province_changelist"))
    assert changelist_pks(response) == {cast.kalteng.province_id}
    response = client.get(reverse("admin:agencies_province_change", args=[cast.kalteng.province_id]))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert client.get(reverse("admin:agencies_pemda_add")).status_code == 403
    regencies = changelist_pks(client.get(reverse("admin:agencies_regency_changelist") + "?all="))
    assert regencies == set(Regency.objects.filter(province__code="62").values_list("pk", flat=True))


def test_staff_see_only_the_accounts_of_their_scope(cast, client):
    client.force_login(make_staff(cast.biro_other))
    response = client.get(reverse("admin:agencies_user_changelist"))
    assert changelist_pks(response) == {cast.biro_other.pk, cast.inspector_other.pk}
    response = client.get(reverse("admin:agencies_membership_changelist"))
    assert {m.user_id for m in response.context["cl"].result_list} == {cast.biro_other.pk, cast.inspector_other.pk}
    assert client.get(reverse("admin:agencies_user_change", args=[cast.biro.pk])).status_code == 302
    assert client.get(reverse("admin:agencies_user_add")).status_code == 403


def test_autocomplete_offers_only_the_scope(cast, client):
    client.force_login(make_staff(cast.biro_other))
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "agencies", "model_name": "opd", "field_name": "pemda", "term": "Pemerintah"},
    )
    assert response.status_code == 200
    offered = {int(row["id"]) for row in response.json()["results"]}
    assert cast.kaltim.pk in offered
    assert offered <= set(Pemda.objects.filter(province__code="64").values_list("pk", flat=True))


def test_the_province_filter_lists_only_provinces_in_scope(cast, client):
    client.force_login(make_staff(cast.biro_other))
    response = client.get(reverse("admin:agencies_opd_changelist"))
    assert "Kalimantan Timur" in response.text
    assert "Aceh" not in response.text


def test_a_superuser_sees_everything(cast, client):
    client.force_login(cast.superuser)
    response = client.get(reverse("admin:agencies_opd_changelist"))
    assert changelist_pks(response) == set(Opd.objects.values_list("pk", flat=True))
    assert client.get(reverse("admin:agencies_opd_change", args=[cast.dinkes.pk])).status_code == 200


def test_opd_changelist_query_count_is_flat(cast, client, django_assert_num_queries):
    client.force_login(make_staff(cast.biro))
    url = reverse("admin:agencies_opd_changelist")
    client.get(url)

    def grow(n):
        for i in range(n):
            Opd.objects.create(pemda=cast.kalteng, code=f"UPT-{Opd.objects.count()}", name="UPT", kind="dinas")

    # session, user (+ membership: the scope), permissions (user, group), the province filter's
    # choices (provinces of OPDs in scope, one subquery), filtered count, total count,
    # page of OPDs (+ pemda joined)
    grow(5)
    with django_assert_num_queries(8):
        client.get(url)
    grow(45)
    with django_assert_num_queries(8):
        client.get(url)


def test_a_superuser_still_adds_and_changes_accounts(cast, client):
    client.force_login(cast.superuser)
    assert client.get(reverse("admin:agencies_user_add")).status_code == 200
    assert client.get(reverse("admin:agencies_user_change", args=[cast.biro.pk])).status_code == 200
    assert client.get(reverse("admin:agencies_opd_add")).status_code == 200
    assert client.get(reverse("admin:agencies_opd_history", args=[cast.dinkes.pk])).status_code == 200


def test_the_admin_applies_the_rename_rules(cast, client):
    client.force_login(make_staff(cast.biro))
    url = reverse("admin:agencies_opd_change", args=[cast.kominfo.pk])
    response = client.post(url, opd_form(cast.kominfo, replaced_by=cast.dinkes.pk))
    assert response.status_code == 200
    assert "is_active" in response.context["adminform"].form.errors
    response = client.post(url, opd_form(cast.kominfo, replaced_by=cast.dinkes.pk, is_active=""))
    assert response.status_code == 302
    url = reverse("admin:agencies_opd_change", args=[cast.dinkes.pk])
    response = client.post(url, opd_form(cast.dinkes, replaced_by=cast.kominfo.pk, is_active=""))
    assert response.status_code == 200
    assert "replaced_by" in response.context["adminform"].form.errors
