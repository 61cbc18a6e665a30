"""Anjab/ABK: the Biro's overview, an agency's ABK and job map, the blank, the workflow, the API.

Rules (institutions.anjab.services): the agency's admin or its managers edit a draft/returned
ABK (can_edit); the agency's admin submits (can_submit); the Bagian of a regency or the Biro of
the province verifies or returns (can_verify); everyone who sees the ABK reads it.
"""

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from institutions.anjab import services
from institutions.anjab.blank import build_blank
from institutions.anjab.models import Abk, JobMapDocument
from tests.institutions.anjab.helpers import make_hand_agency

from . import ANY_USER, VISIBLE, Api, Page, when


def build(world):
    c = world.cast
    for t in world.targets.values():
        t.abk = make_hand_agency(t.opd, 2025)
        t.abk_position = t.abk.positions.order_by("pk").first()
        t.abk_submitted = make_hand_agency(t.opd, 2024)
        Abk.objects.filter(pk=t.abk_submitted.pk).update(status=Abk.Status.SUBMITTED)
        t.abk_submitted.refresh_from_db()
        xlsx = SimpleUploadedFile("abk.xlsx", build_blank(t.abk))
        t.abk_import = services.preview_blank(xlsx, abk=t.abk, by=c.superuser).log
        document = JobMapDocument(abk=t.abk, status=JobMapDocument.Status.READY)
        document.file.save("peta.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
        t.abk_document = document


def url(name, attr, *extra):
    return lambda w, t: reverse(f"institutions:{name}", args=[getattr(t, attr).pk, *extra])


def api(path, attr):
    return lambda w, t: path.format(id=getattr(t, attr).pk)


def can_edit(user, abk):
    return services.can_edit(user, getattr(abk, "abk", abk))


ENTRIES = [
    Page("institutions:abk_overview", GET=ANY_USER),
    Page("institutions:abk_overview_export", GET=ANY_USER),
    Page("institutions:abk_opd", url=lambda w, t: reverse("institutions:abk_opd", args=[t.opd.pk]), obj=lambda t: t.opd,
         GET=VISIBLE),
    Page("institutions:abk_start", url=lambda w, t: reverse("institutions:abk_start", args=[t.opd.pk]), obj=lambda t: t.opd,
         POST=when(lambda u, opd: services.can_edit_data(u, opd))),
    Page("institutions:abk_detail", url=url("abk_detail", "abk"), obj=lambda t: t.abk, GET=VISIBLE),
    Page("institutions:abk_action", url=url("abk_action", "abk", "submit"), obj=lambda t: t.abk,
         POST=when(services.can_submit), note="submit a draft"),
    Page("institutions:abk_action", url=url("abk_action", "abk_submitted", "verify"), obj=lambda t: t.abk_submitted,
         POST=when(services.can_verify), note="verify a submitted ABK"),
    Page("institutions:abk_action", url=url("abk_action", "abk_submitted", "return"), obj=lambda t: t.abk_submitted,
         data=lambda w, t, m: {"comment": "Perbaiki norma waktu"}, POST=when(services.can_verify), note="return"),
    Page("institutions:abk_job_map", url=url("abk_job_map", "abk"), obj=lambda t: t.abk, GET=VISIBLE),
    Page("institutions:abk_job_map_request", url=url("abk_job_map_request", "abk"), obj=lambda t: t.abk, POST=VISIBLE),
    Page("institutions:abk_job_map_pdf", url=url("abk_job_map_pdf", "abk_document"), obj=lambda t: t.abk_document,
         GET=VISIBLE),
    Page("institutions:abk_blank", url=url("abk_blank", "abk"), obj=lambda t: t.abk, GET=VISIBLE),
    Page("institutions:abk_upload", url=url("abk_upload", "abk"), obj=lambda t: t.abk, POST=when(can_edit)),
    Page("institutions:abk_import", url=url("abk_import", "abk_import"), obj=lambda t: t.abk_import, GET=VISIBLE),
    Page("institutions:abk_import_commit", url=url("abk_import_commit", "abk_import"), obj=lambda t: t.abk_import,
         POST=when(can_edit)),
    Page("institutions:abk_import_file", url=url("abk_import_file", "abk_import"), obj=lambda t: t.abk_import, GET=VISIBLE),
    Page("institutions:abk_position", url=url("abk_position", "abk_position"), obj=lambda t: t.abk_position, GET=VISIBLE),
    Page("institutions:abk_position_add", url=url("abk_position_add", "abk"), obj=lambda t: t.abk,
         GET=when(can_edit), POST=when(can_edit)),
    Page("institutions:abk_position_edit", url=lambda w, t: reverse("institutions:abk_position_edit", args=[t.abk.pk, t.abk_position.pk]),
         obj=lambda t: t.abk, GET=when(can_edit), POST=when(can_edit)),
    Api("/api/v1/abk/", GET=ANY_USER, list_model="institutions.Abk"),
    Api("/api/v1/abk/{id}/", url=api("/api/v1/abk/{id}/", "abk"), obj=lambda t: t.abk, GET=VISIBLE),
    Api("/api/v1/abk-positions/", GET=ANY_USER, list_model="institutions.Position"),
    Api("/api/v1/abk-positions/{id}/", url=api("/api/v1/abk-positions/{id}/", "abk_position"), obj=lambda t: t.abk_position,
        GET=VISIBLE),
]

PENDING = []
