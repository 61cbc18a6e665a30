"""The pages of a maturity evaluation (Permendagri 99/2018) cost the same with few and many agencies,
answers, steps, recommendations, recaps, rounds and variables (no N+1)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from evaluations.models import PdRecap, PdRound, PdVariable
from evaluations.pd import services

from ..cast import make_cast, make_opd
from ..module_data import kept_for_the_module
from ..query_counts import assert_flat, measure_at_two_sizes
from .pd_helpers import answer_all, instrument, open_round

pytestmark = pytest.mark.django_db

# Every page starts with: session, user (+ membership: the scope).
PAGES = {  # (page, who looks): queries
    # + rounds (pemda, instrument joined)
    ("evaluations:pd_rounds", "biro"): 3,
    ("evaluations:pd_rounds", "observer"): 3,
    # + the round (pemda, province, instrument joined); the recap's figures: variables, sets,
    #   assessments, answers, variable and answer counts, sets again for the table, the
    #   recommendations (+ their OPDs), the rakor that discussed the round; the latest recaps,
    #   the agencies the Biro may start an assessment for
    ("evaluations:pd_recap", "biro"): 15,
    # + the recap (round, pemda joined; the round's visibility is a join)
    ("evaluations:pd_recap_status", "biro"): 3,
    # + the set (round, instrument, pemdas joined), assessments (+ OPD), answer counts, steps
    #   (+ actor, answer, variable, OPD), variable count, recommendations, their OPDs, and for the
    #   Biro, who verifies, the recommendation form's OPD choices
    ("evaluations:pd_submission", "biro"): 10,
    ("evaluations:pd_submission", "bagian"): 9,
    # + the assessment (OPD, pemda, province, set, round, instrument joined), its answers
    #   (+ who answered and reviewed), the instrument's variables
    ("evaluations:pd_assessment", "bagian"): 5,
    ("evaluations:pd_assessment", "biro"): 5,
    # + the instrument, its variables (on the page and in the workbook)
    ("evaluations:pd_instrument", "biro"): 4,
    ("evaluations:pd_instrument_export", "biro"): 4,
    # session, user (a superuser has no membership), the instrument: the import form asks nothing more
    ("evaluations:pd_instrument_import", "superuser"): 3,
}


def grow(cast, round, n, start):
    """n more of each: answered assessments of Palangka Raya's agencies and of Kotawaringin Barat's,
    recommendations to the first set, recaps, rounds of Kalimantan Timur, instrument variables."""
    for i in range(start, start + n):
        for pemda, by in ((cast.palangkaraya, cast.bagian), (cast.kobar, cast.bagian_other)):
            opd = make_opd(pemda, f"PD-{i}", f"Dinas PD {i}")
            answer_all(services.add_assessment(round, opd, by=by), 3, by=by)
        submission = round.submissions.get(pemda=cast.palangkaraya)
        services.add_recommendation(submission, text=f"Rekomendasi {i}", opds=[cast.pky_dinkes],
                                    due_date=datetime.date(2025, 6, 30), by=cast.biro)
        PdRecap.objects.create(round=round, requested_by=cast.biro)
        PdRound.objects.create(pemda=cast.kaltim, year=2000 + i, instrument=instrument())
        PdVariable.objects.create(instrument=round.instrument, code=f"X{i}", order=100 + i, name=f"Variabel {i}",
                                  level_1="I", level_2="II", level_3="III", level_4="IV", level_5="V")


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    """{(page, who): [(response, queries) with 2 agencies of each, (response, queries) with 5 more]}."""
    with kept_for_the_module(django_db_blocker):
        cast = make_cast()
        round = open_round(cast)
        grow(cast, round, 2, 0)
        submission = round.submissions.get(pemda=cast.palangkaraya)
        assessment = submission.assessments.order_by("pk").first()
        args = {
            "evaluations:pd_rounds": [],
            "evaluations:pd_recap": [round.pk],
            "evaluations:pd_recap_status": [round.recaps.order_by("pk").first().pk],
            "evaluations:pd_submission": [submission.pk],
            "evaluations:pd_assessment": [assessment.pk],
            "evaluations:pd_instrument": [round.instrument_id],
            "evaluations:pd_instrument_export": [round.instrument_id],
            "evaluations:pd_instrument_import": [round.instrument_id],
        }
        pages = {}
        for page, role in PAGES:
            client = Client()
            client.force_login(getattr(cast, role))
            pages[page, role] = (client, reverse(page, args=args[page]))
        yield measure_at_two_sizes(pages, lambda: grow(cast, round, 5, 2))


@pytest.mark.parametrize("page, role", PAGES)
def test_query_count_is_flat(measured, page, role):
    assert_flat(measured[page, role], PAGES[page, role], f"{page} as {role}")
