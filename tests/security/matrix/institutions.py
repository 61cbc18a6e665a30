"""Kelembagaan: the province view, Pemda and agency pages, structures, workload, penyetaraan,
mismatches, regulations, strategic issues, and their API.

Rules (institutions.services): writes by whoever manages the Pemda (`can_manage`: Biro staff
their province, Bagian staff their own regency, never read-only roles); verification,
facilitation and model marking by the province's Biro only (`can_verify`); a mismatch is also
raised by the agency's own OPD admin (`can_raise_mismatch`).
"""

import datetime

from django.core.files.base import ContentFile
from django.urls import reverse

from agencies.models import Opd, Pemda
from institutions import services
from institutions.models import (
    Mismatch,
    OrganisationStructure,
    OrgUnit,
    PostConversion,
    Regulation,
    StrategicIssue,
    WorkloadScore,
)
from tests.institutions.helpers import make_structure, make_workload

from . import ANY_USER, VISIBLE, Api, Page, when

PDF = b"%PDF-1.4\n%%EOF\n"


def manages(user, obj):
    return services.can_manage(user, _pemda(obj))


def verifies(user, obj):
    return services.can_verify(user, _pemda(obj))


def raises_mismatch(user, pemda):
    return any(services.can_raise_mismatch(user, o) for o in Opd.objects.visible_to(user).filter(pemda=pemda))


def _pemda(obj):
    for path in ("pemda", "opd.pemda", "structure.opd.pemda"):
        value = obj
        try:
            for part in path.split("."):
                value = getattr(value, part)
        except AttributeError:
            continue
        return value
    return obj  # a Pemda itself


def build(world):
    c = world.cast
    models = {}
    for name in ("in", "reg", "out"):
        t = world.targets[name]
        structure = make_structure(t.opd, valid_from=datetime.date(2024, 1, 2))
        structure.legal_file.save("perkada.pdf", ContentFile(PDF), save=False)
        structure.legal_file_name = "perkada.pdf"
        structure.save()
        t.structure = structure
        t.unit = structure.units.get(kind="bidang", order=2)
        t.mismatch = Mismatch.objects.create(opd=t.opd, post="JF Uji", kind="duties", description="Uji")
        t.mismatch_proposed = Mismatch.objects.create(opd=t.opd, post="JF Usulan", kind="education",
                                                      description="Uji", status="proposed", proposal="Alih jabatan")
        t.regulation = Regulation.objects.create(pemda=t.pemda, kind="perkada_sotk", subject="Perkada uji")
        t.regulation.file.save("perkada.pdf", ContentFile(PDF), save=False)
        t.regulation.file_name = "perkada.pdf"
        t.regulation.save()
        province = t.pemda.province_id
        if province not in models:
            province_pemda = c.kalteng if t.pemda.province_id == c.kalteng.province_id else c.kaltim
            models[province] = Regulation.objects.create(pemda=province_pemda, kind="work_system",
                                                         subject="Sistem kerja (model)", is_model=True)
        t.model_regulation = models[province]
        t.issue = StrategicIssue.objects.create(pemda=t.pemda, category="institutions", title="Isu uji",
                                                raised_by="Bagian Organisasi", raised_on=datetime.date(2025, 8, 1))
        make_workload(t.pemda, {t.opd: 500}, by=c.superuser)
        t.workload_score = WorkloadScore.objects.get(opd=t.opd)
        t.conversion = services.record_conversion(
            t.opd, by=c.superuser, former_post="Kepala Seksi Uji", former_level="pengawas",
            functional_position="Analis", person_name="Pejabat Uji", converted_on=datetime.date(2022, 1, 3),
            decree_number="1/2022",
        )


def pemda_url(name, *extra):
    return lambda w, t: reverse(f"institutions:{name}", args=[t.pemda.code, *extra])


def url(name, attr):
    return lambda w, t: reverse(f"institutions:{name}", args=[getattr(t, attr).pk])


def api(path, attr):
    return lambda w, t: path.format(id=getattr(t, attr).pk)


PEMDA = {"obj": lambda t: t.pemda}

ENTRIES = [
    Page("institutions:index", GET=ANY_USER),
    Page("institutions:index_export", GET=ANY_USER),
    Page("institutions:pemda", url=pemda_url("pemda"), **PEMDA, GET=VISIBLE),
    Page("institutions:workload", url=pemda_url("workload", 2025), **PEMDA, GET=VISIBLE, POST=when(manages)),
    Page("institutions:workload_xlsx", url=pemda_url("workload_xlsx", 2025), **PEMDA, GET=VISIBLE),
    Page("institutions:workload_upload", url=pemda_url("workload_upload", 2025), **PEMDA,
         GET=when(manages), POST=when(manages)),
    Page("institutions:simplification", url=pemda_url("simplification"), **PEMDA, GET=VISIBLE, POST=when(manages)),
    Page("institutions:baseline", url=pemda_url("baseline"), **PEMDA, POST=when(manages)),
    Page("institutions:mismatch_create", url=pemda_url("mismatch_create"), **PEMDA,
         GET=when(raises_mismatch), POST=when(raises_mismatch)),
    Page("institutions:regulations", url=pemda_url("regulations"), **PEMDA, GET=VISIBLE, POST=when(manages)),
    Page("institutions:issues", url=pemda_url("issues"), **PEMDA, GET=VISIBLE, POST=when(manages)),
    Page("institutions:opd", url=url("opd", "opd"), obj=lambda t: t.opd, GET=VISIBLE),
    Page("institutions:structure_create", url=url("structure_create", "opd"), obj=lambda t: t.opd,
         GET=when(manages), POST=when(manages)),
    Page("institutions:structure", url=url("structure", "structure"), obj=lambda t: t.structure, GET=VISIBLE),
    Page("institutions:structure_edit", url=url("structure_edit", "structure"), obj=lambda t: t.structure,
         GET=when(manages), POST=when(manages)),
    Page("institutions:structure_pdf", url=url("structure_pdf", "structure"), obj=lambda t: t.structure, GET=VISIBLE),
    Page("institutions:structure_file", url=url("structure_file", "structure"), obj=lambda t: t.structure,
         GET=VISIBLE),
    Page("institutions:unit_add", url=url("unit_add", "structure"), obj=lambda t: t.structure, POST=when(manages)),
    Page("institutions:unit_edit", url=url("unit_edit", "unit"), obj=lambda t: t.unit,
         GET=when(manages), POST=when(manages)),
    Page("institutions:unit_delete", url=url("unit_delete", "unit"), obj=lambda t: t.unit, POST=when(manages)),
    Page("institutions:mismatch", url=url("mismatch", "mismatch"), obj=lambda t: t.mismatch, GET=VISIBLE),
    Page("institutions:mismatch_propose", url=url("mismatch_propose", "mismatch"), obj=lambda t: t.mismatch,
         POST=when(manages)),
    Page("institutions:mismatch_verify", url=url("mismatch_verify", "mismatch_proposed"),
         obj=lambda t: t.mismatch_proposed, POST=when(verifies)),
    Page("institutions:regulation", url=url("regulation", "regulation"), obj=lambda t: t.regulation, GET=VISIBLE),
    Page("institutions:regulation_facilitate", url=url("regulation_facilitate", "regulation"),
         obj=lambda t: t.regulation, POST=when(verifies)),
    Page("institutions:regulation_enact", url=url("regulation_enact", "regulation"), obj=lambda t: t.regulation,
         POST=when(manages)),
    Page("institutions:regulation_model", url=url("regulation_model", "regulation"), obj=lambda t: t.regulation,
         POST=when(verifies)),
    Page("institutions:regulation_matrix", url=url("regulation_matrix", "model_regulation"),
         obj=lambda t: t.model_regulation, GET=VISIBLE),
    Page("institutions:regulation_file", url=url("regulation_file", "regulation"), obj=lambda t: t.regulation,
         GET=VISIBLE),
    Page("institutions:issue", url=url("issue", "issue"), obj=lambda t: t.issue, GET=VISIBLE),
    Page("institutions:issue_status", url=url("issue_status", "issue"), obj=lambda t: t.issue, POST=when(manages)),
    Api("/api/v1/org-structures/", GET=ANY_USER, list_model="institutions.OrganisationStructure"),
    Api("/api/v1/org-structures/{id}/", url=api("/api/v1/org-structures/{id}/", "structure"),
        obj=lambda t: t.structure, GET=VISIBLE),
    Api("/api/v1/post-conversions/", GET=ANY_USER, list_model="institutions.PostConversion"),
    Api("/api/v1/post-conversions/{id}/", url=api("/api/v1/post-conversions/{id}/", "conversion"),
        obj=lambda t: t.conversion, GET=VISIBLE),
    Api("/api/v1/position-mismatches/", GET=ANY_USER, list_model="institutions.Mismatch"),
    Api("/api/v1/position-mismatches/{id}/", url=api("/api/v1/position-mismatches/{id}/", "mismatch"),
        obj=lambda t: t.mismatch, GET=VISIBLE),
    Api("/api/v1/position-mismatches/{id}/propose/", url=api("/api/v1/position-mismatches/{id}/propose/", "mismatch"),
        obj=lambda t: t.mismatch, data=lambda w, t, m: {"proposal": "Alih jabatan"}, strict=True,
        POST=when(manages)),
    Api("/api/v1/position-mismatches/{id}/verify/",
        url=api("/api/v1/position-mismatches/{id}/verify/", "mismatch_proposed"), obj=lambda t: t.mismatch_proposed,
        data=lambda w, t, m: {"accept": True, "comment": "Sesuai"}, strict=True, POST=when(verifies)),
    Api("/api/v1/institution-regulations/", GET=ANY_USER, list_model="institutions.Regulation"),
    Api("/api/v1/institution-regulations/{id}/", url=api("/api/v1/institution-regulations/{id}/", "regulation"),
        obj=lambda t: t.regulation, GET=VISIBLE),
    Api("/api/v1/strategic-issues/", GET=ANY_USER, list_model="institutions.StrategicIssue"),
    Api("/api/v1/strategic-issues/{id}/", url=api("/api/v1/strategic-issues/{id}/", "issue"), obj=lambda t: t.issue,
        GET=VISIBLE),
    Api("/api/v1/workload-scores/", GET=ANY_USER, list_model="institutions.WorkloadScore"),
    Api("/api/v1/workload-scores/{id}/", url=api("/api/v1/workload-scores/{id}/", "workload_score"),
        obj=lambda t: t.workload_score, GET=VISIBLE),
]

PENDING = []


# --- canaries ----------------------------------------------------------------------------------
# Kelembagaan's own rows only (structures, units, penyetaraan, mismatches, regulations, issues);
# Anjab/ABK and the PD evaluation plant theirs in anjab.py and pd_evaluation.py.


def plant_canaries(world, plant):
    return _plant_kelembagaan(world, plant)


def _plant_kelembagaan(world, plant):
    """The targets' kelembagaan texts, the same rows of a second agency of each Pemda (an OPD
    admin sees only its own agency's posts), and a province rakor that discusses the issues of
    two regencies and asks one of them for a regulation."""
    c = world.cast
    for t in world.targets.values():
        _plant_agency(plant, t.opd, t.structure, t.conversion, t.mismatch, t.mismatch_proposed)
        Regulation.objects.filter(pk=t.regulation.pk).update(subject=f"{plant(t.pemda)} Perkada")
        StrategicIssue.objects.filter(pk=t.issue.pk).update(title=f"{plant(t.pemda)} Isu",
                                                            description=f"{plant(t.pemda)} Uraian isu")
    # a model regulation is for its province's regencies too: they pick it and see whom they follow
    for model in {t.model_regulation.pk: t.model_regulation for t in world.targets.values()}.values():
        readers = Pemda.objects.filter(province_id=model.pemda.province_id)
        Regulation.objects.filter(pk=model.pk).update(subject=f"{plant(*readers)} Sistem kerja (model)")
    urls = []
    for opd in (c.kominfo, c.pky_disdik, c.kobar_dinkes, c.smd_dinkes):
        structure = make_structure(opd, valid_from=datetime.date(2024, 1, 2))
        conversion = services.record_conversion(
            opd, by=c.superuser, former_post="Kepala Seksi", former_level="pengawas", functional_position="Analis",
            person_name="Pejabat", converted_on=datetime.date(2022, 1, 3), decree_number="2/2022",
        )
        mismatch = Mismatch.objects.create(opd=opd, post="JF", kind="duties", description="Uji")
        _plant_agency(plant, opd, structure, conversion, mismatch)
        urls += [reverse("institutions:structure", args=[structure.pk]),
                 reverse("institutions:structure_pdf", args=[structure.pk]),
                 reverse("institutions:mismatch", args=[mismatch.pk]), reverse("institutions:opd", args=[opd.pk])]
    urls += _plant_rakor(world, plant)
    return urls


def _plant_agency(plant, opd, structure, conversion, *mismatches):
    OrganisationStructure.objects.filter(pk=structure.pk).update(perkada_number=f"{plant(opd)} Pergub SOTK")
    for unit in structure.units.filter(parent__isnull=False):
        OrgUnit.objects.filter(pk=unit.pk).update(name=f"{plant(opd)} {unit.name}", duties=f"{plant(opd)} Tugas")
    PostConversion.objects.filter(pk=conversion.pk).update(
        former_post=f"{plant(opd)} Kepala Seksi", person_name=f"{plant(opd)} Pejabat", decree_number=f"{plant(opd)} SK"
    )
    for mismatch in mismatches:
        Mismatch.objects.filter(pk=mismatch.pk).update(
            post=f"{plant(opd)} JF", description=f"{plant(opd)} Uraian", proposal=f"{plant(opd)} Usulan"
        )


def _plant_rakor(world, plant):
    from meetings import services as meeting_services
    from tests.meetings.helpers import make_follow_up, make_meeting

    c = world.cast
    issues, regulations = {}, {}
    for pemda in (c.palangkaraya, c.kobar):
        issues[pemda] = StrategicIssue.objects.create(
            pemda=pemda, category="staffing", title=f"{plant(pemda)} Isu rakor", raised_by="Bagian Organisasi",
            raised_on=datetime.date(2025, 8, 1),
        )
        regulations[pemda] = Regulation.objects.create(pemda=pemda, kind="work_system",
                                                       subject=f"{plant(pemda)} Perkada sistem kerja")
    city_opd = Opd.objects.create(pemda=c.palangkaraya, code="ORTALA", name="Bagian Organisasi Kota Palangka Raya")
    rakor = make_meeting(c.kalteng, title="Rakor kelembagaan", invited=[city_opd])
    meeting_services.attach_strategic_issues(rakor, list(issues.values()), by=None)
    for pemda, issue in issues.items():
        meeting_services.add_recommendation(rakor, by=None, text="Rekomendasi ke pusat", addressee_kind="central",
                                            addressee_note="KemenPAN-RB", strategic_issue=issue)
    item = make_follow_up(rakor, city_opd, title="Susun Perwali sistem kerja")
    item.regulation = regulations[c.kobar]  # linked by the Biro: not for the city to read
    item.save(update_fields=["regulation"])
    return [reverse("meetings:detail", args=[rakor.pk]), reverse("meetings:follow_up", args=[item.pk]),
            reverse("meetings:minutes_pdf", args=[rakor.pk]),
            reverse("institutions:regulation", args=[regulations[c.kobar].pk]),
            reverse("institutions:issue", args=[issues[c.palangkaraya].pk])]
