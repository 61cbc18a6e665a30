"""Lists shown in part (the OPD page's panels, histories) say so and link to every row."""

import pytest
from django.urls import reverse

from actionplans.models import ImportLog

from .helpers import make_follow_up, make_meeting

pytestmark = pytest.mark.django_db


def test_the_opd_page_says_how_many_follow_ups_and_meetings_there_are(cast, login):
    for i in range(12):
        meeting = make_meeting(cast.kalteng, title=f"Rakor {i}", attending=[cast.dinkes])
        make_follow_up(meeting, cast.dinkes, title=f"Tindak lanjut {i}a")
        make_follow_up(meeting, cast.dinkes, title=f"Tindak lanjut {i}b")
    client = login(cast.biro)
    text = client.get(cast.dinkes.get_absolute_url()).text
    assert "Menampilkan 20 dari 24" in text
    assert "Menampilkan 10 dari 12" in text
    follow_ups = client.get(f"{reverse('meetings:follow_ups')}?opd={cast.dinkes.pk}")
    assert follow_ups.context["page"].paginator.count == 24
    meetings = client.get(f"{reverse('meetings:list')}?opd={cast.dinkes.pk}")
    assert meetings.context["page"].paginator.count == 12
    # An OPD outside the scope is not a filter value: 404.
    assert login(cast.biro_other).get(f"{reverse('meetings:follow_ups')}?opd={cast.dinkes.pk}").status_code == 404
    assert client.get(f"{reverse('meetings:list')}?opd=abc").status_code == 404


def test_short_lists_say_nothing(cast, login):
    meeting = make_meeting(cast.kalteng, attending=[cast.dinkes])
    make_follow_up(meeting, cast.dinkes)
    assert 'data-testid="shown-of"' not in login(cast.biro).get(cast.dinkes.get_absolute_url()).text


def test_the_upload_history_and_the_audit_trail_say_what_they_leave_out(cast, login):
    ImportLog.objects.bulk_create(ImportLog(opd=cast.dinkes, year=2025, by=cast.opd_admin) for _ in range(7))
    client = login(cast.biro)
    url = reverse("actionplans:opd", args=[cast.dinkes.pk])
    assert "Menampilkan 5 dari 7" in client.get(url + "?tahun=2025&tw=3").text
    assert len(client.get(url + "?tahun=2025&tw=3&unggahan=semua").context["imports"]) == 7

    for i in range(35):
        cast.dinkes.name = f"Dinas Kesehatan {i}"
        cast.dinkes.save(update_fields=["name"])
    page = client.get(cast.dinkes.get_absolute_url())
    assert 'data-testid="history-more"' in page.text and "Menampilkan 30 perubahan terakhir" in page.text
    everything = client.get(cast.dinkes.get_absolute_url() + "?riwayat=semua")
    assert len(everything.context["history"]) == 36 and 'data-testid="history-more"' not in everything.text
