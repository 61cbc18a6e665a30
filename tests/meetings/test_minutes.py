"""Minutes are sanitised on save and on render: a <script> never reaches a page or a PDF."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from meetings import services
from meetings.models import Meeting
from meetings.templatetags.meetings import minutes_html

from .helpers import make_follow_up, make_meeting

pytestmark = pytest.mark.django_db

EVIL = (
    "<p>Pembahasan <strong>isu strategis</strong> kelembagaan.</p>"
    "<script>alert('xss-minutes')</script>"
    '<p onclick="steal()">Anjab <a href="javascript:alert(1)">tautan</a></p>'
    '<img src="file:///etc/passwd"><style>body{display:none}</style>'
)


@pytest.fixture
def meeting(cast):
    m = make_meeting(cast.kalteng, title="Rapat isu strategis", minutes=EVIL, attending=[cast.dinkes])
    make_follow_up(m, cast.dinkes)
    return m


def test_minutes_are_cleaned_when_saved(meeting):
    stored = Meeting.objects.get(pk=meeting.pk).minutes
    assert "<strong>isu strategis</strong>" in stored
    for bad in ("<script", "alert('xss-minutes')", "onclick", "javascript:", "<img", "<style"):
        assert bad not in stored


def test_minutes_are_cleaned_again_when_rendered(meeting):
    # a row written around the model (raw update) still renders clean
    Meeting.objects.filter(pk=meeting.pk).update(minutes=EVIL)
    raw = Meeting.objects.get(pk=meeting.pk).minutes
    assert "<script>" in raw
    assert "<script" not in minutes_html(raw)


def test_the_meeting_page_never_carries_the_script(meeting, cast, login):
    Meeting.objects.filter(pk=meeting.pk).update(minutes=EVIL)
    body = login(cast.biro).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "isu strategis" in body
    assert "xss-minutes" not in body and "javascript:alert" not in body and "onclick" not in body


def test_the_minutes_pdf_never_carries_the_script(meeting, cast, login):
    Meeting.objects.filter(pk=meeting.pk).update(minutes=EVIL)
    response = login(cast.biro).get(reverse("meetings:minutes_pdf", args=[meeting.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "isu strategis" in text
    assert "xss-minutes" not in text and "alert" not in text
    # the chair's signature block
    assert "Betri Susilawati" in text and "Plt. Kepala Biro Organisasi" in text
    assert "Palangka Raya" in text or "Kalimantan Tengah" in text


def test_approved_minutes_cannot_change(meeting, cast):
    services.mark_held(meeting, by=cast.biro)
    services.approve_minutes(meeting, by=cast.biro)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.update_meeting(meeting, by=cast.biro, minutes="<p>diubah</p>")


def test_minutes_of_a_planned_meeting_cannot_be_approved(meeting, cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.approve_minutes(meeting, by=cast.biro)
