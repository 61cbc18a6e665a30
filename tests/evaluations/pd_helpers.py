"""Builders for the maturity-evaluation tests (evaluations.pd)."""

from agencies.models import Opd, Pemda
from evaluations.models import PdAnswer, PdAssessment, PdInstrument, PdRound, PdSubmission
from evaluations.pd import services

from ..cast import make_opd


def instrument():
    return PdInstrument.objects.for_year(2024)


def open_round(cast, *, year=2024, pemda=None):
    return services.open_round(pemda=pemda or cast.kalteng, year=year, by=cast.superuser)


def answer_all(assessment, levels, *, by):
    """Answer every variable; `levels` is one level for all or a list in variable order."""
    variables = list(assessment.submission.round.instrument.variables.order_by("order"))
    if isinstance(levels, int):
        levels = [levels] * len(variables)
    return [services.answer_variable(assessment, v, level=lv, by=by, evidence_link="https://example.org/b")
            for v, lv in zip(variables, levels)]


def verified_round(province, regencies, *, agencies=2, year=2024, level=3):
    """A round with `agencies` fully verified assessments in each regency, written directly (fast)."""
    round = PdRound.objects.create(pemda=province, year=year, instrument=instrument())
    variables = list(round.instrument.variables.order_by("order"))
    answers = []
    for pemda in regencies:
        submission = PdSubmission.objects.create(round=round, pemda=pemda, status=PdSubmission.Status.VERIFIED)
        for n in range(agencies):
            opd = Opd.objects.filter(pemda=pemda, code=f"PD{n}").first() or make_opd(pemda, f"PD{n}", f"Dinas {n} {pemda.name}")
            assessment = PdAssessment.objects.create(submission=submission, opd=opd)
            answers += [
                PdAnswer(assessment=assessment, variable=v, level=level, verified_level=level, status="accepted")
                for v in variables
            ]
    PdAnswer.objects.bulk_create(answers)
    return round


def regencies_of(province_code, count):
    return list(Pemda.objects.filter(province__code=province_code, level="regency").order_by("regency__code")[:count])
