"""Attendance from xlsx: preview, all or nothing, every bad row and column named."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Attendance, Meeting
from tests.security.hostile import xlsx_bytes

from .helpers import make_meeting

pytestmark = pytest.mark.django_db


def xlsx(rows, name="daftar-hadir.xlsx"):
    return SimpleUploadedFile(name, xlsx_bytes(rows), content_type="application/octet-stream")


HEADER = ["Nama", "Unit kerja", "Jabatan", "Kehadiran"]


@pytest.fixture
def meeting(cast):
    return make_meeting(cast.kalteng, title="Rapat Pembentukan Tim RB Berdampak", declared_participants=12)


def test_a_good_sheet_is_previewed_then_written(cast, login, meeting):
    client = login(cast.biro)
    url = reverse("meetings:attendance_import", args=[meeting.pk])
    sheet = xlsx([
        ["DAFTAR HADIR RAPAT"],
        HEADER,
        ["Betri Susilawati", "Biro Organisasi Setda Provinsi Kalimantan Tengah", "Plt. Kepala Biro Organisasi", "Luring"],
        ["Yosias", "Biro Organisasi Setda Provinsi Kalimantan Tengah", "Kepala Bagian RB dan Akuntabilitas Kinerja", ""],
        ["Diana", "Inspektorat Provinsi Kalimantan Tengah", "Inspektur Pembantu II", "daring"],
    ])
    response = client.post(url, {"file": sheet})
    body = response.content.decode()
    assert 'data-testid="import-preview"' in body and "Yosias" in body
    assert Attendance.objects.count() == 0  # preview writes nothing

    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    rows = list(Attendance.objects.filter(meeting=meeting).order_by("order"))
    assert [r.name for r in rows] == ["Betri Susilawati", "Yosias", "Diana"]
    assert rows[2].mode == Attendance.Mode.ONLINE and rows[1].mode == Attendance.Mode.IN_PERSON
    # unit names matching an OPD link the row and count the OPD as attending
    assert rows[2].opd == cast.inspektorat
    meeting.refresh_from_db()
    assert cast.inspektorat in meeting.attending_opds.all()
    assert meeting.participant_count() == 3  # the list replaces the declared 12
    assert meeting.status == Meeting.Status.HELD


def test_a_bad_sheet_writes_nothing_and_names_every_bad_row_and_column(cast, login, meeting):
    client = login(cast.biro)
    Attendance.objects.create(meeting=meeting, name="Peserta lama", unit_name="Biro Organisasi")
    sheet = xlsx([
        HEADER,
        ["Betri Susilawati", "Biro Organisasi", "Plt. Kepala Biro", "Luring"],
        ["", "Dinas Kesehatan", "Perencana", "Luring"],           # row 3: name missing
        ["Yosias", "", "Kabag RB", "hadir?"],                     # row 4: unit missing, mode invalid
        ["Diana", "Inspektorat", "Irban II", "Daring"],
        ["X" * 151, "Bappeda", "", "zoom"],                       # row 6: name too long
    ])
    response = client.post(reverse("meetings:attendance_import", args=[meeting.pk]), {"file": sheet})
    body = response.content.decode()
    assert 'data-testid="import-problems"' in body
    for message in (
        "Baris 3, kolom Nama: wajib diisi",
        "Baris 4, kolom Unit kerja: wajib diisi",
        "Baris 4, kolom Kehadiran: &#x27;hadir?&#x27; bukan Luring atau Daring",
        "Baris 6, kolom Nama: terlalu panjang",
    ):
        assert message in body, message
    assert "import-preview" not in body
    assert list(Attendance.objects.values_list("name", flat=True)) == ["Peserta lama"]
    # a stale confirm after a failed upload has nothing to write
    client.post(reverse("meetings:attendance_import", args=[meeting.pk]), {"confirm": "1"})
    assert list(Attendance.objects.values_list("name", flat=True)) == ["Peserta lama"]


def test_a_sheet_without_the_name_column_is_refused(cast, login, meeting):
    sheet = xlsx([["Peserta", "Instansi"], ["Betri", "Biro Organisasi"]])
    body = login(cast.biro).post(reverse("meetings:attendance_import", args=[meeting.pk]), {"file": sheet}).content.decode()
    assert "Baris judul tidak ditemukan" in body
    assert not Attendance.objects.exists()


def test_a_file_that_is_not_xlsx_is_refused_by_the_upload_gate(cast, login, meeting):
    fake = SimpleUploadedFile("daftar.xlsx", b"Nama,Unit\nBetri,Biro\n")
    body = login(cast.biro).post(reverse("meetings:attendance_import", args=[meeting.pk]), {"file": fake}).content.decode()
    assert "errorlist" in body
    assert not Attendance.objects.exists()


def test_only_managers_may_import(cast, login, meeting):
    meeting.attending_opds.add(cast.dinkes)
    url = reverse("meetings:attendance_import", args=[meeting.pk])
    assert login(cast.opd_admin).get(url).status_code == 403
    assert login(cast.biro_other).get(url).status_code == 404


def test_the_attendance_form_replaces_the_list(cast, login, meeting):
    client = login(cast.biro)
    data = {
        "attendance-TOTAL_FORMS": "2", "attendance-INITIAL_FORMS": "0",
        "attendance-MIN_NUM_FORMS": "0", "attendance-MAX_NUM_FORMS": "1000",
        "attendance-0-name": "Betri Susilawati", "attendance-0-unit_name": "Biro Organisasi",
        "attendance-0-position": "Plt. Kepala Biro", "attendance-0-mode": "in_person",
        "attendance-1-name": "Perwakilan Kemendagri", "attendance-1-unit_name": "Direktorat Fasilitasi Kelembagaan dan Kepegawaian",
        "attendance-1-position": "", "attendance-1-mode": "online",
    }
    response = client.post(reverse("meetings:attendance", args=[meeting.pk]), data)
    assert response.status_code == 302
    assert Attendance.objects.filter(meeting=meeting).count() == 2
    assert meeting.participant_count() == 2


def test_recording_attendance_replaces_the_list_through_the_import_resource(cast, meeting, monkeypatch):
    """#12.5: the same import-export layer as the other imports: all rows or none, with history."""
    from meetings import resources, services

    imported = []
    original = resources.AttendanceResource.import_data
    monkeypatch.setattr(resources.AttendanceResource, "import_data", lambda self, *a, **k: imported.append(1) or original(self, *a, **k))
    services.record_attendance(meeting, [{"name": "Lama", "unit_name": "Lain", "mode": "online"}], by=cast.biro)
    old = Attendance.objects.get(meeting=meeting)
    rows = services.record_attendance(
        meeting,
        [{"name": " Betri ", "unit_name": cast.dinkes.name, "position": "Kepala"}, {"name": "Tamu", "unit_name": "Kemendagri"}],
        by=cast.biro,
    )
    assert imported == [1, 1]
    assert [(a.order, a.name, a.mode, a.opd) for a in rows] == [(1, "Betri", "in_person", cast.dinkes), (2, "Tamu", "in_person", None)]
    assert list(Attendance.objects.filter(meeting=meeting).values_list("name", flat=True)) == ["Betri", "Tamu"]
    assert Attendance.history.filter(id=old.pk, history_type="-").exists()  # the removed row is in the audit trail
    assert Attendance.history.filter(name="Betri", history_type="+", history_user=cast.biro).count() == 1
    assert list(meeting.attending_opds.all()) == [cast.dinkes]
