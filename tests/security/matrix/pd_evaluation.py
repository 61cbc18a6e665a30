"""Maturity evaluation of regency/city agencies (evaluations.pd, Permendagri 99/2018).

Rules (evaluations.pd.rules): a round is seen by everyone with a role in its province; answering
for an agency: its OPD admin or whoever manages its Pemda; submitting a set: the regency's
Bagian; verifying, recommending, the recap PDF: the province's Biro; the instrument: read by all,
imported by superusers.

Targets: "in" = the Kalteng round, the set of Kotawaringin Barat (its Dinkes); "reg" = the same
round, the set of Kota Palangka Raya; "out" = the Kaltim round, the set of Kota Samarinda.
"""

from django.core.files.base import ContentFile
from django.urls import reverse

from evaluations.models import PdAnswer, PdRecap
from evaluations.pd import rules, services

from . import ANY_USER, VISIBLE, Api, Page, roles, when

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def build(world):
    c = world.cast
    rounds = {
        "62": services.open_round(pemda=c.kalteng, year=2024, by=c.superuser),
        "64": services.open_round(pemda=c.kaltim, year=2024, by=c.superuser),
    }
    places = {"in": ("62", c.kobar_dinkes), "reg": ("62", c.pky_dinkes), "out": ("64", c.smd_dinkes)}
    for name, (province, opd) in places.items():
        t = world.targets[name]
        round = rounds[province]
        assessment = services.add_assessment(round, opd, by=c.superuser)
        answers = [services.answer_variable(assessment, v, level=3, by=c.superuser, evidence_link="https://example.org")
                   for v in round.instrument.variables.all()]
        answers[0].evidence.save("bukti.pdf", ContentFile(PDF), save=True)
        services.submit_set(assessment.submission, by=c.superuser)
        recap = PdRecap.objects.create(round=round, language="id", status=PdRecap.Status.DONE, requested_by=c.superuser)
        recap.file.save("rekap.pdf", ContentFile(PDF), save=True)
        t.pd_round, t.pd_submission, t.pd_assessment, t.pd_answer, t.pd_recap = (
            round, assessment.submission, assessment, answers[0], recap
        )
        t.pd_instrument = round.instrument


def pk_url(name, attr):
    return lambda w, t: reverse(f"evaluations:{name}", args=[getattr(t, attr).pk])


def manages_round(user, round):
    return rules.can_manage_round(user, round)


def submits(user, submission):
    return rules.can_submit(user, submission.pemda)


def verifies(user, obj):
    """obj: a set (PdSubmission) or an answer (PdAnswer)."""
    submission = obj.assessment.submission if isinstance(obj, PdAnswer) else obj
    return rules.can_verify(user, submission.pemda)


def answers_for(user, assessment):
    return rules.can_answer(user, assessment.opd)


ROUND = {"obj": lambda t: t.pd_round}
SUBMISSION = {"obj": lambda t: t.pd_submission}
ASSESSMENT = {"obj": lambda t: t.pd_assessment}
ANSWER = {"obj": lambda t: t.pd_answer}
INSTRUMENT = {"obj": lambda t: t.pd_instrument, "targets": ("in",)}


def verify_body(w, t, method):
    return {"a%s-decision" % t.pd_answer.pk: "accept"}


ENTRIES = [
    Page("evaluations:pd_rounds", GET=ANY_USER),
    Page("evaluations:pd_recap", url=pk_url("pd_recap", "pd_round"), GET=VISIBLE, **ROUND),
    Page("evaluations:pd_recap_pdf", url=pk_url("pd_recap_pdf", "pd_round"), POST=when(manages_round), **ROUND),
    Page("evaluations:pd_assessment_create", url=pk_url("pd_assessment_create", "pd_round"), POST=VISIBLE,
         note="an empty form returns to the recap; the service checks who may answer for the agency", **ROUND),
    Page("evaluations:pd_recap_status", url=pk_url("pd_recap_status", "pd_recap"), GET=when(manages_round), **ROUND),
    Page("evaluations:pd_recap_download", url=pk_url("pd_recap_download", "pd_recap"), GET=when(manages_round), **ROUND),
    Page("evaluations:pd_submission", url=pk_url("pd_submission", "pd_submission"), GET=VISIBLE, **SUBMISSION),
    Page("evaluations:pd_submission_submit", url=pk_url("pd_submission_submit", "pd_submission"), POST=when(submits),
         **SUBMISSION),
    Page("evaluations:pd_recommendation_create", url=pk_url("pd_recommendation_create", "pd_submission"),
         POST=when(verifies), **SUBMISSION),
    Page("evaluations:pd_assessment", url=pk_url("pd_assessment", "pd_assessment"), GET=VISIBLE, **ASSESSMENT),
    Page("evaluations:pd_answer",
         url=lambda w, t: reverse("evaluations:pd_answer", args=[t.pd_assessment.pk, t.pd_answer.variable_id]),
         POST=when(answers_for), **ASSESSMENT),
    Page("evaluations:pd_verify", url=pk_url("pd_verify", "pd_answer"), data=verify_body, POST=when(verifies), **ANSWER),
    Page("evaluations:pd_answer_evidence", url=pk_url("pd_answer_evidence", "pd_answer"), GET=VISIBLE, **ANSWER),
    Page("evaluations:pd_instrument", url=pk_url("pd_instrument", "pd_instrument"), GET=VISIBLE, **INSTRUMENT),
    Page("evaluations:pd_instrument_export", url=pk_url("pd_instrument_export", "pd_instrument"), GET=VISIBLE,
         **INSTRUMENT),
    Page("evaluations:pd_instrument_import", url=pk_url("pd_instrument_import", "pd_instrument"),
         GET=roles("superuser"), POST=roles("superuser"), **INSTRUMENT),
    Api("/api/v1/pd-rounds/", GET=ANY_USER, list_model="evaluations.PdRound"),
    Api("/api/v1/pd-rounds/{id}/", url=lambda w, t: f"/api/v1/pd-rounds/{t.pd_round.pk}/", GET=VISIBLE, **ROUND),
    Api("/api/v1/pd-submissions/", GET=ANY_USER, list_model="evaluations.PdSubmission"),
    Api("/api/v1/pd-submissions/{id}/", url=lambda w, t: f"/api/v1/pd-submissions/{t.pd_submission.pk}/",
        GET=VISIBLE, **SUBMISSION),
    Api("/api/v1/pd-submissions/{id}/submit/", url=lambda w, t: f"/api/v1/pd-submissions/{t.pd_submission.pk}/submit/",
        POST=when(submits), **SUBMISSION),
    Api("/api/v1/pd-answers/", GET=ANY_USER, list_model="evaluations.PdAnswer"),
    Api("/api/v1/pd-answers/{id}/", url=lambda w, t: f"/api/v1/pd-answers/{t.pd_answer.pk}/", GET=VISIBLE, **ANSWER),
    Api("/api/v1/pd-answers/{id}/verify/", url=lambda w, t: f"/api/v1/pd-answers/{t.pd_answer.pk}/verify/",
        data=lambda w, t, m: {"decision": "accept"}, POST=when(verifies), **ANSWER),
]

PENDING = []


def plant_canaries(world, plant):
    """Answers' notes and the Biro's notes (their agency), recommendations (the regency/city's data
    and the agencies they name), a second agency's assessment in Palangka Raya's set (that
    agency only: the other regency's Bagian must not see it), and real recap PDFs rendered for
    each province's Biro (the stand-in files of build() carry no text)."""
    from datetime import date

    from evaluations.models import PdAssessment
    from evaluations.pd import recap as recaps

    from . import Organised

    c = world.cast
    for t in world.targets.values():
        opd, pemda = t.pd_assessment.opd, t.pd_submission.pemda
        PdAnswer.objects.filter(pk=t.pd_answer.pk).update(note=f"{plant(opd)} Penjelasan")
        second = t.pd_assessment.answers.exclude(pk=t.pd_answer.pk).order_by("pk").first()
        services.verify_answer(second, decision="adjust", level=2, note=f"{plant(opd)} Catatan verifikasi", by=c.superuser)
        services.add_recommendation(t.pd_submission, text=f"{plant(Organised(pemda), opd)} Rekomendasi", opds=[opd],
                                    due_date=date(2025, 6, 30), by=c.superuser)
    reg = world.targets["reg"]
    other = PdAssessment.objects.create(submission=reg.pd_submission, opd=c.pky_disdik)
    for variable in reg.pd_round.instrument.variables.all():
        PdAnswer.objects.create(assessment=other, variable=variable, level=4, verified_level=4,
                                status=PdAnswer.Status.ACCEPTED, note=f"{plant(c.pky_disdik)} Penjelasan")
    rendered = {}
    for t in world.targets.values():
        if t.pd_round.pk not in rendered:
            biro = c.biro if t.pd_round.pemda == c.kalteng else c.biro_other
            recap = PdRecap.objects.create(round=t.pd_round, language="id", requested_by=biro)
            recaps.generate(recap.pk)
            rendered[t.pd_round.pk] = recap
        t.pd_recap = rendered[t.pd_round.pk]
    return [reverse("evaluations:pd_assessment", args=[other.pk])]
