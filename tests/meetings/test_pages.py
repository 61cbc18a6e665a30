"""Meeting list, calendar, detail, form, follow-ups and the home/OPD panels."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from meetings.models import FollowUp, Meeting

from .helpers import make_follow_up, make_meeting

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def form_data(cast, **overrides):
    data = {
        "pemda": cast.kalteng.pk, "organiser": cast.biro_kalteng.pk, "kind": "team",
        "title": "Rapat Pembentukan Tim RB Berdampak", "starts_at": "2025-01-30T09:00", "ends_at": "2025-01-30T12:00",
        "venue": "Ruang Rapat Biro Organisasi, Kantor Gubernur Kalteng", "online_link": "",
        "chair_name": "Betri Susilawati", "chair_title": "Plt. Kepala Biro Organisasi", "chair_nip": "",
        "invited_opds": [cast.dinkes.pk, cast.kominfo.pk], "attending_opds": [cast.dinkes.pk, cast.inspektorat.pk],
        "other_units": "", "declared_participants": "25", "status": "held",
        "minutes": "<p>Pembentukan tim RB Berdampak.</p>",
    }
    for prefix, rows in (
        ("agenda", [{"order": "0", "title": "Pembukaan", "speaker": "Betri Susilawati"},
                    {"order": "0", "title": "Paparan RB Berdampak", "speaker": "Yosias"}]),
        ("decisions", [{"order": "1", "text": "Membentuk tim RB Berdampak 2025"}]),
        ("recommendations", [{
            "order": "1", "text": "Mohon juknis RB Berdampak segera diterbitkan", "addressee_kind": "central",
            "addressee_opd": "", "addressee_pemda": "", "addressee_external": "", "addressee_note": "KemenPAN-RB",
        }]),
        ("follow_ups", [
            {"title": "Kirim blanko rencana aksi 2025", "opd": cast.dinkes.pk, "due_date": "2025-02-14", "description": ""},
            {"title": "Unggah rencana aksi ke portal KemenPAN-RB", "opd": cast.kominfo.pk, "due_date": "2025-02-28", "description": ""},
        ]),
    ):
        data.update({f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
        for i, row in enumerate(rows):
            data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    data.update(overrides)
    return data


def test_biro_records_a_meeting_with_two_follow_ups(cast, login):
    client = login(cast.biro)
    assert client.get(reverse("meetings:create")).status_code == 200
    response = client.post(reverse("meetings:create"), form_data(cast))
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = Meeting.objects.get()
    assert meeting.created_by == cast.biro and meeting.status == Meeting.Status.HELD
    assert meeting.local_start.hour == 9  # typed in the province's own time (WIB)
    assert set(meeting.follow_ups.values_list("opd__code", flat=True)) == {"DINKES", "DISKOMINFO"}
    assert meeting.recommendations.get().addressee == "Pemerintah pusat · KemenPAN-RB"
    assert meeting.history.count() >= 1 and FollowUp.history.count() == 2
    # agenda typed without numbers is numbered in form order
    assert list(meeting.agenda_items.values_list("order", "title")) == [(1, "Pembukaan"), (2, "Paparan RB Berdampak")]


def test_the_form_refuses_an_end_before_the_start(cast, login):
    client = login(cast.biro)
    response = client.post(reverse("meetings:create"), form_data(cast, ends_at="2025-01-29T12:00"))
    assert response.status_code == 200
    assert "Waktu selesai tidak boleh sebelum waktu mulai" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_form_refuses_a_follow_up_unit_outside_the_province(cast, login):
    data = form_data(cast)
    data["follow_ups-0-opd"] = cast.kaltim_dinkes.pk
    response = login(cast.biro).post(reverse("meetings:create"), data)
    assert response.status_code == 200
    assert not Meeting.objects.exists()


def test_editing_keeps_untouched_rows_and_deletes_marked_ones(cast, login):
    meeting = make_meeting(cast.kalteng, by=cast.biro)
    keep = make_follow_up(meeting, cast.dinkes, title="Tetap")
    drop = make_follow_up(meeting, cast.kominfo, title="Dihapus")
    client = login(cast.biro)
    page = client.get(reverse("meetings:edit", args=[meeting.pk]))
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data["starts_at"] = meeting.local_start.strftime("%Y-%m-%dT%H:%M")
    data["ends_at"] = meeting.local_end.strftime("%Y-%m-%dT%H:%M")
    data = {k: ("" if v is None else v) for k, v in data.items()}
    for prefix in ("agenda", "decisions", "recommendations"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update({"follow_ups-TOTAL_FORMS": "2", "follow_ups-INITIAL_FORMS": "2"})
    for i, item in enumerate(FollowUp.objects.filter(meeting=meeting).order_by("pk")):
        data.update({f"follow_ups-{i}-id": item.pk, f"follow_ups-{i}-title": item.title, f"follow_ups-{i}-opd": item.opd_id,
                     f"follow_ups-{i}-due_date": item.due_date.isoformat(), f"follow_ups-{i}-description": ""})
    data["follow_ups-1-DELETE"] = "on"
    response = client.post(reverse("meetings:edit", args=[meeting.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(FollowUp.objects.filter(meeting=meeting)) == [keep]
    assert not FollowUp.objects.filter(pk=drop.pk).exists()


def test_opd_admin_closes_its_follow_up_with_evidence(cast, login):
    meeting = make_meeting(cast.kalteng)
    item = make_follow_up(meeting, cast.dinkes, due=datetime.date(2025, 2, 14))
    client = login(cast.opd_admin)
    url = reverse("meetings:follow_up", args=[item.pk])
    # done without evidence: refused
    response = client.post(url, {"status": "done", "progress_note": "Sudah dikirim"})
    assert response.status_code == 200 and "Lampirkan bukti" in response.content.decode()
    item.refresh_from_db()
    assert item.status == FollowUp.Status.OPEN
    evidence = SimpleUploadedFile("blanko-ra-2025.pdf", PDF, content_type="application/pdf")
    response = client.post(url, {"status": "done", "progress_note": "Blanko dikirim", "evidence_file": evidence})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == FollowUp.Status.DONE and item.closed_by == cast.opd_admin and item.evidence_file
    download = client.get(reverse("meetings:follow_up_evidence", args=[item.pk]))
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    assert login(cast.biro_other).get(reverse("meetings:follow_up_evidence", args=[item.pk])).status_code == 404
    item.evidence_file.delete(save=False)


def test_my_follow_ups_lists_only_the_opds_own_items(cast, login):
    meeting = make_meeting(cast.kalteng)
    make_follow_up(meeting, cast.dinkes, title="Milik Dinkes")
    make_follow_up(meeting, cast.kominfo, title="Milik Diskominfo")
    body = login(cast.opd_admin).get(reverse("meetings:follow_ups")).content.decode()
    assert "Milik Dinkes" in body and "Milik Diskominfo" not in body


def test_home_panel_lists_overdue_follow_ups_for_the_biro(cast, login):
    meeting = make_meeting(cast.kalteng)
    yesterday = timezone.localdate() - datetime.timedelta(days=2)
    make_follow_up(meeting, cast.dinkes, title="Terlambat kirim blanko", due=yesterday)
    make_follow_up(meeting, cast.kominfo, title="Belum jatuh tempo", due=yesterday + datetime.timedelta(days=30))
    body = login(cast.biro).get(reverse("agencies:home")).content.decode()
    assert 'data-testid="panel-overdue-follow-ups"' in body
    assert "Terlambat kirim blanko" in body and "Belum jatuh tempo" not in body
    assert "Terlambat kirim blanko" not in login(cast.biro_other).get(reverse("agencies:home")).content.decode()


def test_opd_page_shows_its_follow_ups(cast, login):
    meeting = make_meeting(cast.kalteng, attending=[cast.dinkes])
    make_follow_up(meeting, cast.dinkes, title="Tindak lanjut Dinkes")
    body = login(cast.biro).get(reverse("agencies:opd", args=[cast.dinkes.pk])).content.decode()
    assert 'data-testid="panel-opd-meetings"' in body and "Tindak lanjut Dinkes" in body


def test_list_filters_by_kind_pemda_dates_and_text(cast, login):
    make_meeting(cast.kalteng, title="Rapat isu strategis kelembagaan dan Anjab", kind="strategic", day=datetime.date(2023, 10, 20))
    make_meeting(cast.kalteng, title="Rapat Pembentukan Tim RB Berdampak", kind="team", day=datetime.date(2025, 1, 30))
    make_meeting(cast.palangkaraya, title="Rapat Bagian Organisasi", kind="rakor", day=datetime.date(2024, 5, 2))
    client = login(cast.biro)
    url = reverse("meetings:list")

    def titles(**params):
        return [m.title for m in client.get(url, params).context["page"].object_list]

    assert len(titles()) == 3
    assert titles(kind="strategic") == ["Rapat isu strategis kelembagaan dan Anjab"]
    assert titles(pemda=cast.palangkaraya.pk) == ["Rapat Bagian Organisasi"]
    assert titles(date_from="2024-01-01", date_to="2024-12-31") == ["Rapat Bagian Organisasi"]
    assert titles(q="anjab") == ["Rapat isu strategis kelembagaan dan Anjab"]


def test_calendar_puts_a_two_day_meeting_on_both_days(cast, login):
    tz = cast.kaltim.province.tzinfo
    from meetings import services

    services.create_meeting(
        by=None, pemda=cast.kaltim, kind="rakor", title="Rakor Bidang Organisasi se-Kaltim 2023",
        starts_at=datetime.datetime(2023, 6, 7, 8, 0, tzinfo=tz), ends_at=datetime.datetime(2023, 6, 8, 16, 0, tzinfo=tz),
        venue="Gedung Awa' Mangkuruku, Tanah Grogot",
    )
    response = login(cast.biro_other).get(reverse("meetings:list"), {"view": "calendar", "month": "2023-06"})
    days = {cell["date"].day: cell["meetings"] for week in response.context["weeks"] for cell in week if cell["in_month"]}
    assert [m.title for m in days[7]] == ["Rakor Bidang Organisasi se-Kaltim 2023"] == [m.title for m in days[8]]
    assert days[6] == [] and days[9] == []
    assert "Juni 2023" in response.content.decode()


def test_attachments_are_served_only_in_scope(cast, login):
    meeting = make_meeting(cast.kalteng, attending=[cast.dinkes])
    client = login(cast.biro)
    upload = SimpleUploadedFile("paparan.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("meetings:attachment_add", args=[meeting.pk]), {"label": "Paparan KemenPANRB", "file": upload})
    assert response.status_code == 302
    attachment = meeting.attachments.get()
    assert client.get(reverse("meetings:attachment", args=[attachment.pk])).status_code == 200
    assert login(cast.opd_admin).get(reverse("meetings:attachment", args=[attachment.pk])).status_code == 200
    assert login(cast.biro_other).get(reverse("meetings:attachment", args=[attachment.pk])).status_code == 404
    attachment.file.delete(save=False)
