"""Meetings (rapat koordinasi): meetings, minutes, attendance, attachments, follow-ups, the API.

Rules (meetings.services.can_manage_meeting): the meeting is managed by Biro/Bagian staff who
manage its Pemda (never read-only roles); a follow-up is also updated by the owing OPD
(FollowUp.can_edit: Scope.can_edit_opd_data).
"""


from django.core.files.base import ContentFile
from django.urls import reverse

from meetings import services
from meetings.models import Attachment
from tests.meetings.helpers import make_follow_up, make_meeting

from . import ANY_USER, VISIBLE, Api, Organised, Page, roles, when

ORGANISERS = roles("biro", "biro_other", "bagian", "bagian_other", "superuser")


def can_manage(user, obj):
    meeting = getattr(obj, "meeting", obj)
    return services.can_manage_meeting(user, meeting)


def can_edit_follow_up(user, follow_up):
    return follow_up.can_edit(user)


def build(world):
    from meetings.models import ExternalUnit

    c = world.cast
    world.external_unit = ExternalUnit.objects.order_by("pk").first() or ExternalUnit.objects.create(
        name="Kementerian PANRB", kind=ExternalUnit.Kind.values[0]
    )
    for t in world.targets.values():
        meeting = make_meeting(t.pemda, invited=[t.opd])
        t.meeting = meeting
        t.meeting_follow_up = make_follow_up(meeting, t.opd)
        t.meeting_follow_up.evidence_file.save("bukti.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
        attachment = Attachment(meeting=meeting, label="Paparan", original_name="paparan.pdf", uploaded_by=c.superuser)
        attachment.file.save("paparan.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
        t.attachment = attachment
        t.decision = services.add_decision(meeting, by=None, text="Keputusan uji")
        t.meeting_rec = services.add_recommendation(meeting, by=None, text="Rekomendasi uji", addressee_kind="opd",
                                                    addressee_opd=t.opd)
        t.attendance = services.record_attendance(
            meeting, [{"name": "Peserta Uji", "unit_name": t.opd.name, "position": "Staf", "mode": "in_person"}], by=None
        )[0]


def url(name, attr):
    return lambda w, t: reverse(f"meetings:{name}", args=[getattr(t, attr).pk])


def api(path, attr):
    return lambda w, t: path.format(id=getattr(t, attr).pk)


def meeting_body(w, t, method):
    return {
        "pemda": t.pemda.pk, "title": "Rapat uji matriks", "kind": "rakor", "venue": "Ruang rapat",
        "starts_at": "2026-02-02T09:00:00+07:00", "ends_at": "2026-02-02T11:00:00+07:00",
    }


ENTRIES = [
    Page("meetings:list", GET=ANY_USER),
    Page("meetings:create", GET=ORGANISERS, POST=ORGANISERS),
    Page("meetings:detail", url=url("detail", "meeting"), obj=lambda t: t.meeting, GET=VISIBLE),
    Page("meetings:edit", url=url("edit", "meeting"), obj=lambda t: t.meeting, GET=when(can_manage), POST=when(can_manage)),
    Page("meetings:held", url=url("held", "meeting"), obj=lambda t: t.meeting, POST=when(can_manage)),
    Page("meetings:approve_minutes", url=url("approve_minutes", "meeting"), obj=lambda t: t.meeting, POST=when(can_manage)),
    Page("meetings:minutes_pdf", url=url("minutes_pdf", "meeting"), obj=lambda t: t.meeting, GET=VISIBLE),
    Page("meetings:attendance", url=url("attendance", "meeting"), obj=lambda t: t.meeting,
         GET=when(can_manage), POST=when(can_manage)),
    Page("meetings:attendance_import", url=url("attendance_import", "meeting"), obj=lambda t: t.meeting,
         GET=when(can_manage), POST=when(can_manage)),
    Page("meetings:attendance_template", url=url("attendance_template", "meeting"), obj=lambda t: t.meeting, GET=VISIBLE),
    Page("meetings:attachment_add", url=url("attachment_add", "meeting"), obj=lambda t: t.meeting, POST=when(can_manage)),
    Page("meetings:attachment", url=url("attachment", "attachment"), obj=lambda t: t.attachment, GET=VISIBLE),
    Page("meetings:attachment_delete", url=url("attachment_delete", "attachment"), obj=lambda t: t.attachment,
         POST=when(can_manage)),
    Page("meetings:follow_ups", GET=ANY_USER),
    Page("meetings:follow_up", url=url("follow_up", "meeting_follow_up"), obj=lambda t: t.meeting_follow_up,
         GET=VISIBLE, POST=when(can_edit_follow_up)),
    Page("meetings:follow_up_evidence", url=url("follow_up_evidence", "meeting_follow_up"),
         obj=lambda t: t.meeting_follow_up, GET=VISIBLE),
    Api("/api/v1/meetings/", GET=ANY_USER, list_model="meetings.Meeting"),
    Api("/api/v1/meetings/", targets=("in", "reg", "out"), obj=lambda t: t.pemda, data=meeting_body, strict=True,
        POST=when(lambda u, p: not u.scope.is_read_only and u.scope.can_manage_pemda(p))),
    Api("/api/v1/meetings/{id}/", url=api("/api/v1/meetings/{id}/", "meeting"), obj=lambda t: t.meeting,
        data=lambda w, t, m: {"title": "Judul diubah"} if m == "PATCH" else meeting_body(w, t, m),
        GET=VISIBLE, PUT=when(can_manage), PATCH=when(can_manage)),
    Api("/api/v1/meetings/{id}/approve-minutes/", url=api("/api/v1/meetings/{id}/approve-minutes/", "meeting"),
        obj=lambda t: t.meeting, POST=when(can_manage)),
    Api("/api/v1/meetings/{id}/attendance/", url=api("/api/v1/meetings/{id}/attendance/", "meeting"),
        obj=lambda t: t.meeting, data=lambda w, t, m: {"rows": []}, PUT=when(can_manage)),
    Api("/api/v1/meeting-attendance/", GET=ANY_USER, list_model="meetings.Attendance"),
    Api("/api/v1/meeting-attendance/{id}/", url=api("/api/v1/meeting-attendance/{id}/", "attendance"),
        obj=lambda t: t.attendance, GET=VISIBLE),
    Api("/api/v1/meeting-decisions/", GET=ANY_USER, list_model="meetings.Decision"),
    Api("/api/v1/meeting-decisions/", targets=("in", "reg", "out"), obj=lambda t: t.meeting, strict=True,
        data=lambda w, t, m: {"meeting": t.meeting.pk, "text": "Keputusan baru"}, POST=when(can_manage)),
    Api("/api/v1/meeting-decisions/{id}/", url=api("/api/v1/meeting-decisions/{id}/", "decision"),
        obj=lambda t: t.decision, GET=VISIBLE),
    Api("/api/v1/meeting-recommendations/", GET=ANY_USER, list_model="meetings.MeetingRecommendation"),
    Api("/api/v1/meeting-recommendations/", targets=("in", "reg", "out"), obj=lambda t: t.meeting, strict=True,
        data=lambda w, t, m: {"meeting": t.meeting.pk, "text": "Rekomendasi baru", "addressee_kind": "opd",
                              "addressee_opd": t.opd.pk},
        POST=when(can_manage)),
    Api("/api/v1/meeting-recommendations/{id}/", url=api("/api/v1/meeting-recommendations/{id}/", "meeting_rec"),
        obj=lambda t: t.meeting_rec, GET=VISIBLE),
    Api("/api/v1/meeting-follow-ups/", GET=ANY_USER, list_model="meetings.FollowUp"),
    Api("/api/v1/meeting-follow-ups/", targets=("in", "reg", "out"), obj=lambda t: t.meeting, strict=True,
        data=lambda w, t, m: {"meeting": t.meeting.pk, "title": "Tindak lanjut baru", "opd": t.opd.pk,
                              "due_date": "2026-03-31"},
        POST=when(can_manage)),
    Api("/api/v1/meeting-follow-ups/{id}/", url=api("/api/v1/meeting-follow-ups/{id}/", "meeting_follow_up"),
        obj=lambda t: t.meeting_follow_up, GET=VISIBLE),
    Api("/api/v1/meeting-follow-ups/{id}/progress/", url=api("/api/v1/meeting-follow-ups/{id}/progress/", "meeting_follow_up"),
        obj=lambda t: t.meeting_follow_up, data=lambda w, t, m: {"progress_note": "Berjalan"}, POST=when(can_edit_follow_up)),
    Api("/api/v1/meeting-follow-ups/{id}/close/", url=api("/api/v1/meeting-follow-ups/{id}/close/", "meeting_follow_up"),
        obj=lambda t: t.meeting_follow_up, data=lambda w, t, m: {"evidence_link": "https://example.org/bukti"},
        POST=when(can_edit_follow_up)),
    Api("/api/v1/external-units/", GET=ANY_USER),
    Api("/api/v1/external-units/{id}/", url=lambda w, t: f"/api/v1/external-units/{w.external_unit.pk}/", GET=ANY_USER),
]

PENDING = []


def plant_canaries(world, plant):
    """The target meetings' texts, and a province rakor that invites a Palangka Raya OPD while a
    Kotawaringin Barat OPD owes it a follow-up: Palangka Raya's Bagian sees the meeting, not what
    another regency owes."""
    from agencies.models import Opd
    from meetings.models import Decision, FollowUp, Meeting

    c = world.cast
    for t in world.targets.values():
        places = (Organised(t.pemda), t.opd)
        Meeting.objects.filter(pk=t.meeting.pk).update(title=f"{plant(*places)} Rapat")
        Decision.objects.filter(pk=t.decision.pk).update(text=f"{plant(*places)} Keputusan")
        Attachment.objects.filter(pk=t.attachment.pk).update(label=f"{plant(*places)} Lampiran")
        FollowUp.objects.filter(pk=t.meeting_follow_up.pk).update(title=f"{plant(*places)} Tindak lanjut")
    # OPDs without a canary name: a meeting shows, rightly, who was invited and who owes what.
    pky_opd = Opd.objects.create(pemda=c.palangkaraya, code="BAPPEDA", name="Bappeda Kota Palangka Raya")
    kobar_opd = Opd.objects.create(pemda=c.kobar, code="BAPPEDA", name="Bappeda Kabupaten Kotawaringin Barat")
    province, city, regency = Organised(c.kalteng), Organised(c.palangkaraya), Organised(c.kobar)
    rakor = make_meeting(c.kalteng, title=f"{plant(province, city, regency)} Rakor", invited=[pky_opd])
    owed = make_follow_up(rakor, kobar_opd, title=f"{plant(province, regency)} Tindak lanjut")
    mine = make_follow_up(rakor, pky_opd, title=f"{plant(province, city)} Tindak lanjut")
    return [
        reverse("meetings:detail", args=[rakor.pk]), reverse("meetings:minutes_pdf", args=[rakor.pk]),
        reverse("meetings:follow_up", args=[owed.pk]), reverse("meetings:follow_up", args=[mine.pk]),
    ]
