"""Writes through the Anjab/ABK API: positions and tasks of a draft, and the workflow.

Each write goes through institutions.anjab.services (the same rules as the pages): only the
agency (or whoever manages its Pemda) changes a draft or returned ABK; its admin submits; the
Biro (a province's agency) or the Bagian (a regency's) verifies or returns with a comment; a
verified ABK is locked. Bad input answers 400 with a translated message and writes nothing.
"""

import pytest

from institutions.anjab.models import Abk, Position, Task
from institutions.anjab.rules import PERIOD_FACTORS

from .helpers import make_hand_agency

pytestmark = pytest.mark.django_db


def position_body(abk, **extra):
    unit = abk.structure.units.get(name="Sekretariat")
    return {"abk": abk.pk, "unit": unit.pk, "code": "E", "kind": "pelaksana", "name": "Pengadministrasi Umum",
            "grade": 6, "in_post": 1, **extra}


def task_body(position, **extra):
    return {"position": position.pk, "description": "Mengagendakan surat masuk", "output": "Surat",
            "output_unit": "surat", "volume": "40", "period": "day", "time_norm": "5", **extra}


def test_the_agency_builds_its_draft_through_the_api(cast, login):
    abk = make_hand_agency(cast.kominfo)
    client = login(cast.opd_admin_other)
    response = client.post("/api/v1/abk-positions/", position_body(abk), content_type="application/json")
    assert response.status_code == 201, response.content
    position = Position.objects.get(pk=response.json()["id"])
    assert (position.abk, position.code, position.order) == (abk, "E", 5)
    assert position.history.latest().history_change_reason == "position.created"

    response = client.post("/api/v1/abk-tasks/", task_body(position), content_type="application/json")
    assert response.status_code == 201, response.content
    task = response.json()
    days = PERIOD_FACTORS["day"]  # the regulation's working days in a year
    assert (task["order"], task["yearly_volume"], task["workload_minutes"]) == (1, f"{40 * days}.00", f"{40 * days * 5}.00")
    detail = client.get(f"/api/v1/abk-positions/{position.pk}/").json()
    assert detail["figures"]["workload_minutes"] == 40 * days * 5

    response = client.patch(f"/api/v1/abk-tasks/{task['id']}/", {"volume": "80"}, content_type="application/json")
    assert response.json()["workload_minutes"] == f"{80 * days * 5}.00"
    response = client.patch(f"/api/v1/abk-positions/{position.pk}/", {"in_post": 3}, content_type="application/json")
    figures = response.json()["figures"]
    assert figures["in_post"] == 3 and figures["gap"] == figures["needed"] - 3
    assert client.delete(f"/api/v1/abk-tasks/{task['id']}/").status_code == 204
    assert client.delete(f"/api/v1/abk-positions/{position.pk}/").status_code == 204
    assert not Position.objects.filter(pk=position.pk).exists()
    assert Task.history.filter(id=task["id"], history_type="-").exists()


@pytest.mark.parametrize("body, field", [
    ({"code": "A"}, "code"),  # taken by another position of the ABK
    ({"kind": "fungsional"}, "functional_level"),  # a functional position needs its level
    ({"grade": 18}, "grade"),
])
def test_a_bad_position_is_refused_and_nothing_written(cast, login, body, field):
    abk = make_hand_agency(cast.kominfo)
    response = login(cast.opd_admin_other).post("/api/v1/abk-positions/", position_body(abk, **body),
                                                content_type="application/json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert abk.positions.count() == 4


def test_a_unit_of_another_agency_is_refused(cast, login):
    abk = make_hand_agency(cast.kominfo)
    other = make_hand_agency(cast.dinkes)
    body = position_body(abk, unit=other.structure.units.get(name="Sekretariat").pk)
    response = login(cast.opd_admin_other).post("/api/v1/abk-positions/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["unit"] == ["Unit bukan bagian dari struktur organisasi ABK ini."]


def test_a_bad_task_is_refused_in_indonesian(cast, login):
    abk = make_hand_agency(cast.kominfo)
    position = abk.positions.get(code="A")
    client = login(cast.opd_admin_other)
    response = client.post("/api/v1/abk-tasks/", task_body(position, volume="-1", period="hour"),
                           content_type="application/json", headers={"accept-language": "id"})
    assert response.status_code == 400
    assert set(response.json()) == {"volume", "period"}
    assert position.tasks.count() == 4


def test_another_agencys_abk_is_out_of_reach(cast, login):
    abk = make_hand_agency(cast.kominfo)
    position = abk.positions.get(code="A")
    client = login(cast.opd_admin)  # Dinkes' admin
    response = client.post("/api/v1/abk-positions/", position_body(abk), content_type="application/json")
    assert response.status_code == 400 and "abk" in response.json()
    assert client.patch(f"/api/v1/abk-positions/{position.pk}/", {"name": "X"}, content_type="application/json").status_code == 404
    assert client.post(f"/api/v1/abk/{abk.pk}/submit/").status_code == 404
    assert abk.positions.get(code="A").name == "Jabatan A"


def test_the_workflow_through_the_api(cast, login):
    abk = make_hand_agency(cast.kominfo)
    agency = login(cast.opd_admin_other)
    assert agency.post(f"/api/v1/abk/{abk.pk}/submit/").json()["status"] == "submitted"
    # submitted: the agency can change nothing more
    position = abk.positions.get(code="A")
    response = agency.patch(f"/api/v1/abk-positions/{position.pk}/", {"in_post": 5}, content_type="application/json")
    assert response.status_code == 403
    assert agency.post(f"/api/v1/abk/{abk.pk}/verify/").status_code == 403

    agency.logout()
    biro = login(cast.biro)
    response = biro.post(f"/api/v1/abk/{abk.pk}/return/", {"comment": " "}, content_type="application/json")
    assert response.status_code == 400
    response = biro.post(f"/api/v1/abk/{abk.pk}/return/", {"comment": "Norma waktu tugas 1 terlalu besar"},
                         content_type="application/json")
    assert response.json()["status"] == "returned"
    assert response.json()["comment"] == "Norma waktu tugas 1 terlalu besar"
    assert biro.post(f"/api/v1/abk/{abk.pk}/submit/").status_code == 403  # the agency submits, not the Biro

    biro.logout()
    agency = login(cast.opd_admin_other)
    assert agency.patch(f"/api/v1/abk-positions/{position.pk}/", {"in_post": 3},
                        content_type="application/json").status_code == 200
    agency.post(f"/api/v1/abk/{abk.pk}/submit/")
    agency.logout()
    response = login(cast.biro).post(f"/api/v1/abk/{abk.pk}/verify/", {}, content_type="application/json")
    assert response.json()["status"] == "verified"
    assert response.json()["totals"]["in_post"] == 3 + 1 + 0 + 1

    # verified: locked for everyone, the Biro included
    for user in (cast.opd_admin_other, cast.biro):
        client = login(user)
        assert client.delete(f"/api/v1/abk-positions/{position.pk}/").status_code == 403
        assert client.post("/api/v1/abk-tasks/", task_body(position), content_type="application/json").status_code == 403
    assert Abk.objects.get(pk=abk.pk).status == Abk.Status.VERIFIED
    assert [h.history_change_reason for h in abk.history.order_by("history_id")][1:] == [
        "abk.submitted", "abk.returned", "abk.submitted", "abk.verified"]


def test_a_regencys_bagian_verifies_its_agencies(cast, login):
    abk = make_hand_agency(cast.pky_dinkes)
    Abk.objects.filter(pk=abk.pk).update(status=Abk.Status.SUBMITTED)
    assert login(cast.bagian_other).post(f"/api/v1/abk/{abk.pk}/verify/").status_code == 404
    assert login(cast.biro).post(f"/api/v1/abk/{abk.pk}/verify/").status_code == 403
    assert login(cast.bagian).post(f"/api/v1/abk/{abk.pk}/verify/").json()["status"] == "verified"


def test_read_only_roles_write_nothing(cast, login):
    abk = make_hand_agency(cast.kominfo)
    for user in (cast.leader, cast.observer):
        response = login(user).post("/api/v1/abk-positions/", position_body(abk), content_type="application/json")
        assert response.status_code == 403


def test_the_tasks_api_query_count_is_flat(cast, login, django_assert_num_queries):
    client = login(cast.biro)
    abk = make_hand_agency(cast.kominfo)
    client.get("/api/v1/abk-tasks/")
    # session, user (+ membership), count, page of tasks (their own fields only)
    with django_assert_num_queries(4):
        assert client.get("/api/v1/abk-tasks/").json()["count"] == 9
    for opd in (cast.dinkes, cast.pky_dinkes, cast.kobar_dinkes):
        make_hand_agency(opd)
    with django_assert_num_queries(4):
        assert client.get(f"/api/v1/abk-tasks/?abk={abk.pk}").json()["count"] == 9
