"""Evaluations (LHE): reports, scores, findings, recommendations and their follow-ups, frameworks.

Rules (evaluations.services): recording/editing an LHE, its scores and findings: whoever manages
the Pemda or reviews it (Biro/Bagian, its inspectors); answering a recommendation: the assigned
OPD's admin, or Biro/Bagian for an assigned organisation bureau; closing/returning: the Pemda's
inspectors; frameworks: read by all, edited by superusers.
"""

import datetime

from django.core.files.base import ContentFile
from django.urls import reverse

from agencies.models import Pemda
from evaluations import services
from evaluations.models import Finding, FollowUp, Framework, Objection, Recommendation
from tests.evaluations.helpers import make_lhe

from . import ANY_USER, VISIBLE, Api, Organised, Page, roles, when

RECORDERS = roles("biro", "biro_other", "bagian", "bagian_other", "inspector", "inspector_other", "superuser")


def can_record(user, obj):
    if isinstance(obj, Pemda):
        return services.can_record_lhe(user, obj)
    pemda = getattr(obj, "pemda", None) or obj.lhe.pemda
    return services.can_record_lhe(user, pemda)


def can_answer(user, rec):
    return services.answering_opd(user, rec) is not None


def can_review(user, rec):
    return services.can_review(user, rec)


def can_object(user, lhe):
    return lhe.kind == "internal" and services.objecting_opd(user, lhe) is not None


def can_decide_objection(user, objection):
    return user.scope.can_review_pemda(objection.lhe.pemda)


def build(world):
    c = world.cast
    framework = Framework.objects.order_by("pk").first()
    for name, t in world.targets.items():
        lhe = make_lhe(c, pemda=t.pemda, by=c.superuser)
        lhe.document.save("lhe.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
        finding = services.add_finding(lhe, description="Temuan uji matriks", by=c.superuser)
        bureau = list(t.pemda.opds.filter(kind__in=("biro_organisasi", "bagian_organisasi")))
        due = datetime.date(2026, 6, 30)
        rec = services.add_recommendation(finding, text="Perbaiki", opds=[t.opd, *bureau], due_date=due, by=c.superuser)
        submitted = services.add_recommendation(finding, text="Sudah dijawab", opds=[t.opd], due_date=due, by=c.superuser)
        follow_up = FollowUp(recommendation=submitted, opd=t.opd, narrative="Sudah", submitted_by=c.superuser)
        follow_up.evidence.save("bukti.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
        Recommendation.objects.filter(pk=submitted.pk).update(status=Recommendation.Status.SUBMITTED)
        submitted.refresh_from_db()
        t.lhe, t.finding, t.rec, t.submitted_rec, t.follow_up, t.framework = lhe, finding, rec, submitted, follow_up, framework
        node = lhe.framework.nodes.filter(kind="kriteria").order_by("order").first()
        services.set_scores(lhe, {node: node.max_score / 2}, by=c.superuser)
        t.objection = Objection.objects.create(
            lhe=lhe, node=node, opd=t.opd, argument="Uji matriks", old_value=node.max_score / 2, submitted_by=c.superuser,
        )
        t.objection.evidence.save("sk.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)


def url(name, attr):
    return lambda w, t: reverse(f"evaluations:{name}", args=[getattr(t, attr).pk])


def lhe_body(w, t, method):
    return {"pemda": t.pemda.pk, "year": 2027, "kind": "internal", "date": "2027-03-01"}


def follow_up_body(w, t, method):
    return {"recommendation": t.rec.pk, "narrative": "Telah ditindaklanjuti", "evidence_link": "https://example.org/bukti"}


FRAMEWORK = {"obj": lambda t: t.framework, "targets": ("in",)}

ENTRIES = [
    Page("evaluations:lhe_list", GET=ANY_USER),
    Page("evaluations:lhe_list", url=lambda w, t: reverse("evaluations:lhe_list") + f"?pemda={t.pemda.pk}",
         obj=lambda t: t.pemda, GET=VISIBLE),
    Page("evaluations:lhe_create", GET=RECORDERS, POST=RECORDERS),
    Page("evaluations:lhe", url=url("lhe", "lhe"), obj=lambda t: t.lhe, GET=VISIBLE),
    Page("evaluations:lhe_edit", url=url("lhe_edit", "lhe"), obj=lambda t: t.lhe, GET=when(can_record), POST=when(can_record)),
    Page("evaluations:lhe_document", url=url("lhe_document", "lhe"), obj=lambda t: t.lhe, GET=VISIBLE),
    Page("evaluations:lhe_scores", url=url("lhe_scores", "lhe"), obj=lambda t: t.lhe, GET=when(can_record), POST=when(can_record)),
    Page("evaluations:lhe_simulator", url=url("lhe_simulator", "lhe"), obj=lambda t: t.lhe, GET=VISIBLE, POST=VISIBLE),
    Page("evaluations:lhe_worksheet", url=url("lhe_worksheet", "lhe"), obj=lambda t: t.lhe, GET=VISIBLE),
    Page("evaluations:lhe_import_scores", url=url("lhe_import_scores", "lhe"), obj=lambda t: t.lhe,
         GET=when(can_record), POST=when(can_record)),
    Page("evaluations:finding_create", url=url("finding_create", "lhe"), obj=lambda t: t.lhe,
         GET=when(can_record), POST=when(can_record)),
    Page("evaluations:recommendation_create", url=url("recommendation_create", "finding"), obj=lambda t: t.lhe,
         GET=when(can_record), POST=when(can_record)),
    Page("evaluations:my_recommendations", GET=ANY_USER),
    Page("evaluations:recommendation", url=url("recommendation", "rec"), obj=lambda t: t.rec, GET=VISIBLE),
    Page("evaluations:recommendation_start", url=url("recommendation_start", "rec"), obj=lambda t: t.rec,
         POST=when(can_answer)),
    Page("evaluations:recommendation_answer", url=url("recommendation_answer", "rec"), obj=lambda t: t.rec,
         POST=when(can_answer)),
    Page("evaluations:recommendation_review", url=url("recommendation_review", "submitted_rec"),
         obj=lambda t: t.submitted_rec, data=lambda w, t, m: {"decision": "return", "comment": "Kurang"},
         POST=when(can_review)),
    Page("evaluations:follow_up_evidence", url=url("follow_up_evidence", "follow_up"), obj=lambda t: t.follow_up,
         GET=VISIBLE),
    Page("evaluations:lhe_objection_create", url=url("lhe_objection_create", "lhe"), obj=lambda t: t.lhe,
         GET=when(can_object), POST=when(can_object)),
    # An objection is visible where its LHE is, and to an OPD admin only when it is their OPD's.
    Page("evaluations:objection_decide", url=url("objection_decide", "objection"), obj=lambda t: t.objection,
         data=lambda w, t, m: {"decision": "reject", "reason": "Tidak relevan"}, POST=when(can_decide_objection)),
    Page("evaluations:objection_evidence", url=url("objection_evidence", "objection"), obj=lambda t: t.objection,
         GET=VISIBLE),
    Page("evaluations:review_queue", GET=roles("inspector", "inspector_other", "superuser")),
    Page("evaluations:completion", GET=ANY_USER),
    Page("evaluations:frameworks", GET=ANY_USER),
    Page("evaluations:framework", url=url("framework", "framework"), GET=VISIBLE, **FRAMEWORK),
    Page("evaluations:framework_export", url=url("framework_export", "framework"), GET=VISIBLE, **FRAMEWORK),
    Page("evaluations:framework_import", url=url("framework_import", "framework"),
         GET=roles("superuser"), POST=roles("superuser"), **FRAMEWORK),
    Page("evaluations:framework_new_version", url=url("framework_new_version", "framework"),
         POST=roles("superuser"), **FRAMEWORK),
    Api("/api/v1/evaluation-frameworks/", GET=ANY_USER, list_model="evaluations.Framework"),
    Api("/api/v1/evaluation-frameworks/{id}/", url=lambda w, t: f"/api/v1/evaluation-frameworks/{t.framework.pk}/",
        GET=VISIBLE, **FRAMEWORK),
    Api("/api/v1/lhe/", GET=ANY_USER, list_model="evaluations.Lhe"),
    Api("/api/v1/lhe/", targets=("in", "reg", "out"), obj=lambda t: t.pemda, data=lhe_body, strict=True,
        POST=when(can_record)),
    Api("/api/v1/lhe/{id}/", url=lambda w, t: f"/api/v1/lhe/{t.lhe.pk}/", obj=lambda t: t.lhe, GET=VISIBLE),
    Api("/api/v1/lhe/{id}/scores/", url=lambda w, t: f"/api/v1/lhe/{t.lhe.pk}/scores/", obj=lambda t: t.lhe,
        data=lambda w, t, m: {"scores": {}}, POST=when(can_record)),
    Api("/api/v1/lhe-recommendations/", GET=ANY_USER, list_model="evaluations.Recommendation"),
    Api("/api/v1/lhe-recommendations/{id}/", url=lambda w, t: f"/api/v1/lhe-recommendations/{t.rec.pk}/",
        obj=lambda t: t.rec, GET=VISIBLE),
    Api("/api/v1/lhe-recommendations/{id}/start/", url=lambda w, t: f"/api/v1/lhe-recommendations/{t.rec.pk}/start/",
        obj=lambda t: t.rec, POST=when(can_answer)),
    Api("/api/v1/lhe-recommendations/{id}/close/",
        url=lambda w, t: f"/api/v1/lhe-recommendations/{t.submitted_rec.pk}/close/",
        obj=lambda t: t.submitted_rec, POST=when(can_review)),
    Api("/api/v1/lhe-recommendations/{id}/return/",
        url=lambda w, t: f"/api/v1/lhe-recommendations/{t.submitted_rec.pk}/return/",
        obj=lambda t: t.submitted_rec, data=lambda w, t, m: {"comment": "Kurang bukti"}, POST=when(can_review)),
    Api("/api/v1/lhe-follow-ups/", GET=ANY_USER, list_model="evaluations.FollowUp"),
    Api("/api/v1/lhe-follow-ups/", targets=("in", "reg", "out"), obj=lambda t: t.rec, data=follow_up_body, strict=True,
        POST=when(can_answer)),
    Api("/api/v1/lhe-follow-ups/{id}/", url=lambda w, t: f"/api/v1/lhe-follow-ups/{t.follow_up.pk}/",
        obj=lambda t: t.follow_up, GET=VISIBLE),
]

PENDING = []


def plant_canaries(world, plant):
    """The target LHE's texts, and in the province's LHE a recommendation for another OPD
    (Diskominfo) that the Dinkes admin must not see."""
    c = world.cast
    for t in world.targets.values():
        assignees = list(t.rec.opds.all())
        Recommendation.objects.filter(pk=t.rec.pk).update(text=f"{plant(Organised(t.pemda), *assignees)} Rekomendasi")
        Finding.objects.filter(pk=t.finding.pk).update(description=f"{plant(t.pemda)} Temuan")
        FollowUp.objects.filter(pk=t.follow_up.pk).update(narrative=f"{plant(Organised(t.pemda), t.opd)} Jawaban")
    t = world.targets["in"]
    rec = services.add_recommendation(t.finding, text=f"{plant(Organised(t.pemda), c.kominfo)} Rekomendasi",
                                      opds=[c.kominfo], due_date=datetime.date(2026, 6, 30), by=c.superuser)
    return [reverse("evaluations:recommendation", args=[rec.pk])]
