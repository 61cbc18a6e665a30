"""Fields the API marks read-only are ignored when posted; fields that would move a row out of
its scope are refused."""

import pytest
from rest_framework.test import APIClient

from actionplans.models import ActionPlan
from tests.actionplans.factories import make_plan, make_report

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_opd_read_only_fields_are_ignored(cast):
    response = api(cast.biro).patch(
        f"/api/v1/opds/{cast.dinkes.pk}/", {"id": 999999, "pemda_name": "Pemerintah Lain", "head_name": "Kepala Baru"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["id"] == cast.dinkes.pk and response.json()["pemda_name"] == cast.kalteng.name
    cast.dinkes.refresh_from_db()
    assert cast.dinkes.head_name == "Kepala Baru" and cast.dinkes.pemda == cast.kalteng


def test_an_opd_cannot_be_moved_to_another_pemda(cast):
    response = api(cast.biro).patch(f"/api/v1/opds/{cast.dinkes.pk}/", {"pemda": cast.palangkaraya.pk}, format="json")
    assert response.status_code == 400
    response = api(cast.biro).patch(f"/api/v1/opds/{cast.dinkes.pk}/", {"pemda": cast.kaltim.pk}, format="json")
    assert response.status_code == 400
    cast.dinkes.refresh_from_db()
    assert cast.dinkes.pemda == cast.kalteng


def test_action_plan_owner_and_year_are_read_only_on_update(cast):
    plan = make_plan(cast.dinkes, "RA-RO")
    response = api(cast.opd_admin).patch(
        f"/api/v1/action-plans/{plan.pk}/",
        {"opd": cast.kaltim_dinkes.pk, "year": 2019, "pemda": cast.kaltim.pk, "indicator": "Indikator baru"},
        format="json",
    )
    assert response.status_code == 200, response.content
    plan.refresh_from_db()
    assert (plan.opd_id, plan.year, plan.indicator) == (cast.dinkes.pk, 2025, "Indikator baru")


def test_a_report_status_cannot_be_posted(cast):
    plan = make_plan(cast.dinkes, "RA-ST")
    response = api(cast.opd_admin).post(
        "/api/v1/progress-reports/",
        {"plan": plan.pk, "quarter": 1, "realisation": "10", "status": "verified", "reviewed_by": cast.biro.pk},
        format="json",
    )
    assert response.status_code == 201, response.content
    report = plan.reports.get(quarter=1)
    assert report.status == "draft" and report.reviewed_by is None


def test_a_verified_report_stays_locked(cast):
    plan = make_plan(cast.dinkes, "RA-LK")
    make_report(plan, 1, 25, status="verified")
    response = api(cast.opd_admin).post(
        "/api/v1/progress-reports/", {"plan": plan.pk, "quarter": 1, "realisation": "99"}, format="json"
    )
    assert response.status_code in (400, 403)
    assert ActionPlan.objects.get(pk=plan.pk).reports.get(quarter=1).realisation == 25


def test_minutes_cannot_be_approved_by_patching_the_status(cast):
    from tests.meetings.helpers import make_meeting

    meeting = make_meeting(cast.kalteng)
    response = api(cast.biro).patch(f"/api/v1/meetings/{meeting.pk}/", {"status": "approved"}, format="json")
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.status != "approved"
