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
from institutions.anjab.models import Abk, JobMapDocument, Position, Task
from tests.institutions.anjab.helpers import make_hand_agency

from . import ANY_USER, VISIBLE, Api, Page, when


def build(world):
    c = world.cast
    for t in world.targets.values():
        t.abk = make_hand_agency(t.opd, 2025)
        t.abk_position = t.abk.positions.order_by("pk").first()
        t.abk_task = t.abk_position.tasks.order_by("pk").first()
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


def can_edit(user, obj):
    """obj: an ABK, one of its positions or one of their tasks."""
    if isinstance(obj, Task):
        obj = obj.position
    return services.can_edit(user, getattr(obj, "abk", obj))


def position_body(w, t, method):
    if method == "POST":
        return {"abk": t.abk.pk, "unit": t.abk_position.unit_id, "code": "UJI-MATRIKS", "kind": "pelaksana",
                "name": "Pengadministrasi Uji Matriks", "grade": 6, "in_post": 1}
    return {"name": "Jabatan Diubah", "in_post": 2}


def task_body(w, t, method):
    if method == "POST":
        return {"position": t.abk_position.pk, "description": "Menyusun laporan bulanan", "output": "Laporan",
                "output_unit": "laporan", "volume": "12", "period": "month", "time_norm": "60"}
    return {"volume": "15", "period": "week"}


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
    Api("/api/v1/abk/{id}/submit/", url=api("/api/v1/abk/{id}/submit/", "abk"), obj=lambda t: t.abk,
        POST=when(services.can_submit), note="the agency's admin submits a draft"),
    Api("/api/v1/abk/{id}/verify/", url=api("/api/v1/abk/{id}/verify/", "abk_submitted"), obj=lambda t: t.abk_submitted,
        POST=when(services.can_verify), data=lambda w, t, m: {"comment": "Sesuai"}, strict=True),
    Api("/api/v1/abk/{id}/return/", url=api("/api/v1/abk/{id}/return/", "abk_submitted"), obj=lambda t: t.abk_submitted,
        POST=when(services.can_verify), data=lambda w, t, m: {"comment": "Perbaiki norma waktu"}, strict=True),
    Api("/api/v1/abk-positions/", obj=lambda t: t.abk, POST=when(can_edit), data=position_body, strict=True,
        note="a position of the target's draft ABK: an ABK out of sight is refused by validation (400)"),
    Api("/api/v1/abk-positions/{id}/", url=api("/api/v1/abk-positions/{id}/", "abk_position"), obj=lambda t: t.abk_position,
        GET=VISIBLE, PATCH=when(can_edit), DELETE=when(can_edit), data=position_body),
    Api("/api/v1/abk-tasks/", GET=ANY_USER, list_model="institutions.Task"),
    Api("/api/v1/abk-tasks/", obj=lambda t: t.abk_position, POST=when(can_edit), data=task_body, strict=True,
        note="a task of a position of the target's draft ABK: a position out of sight is refused by validation (400)"),
    Api("/api/v1/abk-tasks/{id}/", url=api("/api/v1/abk-tasks/{id}/", "abk_task"), obj=lambda t: t.abk_task,
        GET=VISIBLE, PATCH=when(can_edit), DELETE=when(can_edit), data=task_body),
]

PENDING = []


def _plant_abk(abk, opd, plant):
    """Every text of an ABK that a page, the API, the blank or the job map prints: its agency's."""
    Abk.objects.filter(pk=abk.pk).update(comment=f"{plant(opd)} Catatan verifikator")
    for position in Position.objects.filter(abk=abk):
        Position.objects.filter(pk=position.pk).update(name=f"{plant(opd)} {position.name}",
                                                       summary=f"{plant(opd)} Ikhtisar")
    for task in Task.objects.filter(position__abk=abk).order_by("pk")[:2]:
        Task.objects.filter(pk=task.pk).update(description=f"{plant(opd)} Uraian", output=f"{plant(opd)} Hasil")


def plant_canaries(world, plant):
    """The targets' ABKs (this year's draft and last year's submitted version), ABKs of two more
    agencies (Diskominfo beside the province's Dinkes, the Palangka Raya education office beside
    its Dinkes) that the Biro's overview adds up, a new blank preview and real job map PDFs
    (build()'s stand-ins carry no text)."""
    from institutions.anjab.services import render_job_map

    c = world.cast
    pages = []
    for t in world.targets.values():
        for abk in (t.abk, t.abk_submitted):
            _plant_abk(abk, t.opd, plant)
        pages.append(reverse("institutions:abk_detail", args=[t.abk_submitted.pk]))
        t.abk_import = services.preview_blank(SimpleUploadedFile("abk.xlsx", build_blank(t.abk)), abk=t.abk,
                                              by=c.superuser).log
        JobMapDocument.objects.filter(pk=t.abk_document.pk).update(status=JobMapDocument.Status.PENDING)
        render_job_map(t.abk_document.pk)
    for opd in (c.kominfo, c.pky_disdik):
        abk = make_hand_agency(opd, 2025)
        _plant_abk(abk, opd, plant)
        position = abk.positions.order_by("pk").first()
        pages += [reverse("institutions:abk_detail", args=[abk.pk]), reverse("institutions:abk_job_map", args=[abk.pk]),
                  reverse("institutions:abk_position", args=[position.pk]), f"/api/v1/abk-positions/{position.pk}/"]
    return pages
