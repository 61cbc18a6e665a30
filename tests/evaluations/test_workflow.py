import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from evaluations import services
from evaluations.models import FollowUp, Recommendation, Transition

from .helpers import make_lhe, make_recommendation, pdf

pytestmark = pytest.mark.django_db
Status = Recommendation.Status


def submit(cast, rec, user=None):
    return services.submit_follow_up(rec, narrative="SOP ditetapkan", evidence=pdf(), by=user or cast.opd_admin)


def test_the_full_cycle_is_logged_with_who_and_when(cast):
    rec = make_recommendation(cast)
    services.start_follow_up(rec, by=cast.opd_admin)
    submit(cast, rec)
    services.return_recommendation(rec, by=cast.inspector, comment="Lampirkan SK")
    rec.refresh_from_db()
    assert rec.status == Status.RETURNED
    submit(cast, rec)
    services.close_recommendation(rec, by=cast.inspector)
    rec.refresh_from_db()
    assert rec.status == Status.CLOSED and rec.closed_at is not None
    log = list(Transition.objects.filter(recommendation=rec).values_list("action", "from_status", "to_status", "actor__username"))
    assert log == [
        ("created", "", "terbuka", "biro"),
        ("started", "terbuka", "proses", "admin_dinkes"),
        ("submitted", "proses", "diajukan", "admin_dinkes"),
        ("returned", "diajukan", "dikembalikan", "inspektur"),
        ("submitted", "dikembalikan", "diajukan", "admin_dinkes"),
        ("closed", "diajukan", "selesai", "inspektur"),
    ]
    outcomes = list(rec.follow_ups.order_by("pk").values_list("outcome", "review_comment"))
    assert outcomes == [("dikembalikan", "Lampirkan SK"), ("diterima", "")]
    assert rec.history.count() >= 4  # simple_history keeps every version of the row


@pytest.mark.parametrize("who", ["biro", "leader", "observer", "opd_admin", "inspector_other", "bagian"])
def test_only_inspectors_of_the_pemda_close_or_return(cast, who):
    rec = make_recommendation(cast)
    submit(cast, rec)
    for service in (services.close_recommendation, services.return_recommendation):
        with pytest.raises(PermissionDenied):
            service(rec, by=getattr(cast, who), comment="x")
    rec.refresh_from_db()
    assert rec.status == Status.SUBMITTED


def test_a_superuser_may_review(cast):
    rec = make_recommendation(cast)
    submit(cast, rec)
    services.close_recommendation(rec, by=cast.superuser)
    assert Recommendation.objects.get(pk=rec.pk).status == Status.CLOSED


def test_returning_needs_a_comment_and_a_submitted_follow_up(cast):
    rec = make_recommendation(cast)
    with pytest.raises(ValidationError):
        services.close_recommendation(rec, by=cast.inspector)  # nothing submitted yet
    submit(cast, rec)
    with pytest.raises(ValidationError):
        services.return_recommendation(rec, by=cast.inspector, comment="  ")


def test_only_an_assigned_opd_answers(cast):
    rec = make_recommendation(cast, opds=[cast.dinkes])
    for who in ("opd_admin_other", "inspector", "leader", "biro"):
        with pytest.raises(PermissionDenied):
            submit(cast, rec, getattr(cast, who))
    assert not FollowUp.objects.exists()


def test_the_biro_answers_recommendations_assigned_to_the_biro(cast):
    rec = make_recommendation(cast, opds=[cast.biro_kalteng, cast.dinkes])
    follow_up = submit(cast, rec, cast.biro)
    assert follow_up.opd == cast.biro_kalteng
    assert submit(cast, rec, cast.opd_admin).opd == cast.dinkes


def test_a_follow_up_needs_evidence(cast):
    rec = make_recommendation(cast)
    with pytest.raises(ValidationError):
        services.submit_follow_up(rec, narrative="Sudah", by=cast.opd_admin)
    services.submit_follow_up(rec, narrative="Sudah", evidence_link="https://jdih.kalteng.go.id/sk/12", by=cast.opd_admin)


def test_recommendations_go_only_to_opds_of_the_evaluated_pemda(cast):
    lhe = make_lhe(cast)
    finding = services.add_finding(lhe, description="x", by=cast.biro)
    with pytest.raises(ValidationError):
        services.add_recommendation(finding, text="x", opds=[cast.kaltim_dinkes], due_date=datetime.date(2030, 1, 1), by=cast.biro)


def test_opd_admins_see_only_their_own_recommendations(cast):
    mine = make_recommendation(cast, opds=[cast.dinkes])
    other = make_recommendation(cast, lhe=mine.lhe, opds=[cast.kominfo])
    assert list(Recommendation.objects.visible_to(cast.opd_admin)) == [mine]
    assert list(Recommendation.objects.visible_to(cast.opd_admin_other)) == [other]
    assert set(Recommendation.objects.visible_to(cast.biro)) == {mine, other}
    assert not Recommendation.objects.visible_to(cast.biro_other).exists()
    assert not Recommendation.objects.visible_to(cast.inspector_other).exists()


def test_overdue_is_judged_in_the_pemdas_time_zone(cast, monkeypatch):
    from django.utils import timezone  # agencies.models.today_in reads its clock

    rec = make_recommendation(cast, due=datetime.date(2025, 6, 30))
    # 30 June 2025 17:30 UTC is already 1 July 00:30 in WIB (Kalimantan Tengah, UTC+7).
    moment = datetime.datetime(2025, 6, 30, 17, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    rec = Recommendation.objects.select_related("lhe__pemda__province").get(pk=rec.pk)
    assert rec.is_overdue
    assert list(Recommendation.objects.overdue()) == [rec]
    monkeypatch.setattr(timezone, "now", lambda: moment - datetime.timedelta(hours=1))  # 23:30 WIB
    assert not rec.is_overdue
    assert not Recommendation.objects.overdue().exists()


# --- the pages ------------------------------------------------------------------------------------


def test_an_opd_admin_answers_through_the_page(cast, login):
    rec = make_recommendation(cast)
    client = login(cast.opd_admin)
    page = client.get(reverse("evaluations:recommendation", args=[rec.pk]))
    assert page.status_code == 200 and b"follow-up-form" in page.content
    response = client.post(
        reverse("evaluations:recommendation_answer", args=[rec.pk]),
        {"narrative": "SOP ditetapkan dengan SK Kepala Dinas", "evidence": pdf()},
    )
    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    assert follow_up.evidence.name.startswith("evidence/") and follow_up.evidence.name.endswith(".pdf")
    download = client.get(reverse("evaluations:follow_up_evidence", args=[follow_up.pk]))
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_fake_pdf_is_refused_and_nothing_saved(cast, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    rec = make_recommendation(cast)
    response = login(cast.opd_admin).post(
        reverse("evaluations:recommendation_answer", args=[rec.pk]),
        {"narrative": "x", "evidence": SimpleUploadedFile("bukti.pdf", b"MZ\x90\x00 not a pdf")},
    )
    assert response.status_code == 400
    assert not FollowUp.objects.exists()


def test_the_inspector_reviews_through_the_page(cast, login):
    rec = make_recommendation(cast)
    submit(cast, rec)
    client = login(cast.inspector)
    assert b"review-form" in client.get(reverse("evaluations:recommendation", args=[rec.pk])).content
    url = reverse("evaluations:recommendation_review", args=[rec.pk])
    client.post(url, {"decision": "return", "comment": ""})
    assert Recommendation.objects.get(pk=rec.pk).status == Status.SUBMITTED  # a return needs a comment
    client.post(url, {"decision": "return", "comment": "Lampirkan SK"})
    assert Recommendation.objects.get(pk=rec.pk).status == Status.RETURNED


@pytest.mark.parametrize("who", ["biro", "leader", "opd_admin"])
def test_others_cannot_review_through_the_page(cast, login, who):
    rec = make_recommendation(cast)
    submit(cast, rec)
    response = login(getattr(cast, who)).post(
        reverse("evaluations:recommendation_review", args=[rec.pk]), {"decision": "close"}
    )
    assert response.status_code == 403
    assert Recommendation.objects.get(pk=rec.pk).status == Status.SUBMITTED


@pytest.mark.parametrize("who", ["opd_admin_other", "inspector_other", "biro_other", "bagian", "nobody"])
def test_outside_scope_is_404(cast, login, who):
    rec = make_recommendation(cast)
    follow_up = submit(cast, rec)
    client = login(getattr(cast, who))
    for url in (
        reverse("evaluations:recommendation", args=[rec.pk]),
        reverse("evaluations:recommendation_answer", args=[rec.pk]),
        reverse("evaluations:recommendation_review", args=[rec.pk]),
        reverse("evaluations:follow_up_evidence", args=[follow_up.pk]),
    ):
        method = client.get if "rekomendasi" in url and url.endswith(f"{rec.pk}/") else client.post
        if "data-dukung" in url:
            method = client.get
        assert method(url).status_code == 404, url


@pytest.mark.parametrize("who", ["inspector_other", "biro_other", "bagian", "nobody"])
def test_lhe_pages_outside_scope_are_404(cast, login, who):
    lhe = make_lhe(cast, document=pdf("lhe.pdf"))
    client = login(getattr(cast, who))
    for name in ("lhe", "lhe_simulator", "lhe_document", "lhe_worksheet", "lhe_scores", "lhe_import_scores", "finding_create"):
        assert client.get(reverse(f"evaluations:{name}", args=[lhe.pk])).status_code == 404, name


def test_leaders_and_observers_read_but_do_not_write(cast, login):
    lhe = make_lhe(cast, document=pdf("lhe.pdf"))
    for who in (cast.leader, cast.observer):
        client = login(who)
        assert client.get(reverse("evaluations:lhe", args=[lhe.pk])).status_code == 200
        assert client.get(reverse("evaluations:lhe_document", args=[lhe.pk])).status_code == 200
        assert client.get(reverse("evaluations:lhe_scores", args=[lhe.pk])).status_code == 403
        assert client.get(reverse("evaluations:lhe_create")).status_code == 403


def test_an_opd_admin_does_not_see_other_opds_recommendations_on_the_lhe_page(cast, login):
    mine = make_recommendation(cast, opds=[cast.dinkes], text="Untuk Dinkes")
    make_recommendation(cast, lhe=mine.lhe, opds=[cast.kominfo], text="Untuk Kominfo")
    content = login(cast.opd_admin).get(reverse("evaluations:lhe", args=[mine.lhe.pk])).content.decode()
    assert "Untuk Dinkes" in content and "Untuk Kominfo" not in content


def test_the_review_queue_is_for_inspectors(cast, login):
    rec = make_recommendation(cast)
    submit(cast, rec)
    page = login(cast.inspector).get(reverse("evaluations:review_queue"))
    assert page.status_code == 200 and rec.text.encode() in page.content
    assert login(cast.inspector_other).get(reverse("evaluations:review_queue")).content.count(b'data-testid="rec-row"') == 0
    assert login(cast.biro).get(reverse("evaluations:review_queue")).status_code == 403


def test_an_opd_cannot_stack_a_second_follow_up_while_one_awaits_review(cast, login):
    rec = make_recommendation(cast)
    submit(cast, rec)
    with pytest.raises(ValidationError):
        submit(cast, rec)
    assert b"follow-up-form" not in login(cast.opd_admin).get(reverse("evaluations:recommendation", args=[rec.pk])).content
