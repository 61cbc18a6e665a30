"""Results of the maturity evaluation: per agency, per regency/city, the province matrix, trend."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import Membership, Pemda
from evaluations.models import PdAnswer
from evaluations.pd import services
from evaluations.pd.maturity import category_for, maturity_of
from evaluations.pd.selectors import round_results, trend

from ..cast import make_user
from .pd_helpers import answer_all, open_round, regencies_of, verified_round

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("score, category", [
    (11, "Sangat Rendah"), (19, "Sangat Rendah"), (Decimal("19.1"), "Rendah"), (28, "Rendah"),
    (29, "Sedang"), (37, "Sedang"), (38, "Tinggi"), (46, "Tinggi"), (47, "Sangat Tinggi"), (55, "Sangat Tinggi"),
])
def test_the_bands_include_their_upper_bound(score, category):
    assert category_for(score) == category


def test_maturity_is_the_sum_its_level_the_lowest_variable_and_none_while_incomplete():
    m = maturity_of([3, 2, 4, 3, 2, 3, 3, 1, 2, 3, 4], 11)
    assert (m.score, m.category, m.level, m.mean_level) == (30, "Sedang", 1, Decimal("2.73"))
    partial = maturity_of([5, 5, 5], 11)
    assert (partial.score, partial.category, partial.level, partial.verified) == (None, "", None, 3)


def _verify_all(answers, biro, adjust=None):
    for answer in answers:
        if adjust and answer.variable.code in adjust:
            services.verify_answer(answer, decision="adjust", level=adjust[answer.variable.code], note="Bukti kurang", by=biro)
        else:
            services.verify_answer(answer, decision="accept", by=biro)


def test_results_use_verified_levels_and_name_the_weakest_variables(cast):
    round = open_round(cast)
    dinkes = services.add_assessment(round, cast.pky_dinkes, by=cast.bagian)
    disdik = services.add_assessment(round, cast.pky_disdik, by=cast.bagian)
    a = answer_all(dinkes, [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3], by=cast.bagian)
    b = answer_all(disdik, [4, 4, 4, 4, 4, 4, 4, 4, 4, 2, 4], by=cast.bagian)
    services.submit_set(dinkes.submission, by=cast.bagian)
    _verify_all(a, cast.biro, adjust={"7": 1})
    _verify_all(b, cast.biro)

    results = round_results(round, cast.biro)
    [pky] = results.pemdas
    by_code = {agency.code: agency for agency in pky.agencies}
    assert by_code["DINKES"].maturity.score == 31 and by_code["DINKES"].levels["7"] == 1
    assert by_code["DINKES"].claimed["7"] == 3
    assert by_code["DISDIK"].maturity.score == 42 and by_code["DISDIK"].maturity.category == "Tinggi"
    assert pky.mean_score == Decimal("36.50") and pky.category == "Sedang"
    assert [v.code for v, _ in pky.weakest] == ["7", "10", "1"]
    assert pky.variable_means["7"] == Decimal("2.50")
    assert pky.distribution == {1: 1, 2: 1, 3: 10, 4: 10, 5: 0}


def test_unverified_answers_do_not_count(cast):
    round = open_round(cast)
    assessment = services.add_assessment(round, cast.pky_dinkes, by=cast.bagian)
    answer_all(assessment, 5, by=cast.bagian)
    [pky] = round_results(round, cast.biro).pemdas
    assert pky.mean_score is None and pky.distribution_total == 0
    assert pky.agencies[0].maturity.score is None and pky.agencies[0].claimed["1"] == 5


def test_each_role_sees_its_own_part_of_the_matrix(cast):
    round = verified_round(cast.kalteng, [cast.palangkaraya, cast.kobar])
    assert [p.code for p in round_results(round, cast.biro).pemdas] == ["62.01", "62.71"]
    assert [p.code for p in round_results(round, cast.bagian).pemdas] == ["62.71"]
    assert round_results(round, cast.biro_other).pemdas == []
    admin = make_user("admin_pky", Membership.Role.OPD_ADMIN, opd=round.submissions.get(pemda=cast.palangkaraya).assessments.first().opd)
    [own] = round_results(round, admin).pemdas
    assert len(own.agencies) == 1


def test_the_trend_follows_each_regency_over_the_years(cast):
    verified_round(cast.kalteng, [cast.palangkaraya], year=2023, level=2)
    round = verified_round(cast.kalteng, [cast.palangkaraya, cast.kobar], year=2024, level=3)
    years, rows = trend(round, cast.biro)
    assert years == [2023, 2024]
    assert dict(rows)[cast.palangkaraya.regency.name] == {2023: Decimal("22.00"), 2024: Decimal("33.00")}
    assert dict(rows)[cast.kobar.regency.name] == {2023: None, 2024: Decimal("33.00")}


def _recap_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_the_recap_page_has_a_fixed_query_count_at_10_and_20_regencies(client):
    jateng = Pemda.objects.get(level="province", province__code="33")
    biro = make_user("biro_jateng", Membership.Role.BIRO, pemda=jateng)
    client.force_login(biro)
    small = verified_round(jateng, regencies_of("33", 10), year=2023)
    big = verified_round(jateng, regencies_of("33", 20), year=2024)
    for round in (small, big):
        for submission in round.submissions.all():
            services.add_recommendation(submission, text="Perbaiki SOP", opds=[submission.assessments.first().opd],
                                        due_date="2025-06-30", by=biro)
    client.get(reverse("evaluations:pd_recap", args=[small.pk]))  # warm caches
    # session, user (+ membership, pemda, province), round (+pemda, province, instrument);
    # results: variables, sets (+pemda, regency), assessments (+opd), answers;
    # trend: rounds (+variable count), verified totals, regency names;
    # recommendations (+set, pemda, province), their OPDs (prefetch); meetings (none linked,
    # so no prefetch of their recommendations); recap jobs; agencies the user may start.
    n_small, response = _recap_queries(client, reverse("evaluations:pd_recap", args=[small.pk]))
    assert response.content.decode().count('data-testid="pd-matrix-row"') == 10
    n_big, response = _recap_queries(client, reverse("evaluations:pd_recap", args=[big.pk]))
    assert response.content.decode().count('data-testid="pd-matrix-row"') == 20
    assert n_small == n_big == 15


def test_the_api_matrix_has_a_fixed_query_count_at_10_and_20_regencies(client):
    jateng = Pemda.objects.get(level="province", province__code="33")
    client.force_login(make_user("biro_jateng", Membership.Role.BIRO, pemda=jateng))
    small = verified_round(jateng, regencies_of("33", 10), year=2023)
    big = verified_round(jateng, regencies_of("33", 20), year=2024)
    client.get(f"/api/v1/pd-rounds/{small.pk}/")  # warm caches
    counts = []
    for round, regencies in ((small, 10), (big, 20)):
        with CaptureQueriesContext(connection) as ctx:
            data = client.get(f"/api/v1/pd-rounds/{round.pk}/").json()
        assert len(data["results"]["pemdas"]) == regencies
        assert all(p["mean_score"] == "33.00" for p in data["results"]["pemdas"])  # 11 variables at level 3
        counts.append(len(ctx.captured_queries))
    # session, user (+ membership, pemda, province), round (+pemda, province, instrument);
    # results: variables, sets (+pemda, regency), assessments (+opd), answers: 7
    assert counts == [7, 7]
