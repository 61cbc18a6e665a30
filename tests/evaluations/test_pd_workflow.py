"""The maturity evaluation's workflow: answer, submit, verify (accept / adjust / return), logged."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluations.models import PdAnswer, PdStep, PdSubmission
from evaluations.pd import services

from .pd_helpers import answer_all, open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(cast):
    round = open_round(cast)
    return services.add_assessment(round, cast.pky_dinkes, by=cast.bagian)


def test_the_shipped_instrument_has_eleven_variables_with_five_levels_and_a_source():
    from evaluations.models import PdInstrument

    instrument = PdInstrument.objects.for_year(2024)
    variables = list(instrument.variables.all())
    assert len(variables) == 11
    assert [v.name for v in variables][:2] == ["Perencanaan Pembangunan Daerah", "Monitoring dan Pengendalian Pelaksanaan Tugas"]
    assert all(len([d for d in v.descriptors if d.strip()]) == 5 for v in variables)
    assert instrument.is_provisional and "Permendagri 99/2018" in instrument.source
    assert all(v.is_provisional and v.source for v in variables)


def test_only_the_province_biro_opens_a_round(cast):
    with pytest.raises(PermissionDenied):
        services.open_round(pemda=cast.kalteng, year=2024, by=cast.biro_other)
    with pytest.raises(PermissionDenied):
        services.open_round(pemda=cast.kalteng, year=2024, by=cast.bagian)
    round = services.open_round(pemda=cast.kalteng, year=2024, by=cast.biro)
    assert round.instrument.variables.count() == 11
    with pytest.raises(ValidationError):
        services.open_round(pemda=cast.kalteng, year=2024, by=cast.biro)


def test_a_round_without_an_instrument_for_the_year_is_refused(cast):
    with pytest.raises(ValidationError) as exc:
        services.open_round(pemda=cast.kalteng, year=2015, by=cast.biro)
    assert "2015" in str(exc.value)


def test_the_bagian_answers_submits_and_the_biro_returns_one_answer(cast, assessment):
    answers = answer_all(assessment, [3, 2, 4, 3, 2, 3, 3, 1, 2, 3, 4], by=cast.bagian)
    submission = assessment.submission
    services.submit_set(submission, by=cast.bagian)
    submission.refresh_from_db()
    assert submission.status == PdSubmission.Status.SUBMITTED and submission.submitted_by == cast.bagian

    services.verify_answer(answers[0], decision="return", note="Lampirkan SK penetapan", by=cast.biro)
    services.verify_answer(answers[1], decision="adjust", level=1, note="Bukti hanya tingkat I", by=cast.biro)
    services.verify_answer(answers[2], decision="accept", by=cast.biro)
    answers = {a.pk: a for a in PdAnswer.objects.filter(assessment=assessment)}
    first, second, third = (answers[a.pk] for a in PdAnswer.objects.filter(assessment=assessment).order_by("variable__order")[:3])
    assert (first.status, first.verified_level, first.review_note) == ("returned", None, "Lampirkan SK penetapan")
    assert (second.status, second.verified_level) == ("adjusted", 1)
    assert (third.status, third.verified_level) == ("accepted", 4)
    actions = list(PdStep.objects.filter(submission=submission).values_list("action", flat=True))
    assert actions.count("answered") == 11
    assert actions[11:] == ["submitted", "returned", "adjusted", "accepted"]


def test_a_returned_answer_is_answered_again_and_the_set_is_verified_when_all_are(cast, assessment):
    answers = answer_all(assessment, 3, by=cast.bagian)
    services.submit_set(assessment.submission, by=cast.bagian)
    services.verify_answer(answers[0], decision="return", note="Kurang bukti", by=cast.biro)
    with pytest.raises(ValidationError):  # not returned: locked once submitted
        services.answer_variable(assessment, answers[1].variable, level=5, by=cast.bagian)
    with pytest.raises(ValidationError):  # a re-answer must say what changed
        services.answer_variable(assessment, answers[0].variable, level=2, by=cast.bagian)
    services.answer_variable(assessment, answers[0].variable, level=2, note="SK terlampir", by=cast.bagian)
    for answer in PdAnswer.objects.filter(assessment=assessment):
        services.verify_answer(answer, decision="accept", by=cast.biro)
    assessment.submission.refresh_from_db()
    assert assessment.submission.status == PdSubmission.Status.VERIFIED
    assert PdStep.objects.filter(submission=assessment.submission, action="verified").count() == 1


def test_an_incomplete_set_is_not_submitted_and_names_the_agency(cast, assessment):
    answer_all(assessment, 3, by=cast.bagian)
    services.add_assessment(assessment.submission.round, cast.pky_disdik, by=cast.bagian)
    with pytest.raises(ValidationError) as exc:
        services.submit_set(assessment.submission, by=cast.bagian)
    assert "Dinas Pendidikan Kota Palangka Raya" in str(exc.value)
    assert PdSubmission.objects.get(pk=assessment.submission_id).status == "draft"


def test_who_may_do_what(cast, assessment):
    variable = assessment.submission.round.instrument.variables.first()
    for outsider in (cast.bagian_other, cast.opd_admin, cast.biro_other, cast.inspector):
        with pytest.raises(PermissionDenied):
            services.answer_variable(assessment, variable, level=3, by=outsider)
    answers = answer_all(assessment, 3, by=cast.biro)  # the Biro may answer for the agency
    with pytest.raises(PermissionDenied):  # only the regency's Bagian submits
        services.submit_set(assessment.submission, by=cast.biro)
    services.submit_set(assessment.submission, by=cast.bagian)
    for not_biro in (cast.bagian, cast.biro_other, cast.inspector):
        with pytest.raises(PermissionDenied):
            services.verify_answer(answers[0], decision="accept", by=not_biro)


def test_bad_verification_input_writes_nothing(cast, assessment):
    answers = answer_all(assessment, 3, by=cast.bagian)
    with pytest.raises(ValidationError):  # not submitted yet
        services.verify_answer(answers[0], decision="accept", by=cast.biro)
    services.submit_set(assessment.submission, by=cast.bagian)
    for kwargs in ({"decision": "adjust", "level": 3, "note": "x"}, {"decision": "adjust", "level": 2},
                   {"decision": "adjust", "level": 9, "note": "x"}, {"decision": "return"}, {"decision": "drop"}):
        with pytest.raises(ValidationError):
            services.verify_answer(answers[0], by=cast.biro, **kwargs)
    assert PdAnswer.objects.get(pk=answers[0].pk).status == "pending"
    assert not PdStep.objects.filter(action__in=("adjusted", "returned", "accepted")).exists()


def test_a_level_outside_one_to_five_is_refused(cast, assessment):
    variable = assessment.submission.round.instrument.variables.first()
    for level in (0, 6, "x", None):
        with pytest.raises(ValidationError):
            services.answer_variable(assessment, variable, level=level, by=cast.bagian)
    assert not PdAnswer.objects.exists()


def test_an_agency_of_another_province_cannot_be_assessed(cast):
    round = open_round(cast)
    with pytest.raises(ValidationError):
        services.add_assessment(round, cast.smd_dinkes, by=cast.superuser)
    with pytest.raises(ValidationError):  # a provincial agency is not a regency's
        services.add_assessment(round, cast.dinkes, by=cast.superuser)


def test_answers_are_audited(cast, assessment):
    answer = answer_all(assessment, 3, by=cast.bagian)[0]
    assert answer.history.count() == 1


def test_a_recommendation_follows_the_lhe_follow_up_flow_closed_by_the_biro(cast, assessment, client):
    import datetime

    from evaluations import services as evaluation_services
    from evaluations.models import Recommendation

    from ..cast import make_opd

    bagian_org = make_opd(cast.palangkaraya, "BAG-ORG", "Bagian Organisasi Setda Kota Palangka Raya", "bagian_organisasi")
    rec = services.add_recommendation(assessment.submission, text="Susun rencana peningkatan kematangan",
                                      opds=[bagian_org], due_date=datetime.date(2099, 3, 31), by=cast.biro)
    assert rec.code == "PD.1" and rec.pemda == cast.palangkaraya
    with pytest.raises(PermissionDenied):  # the Bagian does not recommend to itself
        services.add_recommendation(assessment.submission, text="x", opds=[bagian_org], due_date=datetime.date(2099, 3, 31),
                                    by=cast.bagian)
    with pytest.raises(ValidationError):  # only the regency's agencies
        services.add_recommendation(assessment.submission, text="x", opds=[cast.kobar_dinkes],
                                    due_date=datetime.date(2099, 3, 31), by=cast.biro)
    evaluation_services.submit_follow_up(rec, narrative="Rencana ditetapkan", evidence_link="https://example.org/sk",
                                         by=cast.bagian)
    with pytest.raises(PermissionDenied):  # an LHE reviewer (inspector) does not close it
        evaluation_services.close_recommendation(rec, by=cast.inspector)
    evaluation_services.close_recommendation(rec, by=cast.biro, comment="Lengkap")
    assert Recommendation.objects.get(pk=rec.pk).status == "selesai"
    assert list(Recommendation.objects.visible_to(cast.bagian)) == [rec]
    assert not Recommendation.objects.visible_to(cast.bagian_other).exists()
    client.force_login(cast.bagian)
    page = client.get(rec.get_absolute_url()).content.decode()
    assert "Susun rencana peningkatan kematangan" in page and assessment.submission.get_absolute_url() in page
