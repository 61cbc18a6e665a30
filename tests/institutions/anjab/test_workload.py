"""The figures of a hand-computed agency (effective time 75,000 minutes a year).

Position A (in post 2): 20/day × 15 = 5,000 × 15 = 75,000; 10/week × 60 = 500 × 60 = 30,000;
  4/month × 240 = 48 × 240 = 11,520; 12/year × 300 = 3,600. Σ 120,120 → 1.6016 → 2 needed,
  gap 0, EJ 120,120 / 150,000 = 0.8008 → 0.80 → C.
Position B (in post 1): 3/week × 120 = 18,000; 2/month × 90 = 2,160. Σ 20,160 → 0.2688 → 0,
  gap −1, EJ 0.27 → E.
Position C (in post 0): 1/day × 337.5 = 84,375 → 1.125 → 1, gap +1, no EJ.
Position D (in post 1): 2/day × 150 = 75,000; 1/year × 3,750. Σ 78,750 → 1.05 → 1, gap 0,
  EJ 1.05 → A.
Agency: Σ 303,405 minutes, needed 2+0+1+1 = 4 (exact 4.0454), in post 4, gap 0,
  EJ 303,405 / 300,000 = 1.01135 → 1.01 → A.
"""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.test import override_settings

from institutions.anjab import rules, selectors
from institutions.anjab.workload import figures

from .helpers import make_hand_agency

EXPECTED = {
    "A": (Decimal("120120"), Decimal("1.60"), 2, 0, Decimal("0.80"), "C"),
    "B": (Decimal("20160"), Decimal("0.27"), 0, -1, Decimal("0.27"), "E"),
    "C": (Decimal("84375"), Decimal("1.13"), 1, 1, None, ""),
    "D": (Decimal("78750"), Decimal("1.05"), 1, 0, Decimal("1.05"), "A"),
}


def two(value):
    return None if value is None else Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@pytest.mark.django_db
def test_it_matches_the_hand_computed_agency(cast):
    abk = make_hand_agency(cast.kominfo)
    rows, totals = selectors.abk_summary(abk)
    got = {
        r.position.code: (r.figures.workload_minutes, two(r.figures.needed_exact), r.figures.needed, r.figures.gap,
                          r.figures.ej, r.figures.grade)
        for r in rows
    }
    assert got == EXPECTED
    assert (totals.workload_minutes, two(totals.needed_exact), totals.needed, totals.in_post, totals.gap) == (
        Decimal("303405"), Decimal("4.05"), 4, 4, 0)
    assert (totals.ej, totals.grade) == (Decimal("1.01"), "A")


@pytest.mark.django_db
def test_the_database_sum_equals_the_python_sum(cast):
    abk = make_hand_agency(cast.kominfo)
    for row in selectors.position_rows(abk, with_tasks=True):
        assert row.figures.workload_minutes == sum(t.workload_minutes for t in row.tasks)


@pytest.mark.django_db
@override_settings(ABK_EFFECTIVE_HOURS=1200)
def test_the_effective_time_is_a_setting(cast):
    abk = make_hand_agency(cast.kominfo)
    rows = {r.position.code: r.figures for r in selectors.position_rows(abk)}
    assert rules.effective_minutes() == 72000
    assert two(rows["A"].needed_exact) == Decimal("1.67")  # 120,120 / 72,000


@pytest.mark.parametrize(
    "workload, in_post, needed, ej, grade",
    [
        (37500, 1, 1, "0.50", "D"),  # exactly half a person rounds up
        (37499, 1, 0, "0.50", "D"),  # 0.49998… rounds down; EJ 0.49998 rounds to 0.50
        (36749, 1, 0, "0.49", "E"),
        (52500, 1, 1, "0.70", "C"),
        (67499, 1, 1, "0.90", "B"),  # 0.899986 → 0.90: grade on the two-decimal figure
        (75000, 1, 1, "1.00", "B"),
        (75750, 1, 1, "1.01", "A"),
        (0, 0, 0, None, ""),
    ],
)
def test_the_rounding_and_grade_bands(workload, in_post, needed, ej, grade):
    f = figures(workload, in_post, effective=75000)
    assert (f.needed, f.ej, f.grade) == (needed, None if ej is None else Decimal(ej), grade)
    assert f.gap == needed - in_post


def test_the_period_factors_are_the_regulations():
    assert rules.PERIOD_FACTORS == {"day": 250, "week": 50, "month": 12, "year": 1}
    assert rules.effective_minutes() == 75000


def test_every_abk_number_names_its_source_and_stays_provisional():
    # Nothing of PermenPANRB 1/2020's Lampiran was found to check against: each fact says so.
    assert set(rules.FACTS) == {"effective_time", "period_factors", "rounding", "grades"}
    assert all(f.provisional and "naskah belum ditemukan" in f.source for f in rules.FACTS.values())
    assert "75.000 menit" in rules.FACTS["effective_time"].value
