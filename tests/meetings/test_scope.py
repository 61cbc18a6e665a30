"""Who sees which meeting and who may change what."""

import pytest
from django.urls import reverse

from meetings.models import FollowUp, Meeting

from .helpers import make_follow_up, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(cast):
    attended = make_meeting(cast.kalteng, title="Rapat dihadiri Dinkes", attending=[cast.dinkes])
    invited = make_meeting(cast.kalteng, title="Rapat mengundang Dinkes", invited=[cast.dinkes])
    owed = make_meeting(cast.kalteng, title="Rapat tindak lanjut Dinkes")
    make_follow_up(owed, cast.dinkes)
    other_opd = make_meeting(cast.kalteng, title="Rapat Diskominfo saja", attending=[cast.kominfo])
    kaltim = make_meeting(cast.kaltim, title="Rakor Bidang Organisasi se-Kaltim")
    regency = make_meeting(cast.palangkaraya, title="Rapat Bagian Organisasi Palangka Raya")
    return {"attended": attended, "invited": invited, "owed": owed, "other_opd": other_opd, "kaltim": kaltim, "regency": regency}


def titles(user):
    return set(Meeting.objects.visible_to(user).values_list("title", flat=True))


def test_opd_admin_sees_meetings_its_opd_attended_was_invited_to_or_owes(cast, meetings):
    assert titles(cast.opd_admin) == {"Rapat dihadiri Dinkes", "Rapat mengundang Dinkes", "Rapat tindak lanjut Dinkes"}


def test_opd_admin_does_not_see_other_meetings_of_its_own_pemda(cast, meetings):
    assert "Rapat Diskominfo saja" not in titles(cast.opd_admin)
    assert titles(cast.opd_admin_other) == {"Rapat Diskominfo saja"}


def test_biro_sees_its_province_and_regencies_not_other_provinces(cast, meetings):
    seen = titles(cast.biro)
    assert "Rapat Bagian Organisasi Palangka Raya" in seen and "Rapat Diskominfo saja" in seen
    assert "Rakor Bidang Organisasi se-Kaltim" not in seen
    assert titles(cast.biro_other) == {"Rakor Bidang Organisasi se-Kaltim"}


def test_bagian_sees_only_its_regency(cast, meetings):
    assert titles(cast.bagian) == {"Rapat Bagian Organisasi Palangka Raya"}


def test_observer_sees_all_and_nobody_sees_nothing(cast, meetings):
    assert len(titles(cast.observer)) == 6
    assert titles(cast.nobody) == set()
    assert titles(cast.deactivated) == set()


@pytest.mark.parametrize("name", ["detail", "minutes_pdf"])
def test_outside_scope_is_404(cast, meetings, login, name):
    client = login(cast.biro_other)
    assert client.get(reverse(f"meetings:{name}", args=[meetings["attended"].pk])).status_code == 404
    client = login(cast.opd_admin)
    assert client.get(reverse(f"meetings:{name}", args=[meetings["other_opd"].pk])).status_code == 404


def test_follow_up_of_another_agency_is_404(cast, meetings, login):
    item = FollowUp.objects.get(meeting=meetings["owed"])
    assert login(cast.biro_other).get(reverse("meetings:follow_up", args=[item.pk])).status_code == 404
    assert login(cast.opd_admin_other).get(reverse("meetings:follow_up", args=[item.pk])).status_code == 404


def test_opd_admin_may_edit_only_its_own_follow_ups(cast, meetings, login):
    own = FollowUp.objects.get(meeting=meetings["owed"])
    other = make_follow_up(meetings["owed"], cast.kominfo, title="Tindak lanjut Diskominfo")
    assert own.can_edit(cast.opd_admin)
    assert not other.can_edit(cast.opd_admin)
    client = login(cast.opd_admin)
    # another OPD's item of the same meeting is outside an OPD admin's scope: 404, read or write
    assert client.get(reverse("meetings:follow_up", args=[other.pk])).status_code == 404
    response = client.post(reverse("meetings:follow_up", args=[other.pk]), {"status": "in_progress"})
    assert response.status_code == 404
    assert "Tindak lanjut Diskominfo" not in client.get(reverse("meetings:detail", args=[meetings["owed"].pk])).content.decode()
    other.refresh_from_db()
    assert other.status == FollowUp.Status.OPEN


def test_opd_admin_cannot_edit_the_meeting(cast, meetings, login):
    client = login(cast.opd_admin)
    assert client.get(reverse("meetings:edit", args=[meetings["attended"].pk])).status_code == 403
    assert client.get(reverse("meetings:create")).status_code == 403


def test_bagian_cannot_edit_a_province_meeting_it_sees(cast, meetings, login):
    meeting = make_meeting(cast.kalteng, title="Rakor provinsi", attending=[cast.pky_dinkes])
    client = login(cast.bagian)
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("meetings:edit", args=[meeting.pk])).status_code == 403


def test_leader_reads_but_cannot_manage(cast, meetings, login):
    client = login(cast.leader)
    assert client.get(reverse("meetings:detail", args=[meetings["attended"].pk])).status_code == 200
    assert client.get(reverse("meetings:edit", args=[meetings["attended"].pk])).status_code == 403
