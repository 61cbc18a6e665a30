"""seed_demo adds the five meetings of the source reports, once."""

import io

import pytest

from agencies import demo as agencies_demo
from meetings import demo
from meetings.models import FollowUp, Meeting

pytestmark = pytest.mark.django_db


def test_it_seeds_the_five_reported_meetings_idempotently():
    agencies_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    meetings = {m.key: m for m in Meeting.objects.select_related("pemda__province")}
    assert len(meetings) == 5
    kaltim = meetings["kaltim-2023-06-07-rakor-bidang-organisasi"]
    assert kaltim.participant_count() == 92 and kaltim.is_multi_day
    assert kaltim.local_start.isoformat() == "2023-06-07T08:00:00+08:00"  # WITA
    assert "Tanah Grogot" in kaltim.venue and kaltim.external_units.get().short_name == "KemenPAN-RB"
    kalteng = meetings["kalteng-2025-01-30-tim-rb-berdampak"]
    assert kalteng.chair_name == "Betri Susilawati" and kalteng.chair_title.startswith("Plt. Kepala Biro Organisasi")
    assert {"Yosias", "Diana"} <= set(kalteng.attendance.values_list("name", flat=True))
    bengkulu = meetings["bengkulu-2024-07-18-rakor-penataan-pd"]
    assert bengkulu.chair_name == "Nandar Munadi" and "Kemendagri" in bengkulu.external_units.get().name
    banten = meetings["banten-2024-06-20-dialog-kinerja"]
    assert banten.kind == Meeting.Kind.DIALOGUE and "KP3B Curug" in banten.venue and banten.chair_name == "Virgojanti"
    strategic = meetings["kalteng-2023-10-20-isu-strategis"]
    assert strategic.attending_opds.filter(kind="bagian_organisasi").count() == 14  # every regency/city
    assert strategic.recommendations.filter(addressee_kind="central").count() == 2
    assert FollowUp.objects.overdue().exists() and FollowUp.objects.filter(status="done").exists()

    counts = (Meeting.objects.count(), FollowUp.objects.count(), Meeting.history.count(), FollowUp.history.count())
    demo.seed(io.StringIO())
    assert (Meeting.objects.count(), FollowUp.objects.count(), Meeting.history.count(), FollowUp.history.count()) == counts
