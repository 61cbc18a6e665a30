"""Meetings link the kelembagaan registers: the strategic issues a meeting discusses, the issue a
recommendation to the central government comes from, and the regulation a follow-up asks for.

Choices and links are the rows the user sees: a regency's Bagian neither links nor sees another
regency's issues and regulations.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from institutions.models import Regulation, StrategicIssue
from meetings import services
from meetings.models import ExternalUnit, FollowUp, Meeting, MeetingRecommendation

from .helpers import make_follow_up, make_meeting
from .test_api import api  # noqa: F401  (the fixture)
from .test_pages import form_data

pytestmark = pytest.mark.django_db


def make_issue(pemda, title, **extra):
    return StrategicIssue.objects.create(pemda=pemda, category="job_analysis", title=title,
                                         raised_by="Bagian Organisasi", raised_on=datetime.date(2025, 8, 4), **extra)


def make_regulation(pemda, subject):
    return Regulation.objects.create(pemda=pemda, kind="work_system", subject=subject)


@pytest.fixture
def links(cast):
    return {
        "pky_issue": make_issue(cast.palangkaraya, "Anjab Palangka Raya belum dimutakhirkan"),
        "kobar_issue": make_issue(cast.kobar, "Isu rahasia Kotawaringin Barat"),
        "pky_regulation": make_regulation(cast.palangkaraya, "Sistem Kerja Kota Palangka Raya"),
        "kobar_regulation": make_regulation(cast.kobar, "Regulasi rahasia Kotawaringin Barat"),
        "kemenpan": ExternalUnit.objects.create(name="Kementerian PANRB", short_name="KemenPAN-RB"),
    }


def regency_form(cast, links, **overrides):
    """The Bagian of Palangka Raya records its own rakor."""
    data = form_data(
        cast, pemda=cast.palangkaraya.pk, organiser="", invited_opds=[cast.pky_dinkes.pk],
        attending_opds=[cast.pky_dinkes.pk], title="Rakor kelembagaan Kota Palangka Raya",
        strategic_issues=[links["pky_issue"].pk],
        **{
            "recommendations-0-text": "Mohon pedoman pemutakhiran Anjab setelah penyetaraan",
            "recommendations-0-addressee_note": "",
            "recommendations-0-addressee_external": links["kemenpan"].pk,
            "recommendations-0-strategic_issue": links["pky_issue"].pk,
            "follow_ups-TOTAL_FORMS": "1",
            "follow_ups-0-opd": cast.pky_dinkes.pk,
            "follow_ups-0-title": "Susun Perwali sistem kerja",
            "follow_ups-0-regulation": links["pky_regulation"].pk,
        },
    )
    data.update(overrides)
    return data


def test_a_regency_links_its_issue_and_regulation_through_the_meeting_form(cast, login, links):
    client = login(cast.bagian)
    page = client.get(reverse("meetings:create")).content.decode()
    assert "Anjab Palangka Raya belum dimutakhirkan" in page and "Sistem Kerja Kota Palangka Raya" in page
    assert "Isu rahasia Kotawaringin Barat" not in page and "Regulasi rahasia Kotawaringin Barat" not in page

    response = client.post(reverse("meetings:create"), regency_form(cast, links))
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = Meeting.objects.get()
    assert list(meeting.strategic_issues.all()) == [links["pky_issue"]]
    rec = meeting.recommendations.get()
    assert (rec.strategic_issue, rec.addressee_kind) == (links["pky_issue"], "central")
    assert meeting.follow_ups.get().regulation == links["pky_regulation"]
    # discussed, then escalated to the centre through the recommendation, each step in the history
    links["pky_issue"].refresh_from_db()
    assert links["pky_issue"].status == StrategicIssue.Status.ESCALATED
    assert {h.history_change_reason for h in links["pky_issue"].history.all()} >= {"issue.discussed", "issue.escalated"}

    page = client.get(meeting.get_absolute_url()).content.decode()
    assert 'data-testid="meeting-issues"' in page and links["pky_issue"].get_absolute_url() in page
    assert 'data-testid="recommendation-issue"' in page and links["pky_regulation"].get_absolute_url() in page
    # and the kelembagaan pages show the meeting back (reverse relations)
    issue_page = client.get(links["pky_issue"].get_absolute_url()).content.decode()
    assert "Rakor kelembagaan Kota Palangka Raya" in issue_page and "Mohon pedoman pemutakhiran Anjab" in issue_page
    regulation_page = client.get(links["pky_regulation"].get_absolute_url()).content.decode()
    assert "Susun Perwali sistem kerja" in regulation_page


@pytest.mark.parametrize("field, key", [
    ("strategic_issues", "kobar_issue"),
    ("recommendations-0-strategic_issue", "kobar_issue"),
    ("follow_ups-0-regulation", "kobar_regulation"),
])
def test_the_form_refuses_another_regencys_rows_and_writes_nothing(cast, login, links, field, key):
    value = [links[key].pk] if field == "strategic_issues" else links[key].pk
    response = login(cast.bagian).post(reverse("meetings:create"), regency_form(cast, links, **{field: value}))
    assert response.status_code == 200
    form, formsets = response.context["form"], response.context["formsets"]
    errors = [form.errors, *(f.errors for fs in formsets.values() for f in fs.forms)]
    assert any(field.rsplit("-", 1)[-1] in e for e in errors)
    assert not Meeting.objects.exists() and not FollowUp.objects.exists()
    assert "Isu rahasia Kotawaringin Barat" not in response.content.decode()


def test_the_services_refuse_links_the_user_cannot_see(cast, links):
    meeting = make_meeting(cast.palangkaraya, by=cast.bagian)
    with pytest.raises(ValidationError):
        services.attach_strategic_issues(meeting, [links["kobar_issue"]], by=cast.bagian)
    with pytest.raises(ValidationError):
        services.add_recommendation(meeting, by=cast.bagian, text="x", addressee_kind="central",
                                    addressee_external=links["kemenpan"], strategic_issue=links["kobar_issue"])
    with pytest.raises(ValidationError):
        services.add_follow_up(meeting, by=cast.bagian, title="x", opd=cast.pky_dinkes,
                               due_date=datetime.date(2025, 3, 1), regulation=links["kobar_regulation"])
    assert not meeting.strategic_issues.exists() and not MeetingRecommendation.objects.exists()
    assert not FollowUp.objects.exists()
    links["kobar_issue"].refresh_from_db()
    assert links["kobar_issue"].status == StrategicIssue.Status.OPEN


def test_a_province_rakor_shows_each_regency_only_its_own_issues(cast, login, links):
    rakor = make_meeting(cast.kalteng, title="Rakor kelembagaan se-Kalteng", invited=[cast.pky_dinkes, cast.kobar_dinkes])
    services.attach_strategic_issues(rakor, [links["pky_issue"], links["kobar_issue"]], by=cast.biro)
    services.add_recommendation(rakor, by=cast.biro, text="Usulan Kotawaringin Barat ke pusat",
                                addressee_kind="central", addressee_external=links["kemenpan"],
                                strategic_issue=links["kobar_issue"])
    make_follow_up(rakor, cast.pky_dinkes, title="Tindak lanjut Palangka Raya")
    pky_item = FollowUp.objects.get()
    pky_item.regulation = links["kobar_regulation"]  # the Biro's (odd) link: not the city's to see
    pky_item.save(update_fields=["regulation"])

    biro = login(cast.biro).get(rakor.get_absolute_url()).content.decode()
    assert "Isu rahasia Kotawaringin Barat" in biro and "Anjab Palangka Raya" in biro
    city = login(cast.bagian).get(rakor.get_absolute_url()).content.decode()
    assert "Anjab Palangka Raya" in city
    assert "Isu rahasia Kotawaringin Barat" not in city and links["kobar_issue"].get_absolute_url() not in city
    assert "Regulasi rahasia Kotawaringin Barat" not in city
    item = login(cast.bagian).get(pky_item.get_absolute_url()).content.decode()
    assert "Regulasi rahasia Kotawaringin Barat" not in item
    client = APIClient()
    client.force_authenticate(cast.bagian)
    row = client.get(f"/api/v1/meetings/{rakor.pk}/").json()
    assert row["strategic_issues"] == [links["pky_issue"].pk]


def test_editing_keeps_the_links_the_editor_cannot_see(cast, login, links):
    meeting = make_meeting(cast.palangkaraya, by=cast.bagian, title="Rakor kota")
    services.attach_strategic_issues(meeting, [links["kobar_issue"]], by=cast.biro)  # the Biro sees both
    services.update_meeting(meeting, by=cast.bagian, strategic_issues=[links["pky_issue"]])
    assert set(meeting.strategic_issues.all()) == {links["pky_issue"], links["kobar_issue"]}
    services.update_meeting(meeting, by=cast.bagian, strategic_issues=[])
    assert list(meeting.strategic_issues.all()) == [links["kobar_issue"]]


def test_the_api_links_visible_rows_and_refuses_others(cast, links, api):
    meeting = make_meeting(cast.kobar, by=cast.bagian_other, title="Rakor Kobar")
    kobar = api(cast.bagian_other)
    response = kobar.post("/api/v1/meeting-follow-ups/", {
        "meeting": meeting.pk, "title": "Susun Perbup", "opd": cast.kobar_dinkes.pk, "due_date": "2025-03-01",
        "regulation": links["pky_regulation"].pk,
    }, format="json")
    assert response.status_code == 400 and "regulation" in response.json()
    response = kobar.post("/api/v1/meeting-recommendations/", {
        "meeting": meeting.pk, "text": "Ke pusat", "addressee_kind": "central",
        "addressee_external": links["kemenpan"].pk, "strategic_issue": links["pky_issue"].pk,
    }, format="json")
    assert response.status_code == 400 and "strategic_issue" in response.json()
    response = kobar.patch(f"/api/v1/meetings/{meeting.pk}/", {"strategic_issues": [links["pky_issue"].pk]},
                           format="json")
    assert response.status_code == 400 and "strategic_issues" in response.json()
    assert not FollowUp.objects.exists() and not MeetingRecommendation.objects.exists()
    assert not meeting.strategic_issues.exists()

    response = kobar.patch(f"/api/v1/meetings/{meeting.pk}/", {"strategic_issues": [links["kobar_issue"].pk]},
                           format="json")
    assert response.status_code == 200 and response.json()["strategic_issues"] == [links["kobar_issue"].pk]
    response = kobar.post("/api/v1/meeting-follow-ups/", {
        "meeting": meeting.pk, "title": "Susun Perbup", "opd": cast.kobar_dinkes.pk, "due_date": "2025-03-01",
        "regulation": links["kobar_regulation"].pk,
    }, format="json")
    assert response.status_code == 201 and response.json()["regulation"] == links["kobar_regulation"].pk
    response = kobar.post("/api/v1/meeting-recommendations/", {
        "meeting": meeting.pk, "text": "Ke pusat", "addressee_kind": "central",
        "addressee_external": links["kemenpan"].pk, "strategic_issue": links["kobar_issue"].pk,
    }, format="json")
    assert response.status_code == 201
    links["kobar_issue"].refresh_from_db()
    assert links["kobar_issue"].status == StrategicIssue.Status.ESCALATED


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add_links(cast, meeting, n, start):
    for i in range(start, start + n):
        issue = make_issue(cast.palangkaraya, f"Isu {i}")
        services.attach_strategic_issues(meeting, [issue], by=None)
        services.add_recommendation(meeting, by=None, text=f"Rekomendasi {i}", addressee_kind="central",
                                    addressee_note="KemenPAN-RB", strategic_issue=issue)
        services.add_follow_up(meeting, by=None, title=f"Tindak lanjut {i}", opd=cast.pky_dinkes,
                               due_date=datetime.date(2025, 3, 1),
                               regulation=make_regulation(cast.palangkaraya, f"Regulasi {i}"))


def test_the_meeting_page_with_links_has_a_flat_query_count(cast, login):
    meeting = make_meeting(cast.palangkaraya, title="Rakor kota")
    client = login(cast.bagian)
    url = meeting.get_absolute_url()
    # session, user (+ membership), access helper, meeting with joins; prefetches: agenda,
    # decisions, attendance, recommendations (+ their visible issues), follow-ups (+ their
    # visible regulations), visible issues, attachments, invited, attending, external units
    _add_links(cast, meeting, 2, 0)
    assert _count(client, url) == 16
    _add_links(cast, meeting, 20, 2)
    assert _count(client, url) == 16


def test_the_api_meeting_list_with_issues_has_a_flat_query_count(cast, login):
    client = login(cast.bagian)
    # session, user (+ membership), count, page; prefetches: agenda, invited, attending, external
    # units, visible issues
    for n, start in ((2, 0), (20, 2)):
        for i in range(start, start + n):
            meeting = make_meeting(cast.palangkaraya, title=f"Rakor {i}")
            services.attach_strategic_issues(meeting, [make_issue(cast.palangkaraya, f"Isu {i}")], by=None)
        assert _count(client, "/api/v1/meetings/") == 9
