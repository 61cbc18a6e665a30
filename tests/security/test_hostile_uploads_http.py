"""Every hostile file posted to the real upload pages: refused with the gate's message, no server
error, no row written, no file stored. One page per upload kind:

  blank        POST /rencana-aksi/opd/<id>/unggah/          (OPD admin)
  evidence     POST /rencana-aksi/<id>/tw/2/bukti/          (OPD admin)
  attachment   POST /rapat/<id>/lampiran/                   (Biro)
  attendance   POST /rapat/<id>/daftar-hadir/impor/         (Biro)
  worksheet    POST /evaluasi/lhe/<id>/impor-nilai/         (Biro)
  lhe_document POST /evaluasi/lhe/<id>/ubah/                (Biro)
"""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from actionplans.models import ActionPlan, Evidence, ImportLog
from evaluations.models import Lhe, Score
from meetings.models import Attachment, Attendance
from reformportal.uploads import check_upload
from tests.actionplans.factories import make_plan
from tests.evaluations.helpers import make_lhe
from tests.meetings.helpers import make_meeting

from . import hostile

pytestmark = pytest.mark.django_db

# Names that Django rewrites before any view sees them ("../" is stripped to the base name,
# NUL, CR/LF and bidirectional controls do not survive the multipart header): the gate's own
# tests cover them with the raw names (test_upload_gate.py), and
# test_a_path_in_the_file_name_is_dropped_and_the_stored_name_is_random below.
NOT_OVER_HTTP = {"dotdot_name", "dotdot_backslash_name", "nul_name", "newline_name", "rtl_override_name", "rtl_isolate_name"}
CASES = sorted(set(hostile.HOSTILE) - NOT_OVER_HTTP)


@pytest.fixture
def places(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    plan = make_plan(cast.dinkes, "RA-UNGGAH")
    meeting = make_meeting(cast.kalteng, invited=[cast.dinkes])
    lhe = make_lhe(cast, pemda=cast.kalteng, by=cast.superuser)
    return {
        "blank": (cast.opd_admin, reverse("actionplans:upload", args=[cast.dinkes.pk]), "file", {"tahun": 2025}),
        "evidence": (cast.opd_admin, reverse("actionplans:evidence_add", args=[plan.pk, 2]), "file", {"label": "Bukti"}),
        "attachment": (cast.biro, reverse("meetings:attachment_add", args=[meeting.pk]), "file", {"label": "Paparan"}),
        "attendance": (cast.biro, reverse("meetings:attendance_import", args=[meeting.pk]), "file", {}),
        "worksheet": (cast.biro, reverse("evaluations:lhe_import_scores", args=[lhe.pk]), "file", {}),
        "lhe_document": (
            cast.biro, reverse("evaluations:lhe_edit", args=[lhe.pk]), "document",
            {"date": "2025-03-01", "number": "700/1/ITPROV", "kind": lhe.kind, "year": lhe.year},
        ),
    }


def counts():
    models = (ActionPlan, Evidence, ImportLog, Attachment, Attendance, Score)
    return {m.__name__: m.objects.count() for m in models} | {"lhe_documents": Lhe.objects.exclude(document="").count()}


def stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.mark.parametrize("case", CASES)
def test_hostile_file_is_refused_by_the_page(case, places, client, settings):
    kind, name, factory, _code = hostile.HOSTILE[case]
    data = factory()
    with pytest.raises(ValidationError) as refusal:
        check_upload(SimpleUploadedFile(name, data), kind)
    message = refusal.value.messages[0]

    user, url, field, extra = places[kind]
    client.force_login(user)
    before, files_before = counts(), stored_files(settings.MEDIA_ROOT)
    response = client.post(url, {**extra, field: SimpleUploadedFile(name, data)})
    assert response.status_code < 500
    if response.status_code in (301, 302):
        response = client.get(response["Location"])
    assert response.status_code < 500
    if _code == "upload_empty":
        # forms.FileField refuses an empty file before the gate, with Django's own message.
        from django import forms
        from django.utils import translation

        with translation.override("id"):
            message = str(forms.FileField.default_error_messages["empty"])
    assert escape(message) in response.text, f"{case}: the page does not show {message!r}"
    assert counts() == before, f"{case}: rows were written"
    assert stored_files(settings.MEDIA_ROOT) == files_before, f"{case}: a file was stored"


def test_a_path_in_the_file_name_is_dropped_and_the_stored_name_is_random(places, client, cast, settings):
    user, url, field, extra = places["attachment"]
    client.force_login(user)
    client.post(url, {**extra, field: SimpleUploadedFile("../../../etc/passwd.pdf", hostile.pdf_bytes())})
    attachment = Attachment.objects.get()
    assert attachment.original_name == "passwd.pdf"
    assert "passwd" not in attachment.file.name and attachment.file.name.startswith("attachment/")
    assert (settings.MEDIA_ROOT / attachment.file.name).resolve().is_relative_to(settings.MEDIA_ROOT.resolve())
