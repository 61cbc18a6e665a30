"""Meetings API: scoped lists, writes through services, OpenAPI schema."""

import datetime

import pytest
from rest_framework.test import APIClient

from meetings.models import FollowUp, Meeting

from .helpers import make_follow_up, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    def _api(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return _api


@pytest.fixture
def data(cast):
    kalteng = make_meeting(cast.kalteng, title="Rapat Tim RB Berdampak", attending=[cast.dinkes])
    item = make_follow_up(kalteng, cast.dinkes)
    other = make_follow_up(kalteng, cast.kominfo, title="Tindak lanjut Diskominfo")
    kaltim = make_meeting(cast.kaltim, title="Rakor se-Kaltim")
    make_follow_up(kaltim, cast.kaltim_dinkes)
    return {"kalteng": kalteng, "kaltim": kaltim, "item": item, "other": other}


def test_lists_are_scoped(api, cast, data):
    titles = [m["title"] for m in api(cast.biro).get("/api/v1/meetings/").json()["results"]]
    assert titles == ["Rapat Tim RB Berdampak"]
    assert [m["title"] for m in api(cast.biro_other).get("/api/v1/meetings/").json()["results"]] == ["Rakor se-Kaltim"]
    follow_ups = api(cast.biro_other).get("/api/v1/meeting-follow-ups/").json()["results"]
    assert [f["opd"] for f in follow_ups] == [cast.kaltim_dinkes.pk]
    assert api(cast.biro_other).get(f"/api/v1/meetings/{data['kalteng'].pk}/").status_code == 404
    assert api(cast.biro_other).get(f"/api/v1/meeting-follow-ups/{data['item'].pk}/").status_code == 404


def test_biro_creates_a_meeting_and_adds_rows(api, cast):
    client = api(cast.biro)
    response = client.post("/api/v1/meetings/", {
        "pemda": cast.kalteng.pk, "kind": "strategic", "title": "Rapat isu strategis kelembagaan dan Anjab",
        "starts_at": "2023-10-20T09:00:00+07:00", "ends_at": "2023-10-20T12:00:00+07:00",
        "venue": "Ruang rapat Biro Organisasi", "chair_name": "Betri Susilawati",
        "chair_title": "Plh. Kepala Biro Organisasi", "minutes": "<p>ok</p><script>x()</script>",
        "attending_opds": [cast.dinkes.pk],
    }, format="json")
    assert response.status_code == 201, response.json()
    meeting_id = response.json()["id"]
    assert response.json()["minutes"] == "<p>ok</p>"
    assert client.post("/api/v1/meeting-decisions/", {"meeting": meeting_id, "text": "Usulan ke pusat"}).status_code == 201
    response = client.post("/api/v1/meeting-recommendations/", {
        "meeting": meeting_id, "text": "Bimtek Anjab bagi kabupaten/kota", "addressee_kind": "central", "addressee_note": "KemenPAN-RB",
    })
    assert response.status_code == 201, response.json()
    response = client.post("/api/v1/meeting-follow-ups/", {
        "meeting": meeting_id, "title": "Rekap isu kelembagaan", "opd": cast.dinkes.pk, "due_date": "2023-11-10",
    })
    assert response.status_code == 201, response.json()
    assert response.json()["is_overdue"] is True
    response = client.put(f"/api/v1/meetings/{meeting_id}/attendance/", {"rows": [
        {"name": "Betri Susilawati", "unit_name": "Biro Organisasi", "position": "Plh. Kepala Biro", "mode": "in_person"},
    ]}, format="json")
    assert response.status_code == 200
    meeting = Meeting.objects.get(pk=meeting_id)
    assert meeting.participant_count() == 1 and meeting.status == Meeting.Status.HELD
    assert client.post(f"/api/v1/meetings/{meeting_id}/approve-minutes/").json()["status"] == "approved"


def test_opd_admin_cannot_create_or_edit_meetings(api, cast, data):
    client = api(cast.opd_admin)
    payload = {"pemda": cast.kalteng.pk, "kind": "rakor", "title": "x", "starts_at": "2025-01-01T09:00:00+07:00",
               "ends_at": "2025-01-01T10:00:00+07:00", "venue": "x"}
    assert client.post("/api/v1/meetings/", payload, format="json").status_code == 403
    assert client.patch(f"/api/v1/meetings/{data['kalteng'].pk}/", {"title": "y"}, format="json").status_code == 403
    response = client.post("/api/v1/meeting-decisions/", {"meeting": data["kalteng"].pk, "text": "x"})
    assert response.status_code == 403


def test_opd_admin_closes_only_its_own_follow_up(api, cast, data):
    client = api(cast.opd_admin)
    response = client.post(f"/api/v1/meeting-follow-ups/{data['item'].pk}/close/", {"progress_note": "ok"})
    assert response.status_code == 400  # evidence required
    response = client.post(
        f"/api/v1/meeting-follow-ups/{data['item'].pk}/close/",
        {"progress_note": "Blanko terkirim", "evidence_link": "https://drive.example.org/blanko-2025"},
    )
    assert response.status_code == 200 and response.json()["status"] == "done"
    response = client.post(f"/api/v1/meeting-follow-ups/{data['other'].pk}/progress/", {"status": "in_progress"})
    assert response.status_code == 404  # another OPD's item is outside an OPD admin's scope
    assert FollowUp.objects.get(pk=data["other"].pk).status == FollowUp.Status.OPEN


def test_overdue_filter(api, cast, data):
    FollowUp.objects.filter(pk=data["item"].pk).update(due_date=datetime.date(2020, 1, 1))
    FollowUp.objects.filter(pk=data["other"].pk).update(due_date=datetime.date(2099, 1, 1))
    rows = api(cast.biro).get("/api/v1/meeting-follow-ups/", {"overdue": "true"}).json()["results"]
    assert [r["id"] for r in rows] == [data["item"].pk]


def test_endpoints_are_in_the_openapi_schema(api, cast):
    schema = api(cast.biro).get("/api/schema/", {"format": "json"}).json()
    for path in (
        "/api/v1/meetings/", "/api/v1/meetings/{id}/approve-minutes/", "/api/v1/meetings/{id}/attendance/",
        "/api/v1/meeting-attendance/", "/api/v1/meeting-decisions/", "/api/v1/meeting-recommendations/",
        "/api/v1/meeting-follow-ups/", "/api/v1/meeting-follow-ups/{id}/close/", "/api/v1/meeting-follow-ups/{id}/progress/",
    ):
        assert path in schema["paths"], path
