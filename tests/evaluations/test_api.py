import datetime
from decimal import Decimal

import pytest

from evaluations.models import FollowUp, Lhe, Recommendation

from .helpers import make_lhe, make_recommendation, pdf

pytestmark = pytest.mark.django_db


def test_lists_are_scoped(cast, login):
    rec = make_recommendation(cast)
    make_lhe(cast, pemda=cast.kaltim, by=cast.biro_other)
    data = login(cast.biro).get("/api/v1/lhe/").json()
    assert [row["pemda"] for row in data["results"]] == [cast.kalteng.pk]
    assert login(cast.biro_other).get(f"/api/v1/lhe-recommendations/{rec.pk}/").status_code == 404
    assert login(cast.opd_admin_other).get("/api/v1/lhe-recommendations/").json()["count"] == 0
    assert login(cast.opd_admin).get("/api/v1/lhe-recommendations/").json()["count"] == 1


def test_an_opd_admin_posts_a_follow_up_with_evidence_and_the_inspector_returns_then_closes(cast, login):
    rec = make_recommendation(cast)
    client = login(cast.opd_admin)
    response = client.post(
        "/api/v1/lhe-follow-ups/", {"recommendation": rec.pk, "narrative": "SK ditetapkan", "evidence": pdf()},
    )
    assert response.status_code == 201, response.content
    assert response.json()["has_evidence"] is True
    assert client.post(f"/api/v1/lhe-recommendations/{rec.pk}/close/").status_code == 403

    inspector = login(cast.inspector)
    bad = inspector.post(f"/api/v1/lhe-recommendations/{rec.pk}/return/", {"comment": ""}, content_type="application/json")
    assert bad.status_code == 400
    returned = inspector.post(f"/api/v1/lhe-recommendations/{rec.pk}/return/", {"comment": "Lengkapi"}, content_type="application/json")
    assert returned.json()["status"] == "dikembalikan"

    client = login(cast.opd_admin)
    client.post("/api/v1/lhe-follow-ups/", {"recommendation": rec.pk, "narrative": "Dilengkapi", "evidence_link": "https://example.go.id/sk"})
    closed = login(cast.inspector).post(f"/api/v1/lhe-recommendations/{rec.pk}/close/", {}, content_type="application/json")
    assert closed.json()["status"] == "selesai"
    assert list(FollowUp.objects.order_by("pk").values_list("outcome", flat=True)) == ["dikembalikan", "diterima"]


def test_inspectors_of_another_pemda_get_404_on_review(cast, login):
    rec = make_recommendation(cast)
    assert login(cast.inspector_other).post(f"/api/v1/lhe-recommendations/{rec.pk}/close/").status_code == 404


def test_a_fake_evidence_file_is_refused(cast, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    rec = make_recommendation(cast)
    response = login(cast.opd_admin).post(
        "/api/v1/lhe-follow-ups/",
        {"recommendation": rec.pk, "narrative": "x", "evidence": SimpleUploadedFile("a.pdf", b"<html>")},
    )
    assert response.status_code == 400 and not FollowUp.objects.exists()


def test_lhe_create_and_scores(cast, login):
    client = login(cast.biro)
    response = client.post("/api/v1/lhe/", {
        "pemda": cast.kalteng.pk, "year": 2024, "kind": "eksternal", "date": "2025-02-20",
    }, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    scored = client.post(f"/api/v1/lhe/{pk}/scores/", {"scores": {"G": "70.5", "T": "8"}}, content_type="application/json")
    assert scored.status_code == 200, scored.content
    assert scored.json()["index"] == "78.50" and scored.json()["predikat"] == "BB"
    too_much = client.post(f"/api/v1/lhe/{pk}/scores/", {"scores": {"T": "21"}}, content_type="application/json")
    assert too_much.status_code == 400
    assert Lhe.objects.get(pk=pk).index == Decimal("78.50")
    assert login(cast.leader).post("/api/v1/lhe/", {}, content_type="application/json").status_code == 403
    other = login(cast.biro_other).post("/api/v1/lhe/", {
        "pemda": cast.kalteng.pk, "year": 2023, "kind": "eksternal", "date": "2024-02-20",
    }, content_type="application/json")
    assert other.status_code == 400  # the Pemda is not among the choices of another province's Biro


def test_frameworks_are_readable_with_their_tree(cast, login):
    client = login(cast.opd_admin)
    frameworks = client.get("/api/v1/evaluation-frameworks/").json()["results"]
    assert [(f["year_from"], f["version"]) for f in frameworks] == [(2023, 2), (2023, 1), (2020, 2), (2020, 1)]
    assert frameworks[0]["replaces"] == frameworks[1]["id"] and "739/2023" in frameworks[0]["source"]
    detail = client.get(f"/api/v1/evaluation-frameworks/{frameworks[0]['id']}/").json()
    assert {"code": "T.1", "parent": "T"}.items() <= next(n for n in detail["nodes"] if n["code"] == "T.1").items()


def test_the_schema_documents_the_review_actions(cast, login):
    schema = login(cast.biro).get("/api/schema/").content.decode()
    for path in ("/api/v1/lhe/", "/api/v1/lhe-recommendations/{id}/close/", "/api/v1/lhe-recommendations/{id}/return/",
                 "/api/v1/lhe-follow-ups/", "/api/v1/evaluation-frameworks/"):
        assert path in schema


def test_overdue_flag_in_the_api(cast, login):
    rec = make_recommendation(cast, due=datetime.date(2020, 1, 1))
    row = login(cast.biro).get(f"/api/v1/lhe-recommendations/{rec.pk}/").json()
    assert row["is_overdue"] is True and Recommendation.objects.overdue().count() == 1


def test_a_refusal_from_a_service_keeps_its_message(cast, login, monkeypatch):
    """The API answers a service's PermissionDenied through agencies/api/errors.run: 403 with the
    service's own words, not DRF's generic text."""
    from django.core.exceptions import PermissionDenied

    from evaluations import services

    def refuse(*args, **kwargs):
        raise PermissionDenied("LHE tahun ini sudah dikunci.")

    monkeypatch.setattr(services, "record_lhe", refuse)
    response = login(cast.biro).post("/api/v1/lhe/", {
        "pemda": cast.kalteng.pk, "year": 2024, "kind": "eksternal", "date": "2025-02-20",
    }, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"] == "LHE tahun ini sudah dikunci."
