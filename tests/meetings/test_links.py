"""A follow-up linked to an action plan or an LHE recommendation shows on their pages too."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings import services
from tests.actionplans.factories import make_plan
from tests.evaluations.helpers import make_recommendation

from .helpers import make_meeting

pytestmark = pytest.mark.django_db


def test_follow_up_linked_to_an_action_plan_appears_on_the_plan_page(cast, login):
    plan = make_plan(cast.dinkes, "RA-07")
    meeting = make_meeting(cast.kalteng, title="Rapat Pembentukan Tim RB Berdampak", attending=[cast.dinkes])
    item = services.add_follow_up(
        meeting, by=cast.biro, title="Percepat realisasi RA-07 sebelum TW III", opd=cast.dinkes,
        due_date=meeting.local_start.date(), action_plan=plan,
    )
    assert list(plan.meeting_followups.all()) == [item]
    body = login(cast.opd_admin).get(reverse("actionplans:detail", args=[plan.pk])).content.decode()
    assert "Percepat realisasi RA-07 sebelum TW III" in body
    assert item.get_absolute_url() in body
    # and the follow-up page links back to the plan
    body = login(cast.opd_admin).get(item.get_absolute_url()).content.decode()
    assert plan.get_absolute_url() in body


def test_follow_up_linked_to_an_lhe_recommendation_appears_on_its_page(cast, login):
    rec = make_recommendation(cast)
    meeting = make_meeting(cast.kalteng)
    item = services.add_follow_up(
        meeting, by=cast.biro, title="Mutakhirkan peta proses bisnis Dinkes", opd=cast.dinkes,
        due_date=meeting.local_start.date(), lhe_recommendation=rec,
    )
    assert list(rec.meeting_followups.all()) == [item]
    body = login(cast.biro).get(reverse("evaluations:recommendation", args=[rec.pk])).content.decode()
    assert "Mutakhirkan peta proses bisnis Dinkes" in body


def test_links_to_another_province_are_refused(cast):
    plan = make_plan(cast.kaltim_dinkes, "RA-01")
    meeting = make_meeting(cast.kalteng)
    with pytest.raises(ValidationError):
        services.add_follow_up(meeting, by=cast.biro, title="x", opd=cast.dinkes, due_date=meeting.local_start.date(), action_plan=plan)


def test_the_plan_page_hides_follow_ups_of_meetings_the_viewer_cannot_open(cast, login):
    plan = make_plan(cast.dinkes, "RA-08")
    meeting = make_meeting(cast.kalteng, title="Rapat internal Diskominfo", attending=[cast.kominfo])
    services.add_follow_up(
        meeting, by=cast.biro, title="Tugas rahasia Diskominfo", opd=cast.kominfo,
        due_date=meeting.local_start.date(), action_plan=plan,
    )
    url = reverse("actionplans:detail", args=[plan.pk])
    assert "Tugas rahasia Diskominfo" not in login(cast.opd_admin).get(url).content.decode()
    assert "Tugas rahasia Diskominfo" in login(cast.biro).get(url).content.decode()
