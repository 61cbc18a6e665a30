"""Strategic issues: raised by a regency, attached to the rakor that discusses them, escalated to
the central government through the meeting's recommendations."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from institutions.models import StrategicIssue
from meetings import services as meeting_services
from meetings.models import ExternalUnit
from tests.meetings.helpers import make_meeting

pytestmark = pytest.mark.django_db


def test_a_regency_raises_an_issue_that_a_rakor_discusses_and_escalates(cast, login):
    bagian = login(cast.bagian)
    response = bagian.post(reverse("institutions:issues", args=["62.71"]), {
        "category": "job_analysis", "title": "Anjab belum dimutakhirkan", "description": "Setelah penyetaraan.",
        "raised_by": "Bagian Organisasi Kota Palangka Raya", "raised_on": "2025-08-04",
    })
    issue = StrategicIssue.objects.get()
    assert response.status_code == 302 and issue.created_by == cast.bagian

    meeting = make_meeting(cast.kalteng)
    meeting_services.attach_strategic_issues(meeting, [issue], by=cast.biro)
    kemenpan = ExternalUnit.objects.create(name="Kementerian PANRB", kind=ExternalUnit.Kind.values[0])
    meeting_services.add_recommendation(meeting, by=cast.biro, text="Mohon pedoman pemutakhiran Anjab",
                                        addressee_kind="central", addressee_external=kemenpan, strategic_issue=issue)
    login(cast.biro).post(reverse("institutions:issue_status", args=[issue.pk]), {"status": "escalated"})
    issue.refresh_from_db()
    assert issue.status == "escalated"
    page = bagian.get(reverse("institutions:issue", args=[issue.pk])).content.decode()
    assert meeting.title in page and "Mohon pedoman pemutakhiran Anjab" in page and "Kementerian PANRB" in page


def test_issues_of_another_province_cannot_be_attached(cast):
    issue = StrategicIssue.objects.create(pemda=cast.samarinda, category="staffing", title="X", raised_by="Y",
                                          raised_on="2025-01-01")
    with pytest.raises(ValidationError):
        meeting_services.attach_strategic_issues(make_meeting(cast.kalteng), [issue], by=cast.biro)


def test_status_steps(cast, login):
    issue = StrategicIssue.objects.create(pemda=cast.palangkaraya, category="staffing", title="X", raised_by="Y",
                                          raised_on="2025-01-01", status="closed")
    login(cast.bagian).post(reverse("institutions:issue_status", args=[issue.pk]), {"status": "discussed"})
    issue.refresh_from_db()
    assert issue.status == "closed"
    assert login(cast.opd_admin).get(reverse("institutions:issue", args=[issue.pk])).status_code == 404
    assert login(cast.leader).post(reverse("institutions:issue_status", args=[issue.pk]),
                                   {"status": "closed"}).status_code == 403
