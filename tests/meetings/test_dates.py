"""Meeting dates name their weekday ("Jumat, 20 Oktober 2023"), on the pages and in the minutes."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from .helpers import make_meeting

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language, shown", [("id", "Jumat, 20 Oktober 2023"), ("en", "Friday, October 20, 2023")])
def test_list_and_detail_show_the_weekday(cast, login, language, shown):
    meeting = make_meeting(cast.kalteng, by=cast.biro, day=datetime.date(2023, 10, 20))
    client = login(cast.biro)
    client.cookies["django_language"] = language
    assert shown in client.get(meeting.get_absolute_url()).content.decode()
    assert shown in client.get(reverse("meetings:list"), {"year": 2023}).content.decode()


def test_a_multi_day_meeting_names_both_days(cast, login):
    meeting = make_meeting(cast.kalteng, by=cast.biro, day=datetime.date(2023, 10, 20))
    meeting.ends_at = meeting.starts_at + datetime.timedelta(days=1, hours=3)
    meeting.save(update_fields=["ends_at"])
    html = login(cast.biro).get(meeting.get_absolute_url()).content.decode()
    assert "Jumat, 20 Oktober 2023 – Sabtu, 21 Oktober 2023" in html


def test_the_minutes_pdf_names_the_weekday(cast, login):
    meeting = make_meeting(cast.kalteng, by=cast.biro, day=datetime.date(2023, 10, 20))
    response = login(cast.biro).get(reverse("meetings:minutes_pdf", args=[meeting.pk]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Jumat, 20 Oktober 2023" in " ".join(text.split())
