"""Reading the maturity evaluation: results per agency, per regency/city and per province.

Every function takes the reading user and starts from `visible_to(user)`, so a Bagian sees its
own regency's figures and an OPD admin its own agency's, even in the province matrix. Each one
runs a fixed number of queries whatever the number of regencies, agencies or answers (the
recap page's query count is asserted at 10 and 20 regencies).

Figures use verified levels only (accepted or adjusted by the Biro); an agency with a variable
not yet verified has no score (see maturity.py).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum

from .maturity import Maturity, category_for, maturity_of, q2
from .models import LEVELS, PdAnswer, PdAssessment, PdRound, PdSubmission

WEAKEST_COUNT = 3


@dataclass(frozen=True)
class VariableRow:
    pk: int
    code: str
    name: str
    levels: tuple
    evidence: str
    is_provisional: bool


@dataclass(frozen=True)
class AgencyResult:
    assessment_id: int
    opd_id: int
    code: str
    name: str
    short_name: str
    levels: dict  # variable code -> verified level (None when not verified)
    claimed: dict  # variable code -> level the agency claimed
    maturity: Maturity

    @property
    def label(self):
        return self.short_name or self.name


@dataclass(frozen=True)
class PemdaResult:
    submission_id: int
    pemda_id: int
    code: str
    name: str  # the Pemda's name ("Pemerintah Kota Bengkulu")
    short_name: str  # the regency/city's ("Kota Bengkulu"), for tables and charts
    status: str
    status_label: str
    agencies: list
    mean_score: Decimal | None  # mean of the complete agencies' scores, named as a mean
    category: str
    distribution: dict  # level -> number of verified answers
    variable_means: dict  # variable code -> mean verified level (None if none)
    weakest: list  # [(VariableRow, mean)], lowest first

    @property
    def distribution_total(self):
        return sum(self.distribution.values())


@dataclass(frozen=True)
class RoundResults:
    round: PdRound
    variables: list
    pemdas: list
    distribution: dict = field(default_factory=dict)

    @property
    def variable_count(self):
        return len(self.variables)


def _variables(instrument):
    return [
        VariableRow(v.pk, v.code, v.name, tuple(v.descriptors), v.evidence, v.is_provisional)
        for v in instrument.variables.order_by("order", "code")
    ]


def _mean(values):
    values = [v for v in values if v is not None]
    return q2(Decimal(sum(values)) / len(values)) if values else None


def round_results(round, user):
    """The round's results as the user may see them. Queries: variables, sets, assessments, answers."""
    variables = _variables(round.instrument)
    by_pk = {v.pk: v for v in variables}
    expected = len(variables)
    submissions = list(
        PdSubmission.objects.visible_to(user).filter(round=round).select_related("pemda__regency")
        .order_by("pemda__regency__code")
    )
    assessments = list(
        PdAssessment.objects.visible_to(user).filter(submission__round=round)
        .select_related("opd").order_by("opd__code")
    )
    verified, claimed = defaultdict(dict), defaultdict(dict)
    answers = (
        PdAnswer.objects.visible_to(user).filter(assessment__submission__round=round)
        .values_list("assessment_id", "variable_id", "level", "verified_level", "status")
    )
    for assessment_id, variable_id, level, verified_level, status in answers:
        code = by_pk[variable_id].code
        claimed[assessment_id][code] = level
        if status in PdAnswer.VERIFIED:
            verified[assessment_id][code] = verified_level

    agencies_of = defaultdict(list)
    for a in assessments:
        levels = {v.code: verified[a.pk].get(v.code) for v in variables}
        agencies_of[a.submission_id].append(AgencyResult(
            a.pk, a.opd_id, a.opd.code, a.opd.name, a.opd.short_name, levels, dict(claimed[a.pk]),
            maturity_of(levels.values(), expected),
        ))

    province_distribution = {n: 0 for n in LEVELS}
    pemdas = []
    for s in submissions:
        agencies = agencies_of[s.pk]
        distribution = {n: 0 for n in LEVELS}
        for agency in agencies:
            for level in agency.levels.values():
                if level is not None:
                    distribution[level] += 1
                    province_distribution[level] += 1
        means = {v.code: _mean([a.levels[v.code] for a in agencies]) for v in variables}
        ranked = sorted((v for v in variables if means[v.code] is not None), key=lambda v: (means[v.code], v.code.zfill(4)))
        scores = [a.maturity.score for a in agencies if a.maturity.score is not None]
        mean_score = _mean(scores)
        pemdas.append(PemdaResult(
            s.pk, s.pemda_id, s.pemda.code, s.pemda.name, s.pemda.regency.name, s.status, s.get_status_display(), agencies,
            mean_score, category_for(mean_score, expected) if mean_score is not None else "",
            distribution, means, [(v, means[v.code]) for v in ranked[:WEAKEST_COUNT]],
        ))
    return RoundResults(round, variables, pemdas, province_distribution)


def trend(round, user):
    """Mean agency score per regency/city and year over the province's rounds up to this one.

    Returns (years, rows) with rows [(pemda name, {year: mean score or None})]. Three queries.
    """
    rounds = list(
        PdRound.objects.visible_to(user).filter(pemda=round.pemda, year__lte=round.year)
        .annotate(variable_count=Count("instrument__variables", distinct=True)).order_by("year")
    )
    expected = {r.pk: r.variable_count for r in rounds}
    year_of = {r.pk: r.year for r in rounds}
    totals = (
        PdAnswer.objects.visible_to(user).verified().filter(assessment__submission__round__in=rounds)
        .values("assessment_id", "assessment__submission__round_id", "assessment__submission__pemda_id")
        .annotate(total=Sum("verified_level"), n=Count("pk"))
    )
    scores = defaultdict(list)
    for row in totals:
        round_id = row["assessment__submission__round_id"]
        if row["n"] == expected[round_id]:
            scores[(row["assessment__submission__pemda_id"], year_of[round_id])].append(row["total"])
    names = dict(
        PdSubmission.objects.visible_to(user).filter(round__in=rounds)
        .order_by().values_list("pemda_id", "pemda__regency__name").distinct()
    )
    years = [r.year for r in rounds]
    rows = [
        (name, {year: _mean(scores.get((pemda_id, year), [])) for year in years})
        for pemda_id, name in sorted(names.items(), key=lambda item: item[1])
    ]
    return years, rows
