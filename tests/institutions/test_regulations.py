"""The province's model regulation (Pergub Sistem Kerja) and which regencies adopted it."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from agencies.models import Pemda
from institutions.models import Regulation

pytestmark = pytest.mark.django_db


@pytest.fixture
def kaltim_model(cast):
    model = Regulation.objects.create(pemda=cast.kaltim, kind="work_system", subject="Sistem Kerja", status="enacted",
                                      number="Pergub 23/2023", enacted_on=datetime.date(2023, 6, 12), is_model=True)
    Regulation.objects.create(pemda=cast.samarinda, kind="work_system", subject="Sistem Kerja Samarinda",
                              status="enacted", number="Perwali 30/2024", enacted_on=datetime.date(2024, 4, 2),
                              follows=model)
    balikpapan = Pemda.objects.get(regency__code="64.71")
    Regulation.objects.create(pemda=balikpapan, kind="work_system", subject="Sistem Kerja Balikpapan",
                              status="facilitated", follows=model)
    return model


def test_the_kaltim_biro_sees_which_regencies_adopted_the_model(cast, login, kaltim_model):
    page = login(cast.biro_other).get(reverse("institutions:regulation_matrix", args=[kaltim_model.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "1 dari 10 kabupaten/kota" in html
    rows = {row.split("</td>")[0].split(">")[-1]: row for row in html.split("<tr><td>")[1:]}
    assert "Ditetapkan" in rows["Pemerintah Kota Samarinda"]
    assert "Difasilitasi" in rows["Pemerintah Kota Balikpapan"]
    assert "belum ada" in rows["Pemerintah Kabupaten Paser"]


def test_the_province_view_shows_who_adopted_it(cast, login, kaltim_model):
    html = login(cast.biro_other).get(reverse("institutions:index")).content.decode()
    assert 'data-testid="adopted-64.72"><span class="badge badge-ok">ya' in html
    assert 'data-testid="adopted-64.71"><span class="badge">belum' in html
    assert 'data-testid="model-matrix"' in html


def test_the_summary_command_says_who_adopted_it(cast, kaltim_model):
    out = StringIO()
    call_command("kelembagaan_summary", "--province", "64", "--format", "json", stdout=out)
    pemdas = {row["code"]: row for row in json.loads(out.getvalue())["pemdas"]}
    assert set(pemdas["64.72"]) == {"code", "name", "simplification_percent", "open_mismatches",
                                    "regulations_enacted", "adopted_model"}
    assert pemdas["64.72"]["adopted_model"] is True
    assert pemdas["64.72"]["regulations_enacted"] == {"work_system": 1}
    assert pemdas["64.71"]["adopted_model"] is False
    assert pemdas["64"]["adopted_model"] is None


def test_a_regency_drafts_then_the_biro_facilitates_then_it_is_enacted(cast, login):
    bagian = login(cast.bagian)
    model = Regulation.objects.create(pemda=cast.kalteng, kind="work_system", subject="Model", is_model=True)
    response = bagian.post(reverse("institutions:regulations", args=["62.71"]), {
        "kind": "work_system", "subject": "Sistem Kerja Kota Palangka Raya", "number": "", "enacted_on": "",
        "follows": model.pk,
    })
    regulation = Regulation.objects.get(pemda=cast.palangkaraya)
    assert response.status_code == 302 and regulation.follows == model
    assert bagian.post(reverse("institutions:regulation_facilitate", args=[regulation.pk])).status_code == 403
    regulation.refresh_from_db()
    assert regulation.status == "draft"  # only the Biro facilitates
    login(cast.biro).post(reverse("institutions:regulation_facilitate", args=[regulation.pk]))
    regulation.refresh_from_db()
    assert regulation.status == "facilitated"
    bagian = login(cast.bagian)
    bagian.post(reverse("institutions:regulation_enact", args=[regulation.pk]), {"number": "", "enacted_on": ""})
    regulation.refresh_from_db()
    assert regulation.status == "facilitated"
    bagian.post(reverse("institutions:regulation_enact", args=[regulation.pk]),
                {"number": "Perwali 5/2025", "enacted_on": "2025-03-01"})
    regulation.refresh_from_db()
    assert (regulation.status, regulation.number) == ("enacted", "Perwali 5/2025")


def test_only_the_province_biro_marks_a_model(cast, login):
    regulation = Regulation.objects.create(pemda=cast.palangkaraya, kind="work_system", subject="X")
    login(cast.biro).post(reverse("institutions:regulation_model", args=[regulation.pk]), {"is_model": "1"})
    regulation.refresh_from_db()
    assert not regulation.is_model  # a regency's regulation is not a model
    own = Regulation.objects.create(pemda=cast.kalteng, kind="work_system", subject="Y")
    login(cast.bagian).post(reverse("institutions:regulation_model", args=[own.pk]), {"is_model": "1"})
    own.refresh_from_db()
    assert not own.is_model
    login(cast.biro).post(reverse("institutions:regulation_model", args=[own.pk]), {"is_model": "1"})
    own.refresh_from_db()
    assert own.is_model


def test_a_meeting_follow_up_asks_for_a_regulation(cast, login):
    from tests.meetings.helpers import make_follow_up, make_meeting

    regulation = Regulation.objects.create(pemda=cast.palangkaraya, kind="work_system", subject="Sistem Kerja PKY")
    meeting = make_meeting(cast.kalteng)
    follow_up = make_follow_up(meeting, cast.pky_dinkes, title="Susun Perwali sistem kerja")
    follow_up.regulation = regulation
    follow_up.save(update_fields=["regulation"])
    page = login(cast.biro).get(reverse("institutions:regulation", args=[regulation.pk])).content.decode()
    assert "Susun Perwali sistem kerja" in page


def test_the_tracker_shows_the_overdue_follow_ups_that_asked_for_a_regulation(cast, login):
    from meetings import services as meeting_services
    from tests.meetings.helpers import make_meeting

    regulation = Regulation.objects.create(pemda=cast.palangkaraya, kind="work_system", subject="Sistem Kerja PKY")
    meeting = make_meeting(cast.palangkaraya, title="Rakor kota")
    item = meeting_services.add_follow_up(meeting, by=cast.bagian, title="Susun Perwali sistem kerja",
                                          opd=cast.pky_dinkes, due_date=datetime.date(2025, 2, 1),
                                          regulation=regulation)
    url = reverse("institutions:regulations", args=["62.71"])
    cell = f'data-testid="overdue-{regulation.pk}"><a href="{item.get_absolute_url()}">'
    assert cell in login(cast.biro).get(url).content.decode()
    detail = login(cast.bagian).get(regulation.get_absolute_url()).content.decode()
    assert 'data-testid="overdue"' in detail
    meeting_services.close_follow_up(item, by=cast.bagian, evidence_link="https://jdih.palangkaraya.go.id/perwali")
    assert cell not in login(cast.biro).get(url).content.decode()
