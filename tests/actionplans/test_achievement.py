"""Achievement, the "tercapai" rule and roll-ups on a hand-computed example in both target modes."""

import pytest

from actionplans.achievement import (
    annotate_achievement,
    counted_realisations,
    plan_achievement,
    rollup,
    target_widget,
)
from actionplans.models import ActionPlan, ProvinceTarget

from .factories import make_plan, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def example(cast):
    # Dinkes: A (cumulative, weight 2) and B (per-quarter, weight 1)
    a = make_plan(cast.dinkes, "A", targets=(25, 50, 75, 100), weight=2)
    make_report(a, 1, 20, "verified")
    make_report(a, 2, 50, "verified")
    make_report(a, 3, 70, "submitted")  # 70 / 75 = 93.33 % -> not achieved
    b = make_plan(cast.dinkes, "B", targets=(10, 10, 10, 10), mode="per_quarter", theme_code="B1")
    make_report(b, 1, 12, "verified")  # capped at 10
    make_report(b, 2, 8, "verified")
    make_report(b, 3, 10, "draft")  # a draft does not count: (10 + 8 + 0) / 30 = 60 %
    # Kominfo: C (cumulative with nothing due before TW III) and D (per-quarter), both achieved
    c = make_plan(cast.kominfo, "C", targets=(0, 0, 100, 100), theme_code="B1")
    make_report(c, 3, 100, "verified")
    d = make_plan(cast.kominfo, "D", targets=(5, 5, 5, 5), mode="per_quarter", theme_code="B1")
    for q in (1, 2, 3):
        make_report(d, q, 5, "submitted")
    # returned report in another province must not leak into Kalteng's figures
    e = make_plan(cast.kaltim_dinkes, "E", targets=(1, 1, 1, 1))
    make_report(e, 3, 0, "returned")
    return {"A": a, "B": b, "C": c, "D": d, "E": e}


EXPECTED_TW3 = {"A": 70 / 75 * 100, "B": 60.0, "C": 100.0, "D": 100.0}


def test_python_rule_matches_hand_computed_figures(example):
    for code, expected in EXPECTED_TW3.items():
        plan = example[code]
        got = plan_achievement(plan, counted_realisations(plan.reports.all()), 3)
        assert got == pytest.approx(expected), code


def test_cumulative_uses_latest_realisation_and_per_quarter_caps_each_quarter(example):
    a, b = example["A"], example["B"]
    assert plan_achievement(a, counted_realisations(a.reports.all()), 2) == pytest.approx(100.0)
    assert plan_achievement(a, counted_realisations(a.reports.all()), 1) == pytest.approx(80.0)
    # B by TW I: 12 against 10 is capped at 100 %; by TW II: (10 + 8) / 20 = 90 %
    assert plan_achievement(b, counted_realisations(b.reports.all()), 1) == pytest.approx(100.0)
    assert plan_achievement(b, counted_realisations(b.reports.all()), 2) == pytest.approx(90.0)
    # cumulative: a missing TW IV report keeps the latest (TW III) realisation: 70 / 100
    assert plan_achievement(a, counted_realisations(a.reports.all()), 4) == pytest.approx(70.0)


def test_sql_annotation_agrees_with_python_rule(example):
    rows = {p.code: p for p in annotate_achievement(ActionPlan.objects.filter(code__in="ABCD"), 3)}
    for code, expected in EXPECTED_TW3.items():
        assert rows[code].achievement == pytest.approx(expected), code
        assert rows[code].achieved == (1 if expected >= 100 else 0)
    for quarter in (1, 2, 4):
        for plan in annotate_achievement(ActionPlan.objects.all(), quarter):
            expected = plan_achievement(plan, counted_realisations(plan.reports.all()), quarter)
            assert plan.achievement == pytest.approx(expected), (plan.code, quarter)


def test_rollups_are_weighted_averages(example, cast):
    kalteng = ActionPlan.objects.filter(opd__pemda=cast.kalteng)
    by_opd = {row["opd"]: row for row in rollup(kalteng, 3, ["opd"])}
    # Dinkes: (93.33 * 2 + 60 * 1) / 3 = 82.22
    assert by_opd[cast.dinkes.pk]["achievement"] == pytest.approx((70 / 75 * 100 * 2 + 60) / 3)
    assert by_opd[cast.dinkes.pk]["achieved"] == 0
    assert by_opd[cast.kominfo.pk]["achievement"] == pytest.approx(100.0)
    by_theme = {row["theme__code"]: row for row in rollup(kalteng, 3, ["theme__code"])}
    assert by_theme["G1"]["achievement"] == pytest.approx(70 / 75 * 100)
    assert by_theme["B1"]["achievement"] == pytest.approx((60 + 100 + 100) / 3)
    total = rollup(kalteng, 3, [])[0]
    assert total["achievement"] == pytest.approx((70 / 75 * 100 * 2 + 60 + 100 + 100) / 5)
    assert total["plans"] == 4 and total["achieved"] == 2


def test_province_target_widget_figure(example, cast):
    ProvinceTarget.objects.create(province=cast.kalteng.province, year=2025, quarter=3, min_percent=75)
    widget = target_widget(ActionPlan.objects.filter(opd__pemda__province=cast.kalteng.province), cast.kalteng.province_id, 2025)
    assert widget["quarter"] == 3
    assert widget["actual"] == pytest.approx(50.0)  # C and D of four plans
    assert widget["target"] == 75.0
    assert widget["met"] is False
    # B's TW III draft, once submitted, reaches 28/30 -> still not achieved; A at 75 makes it 3 of 4
    a = example["A"]
    a.reports.filter(quarter=3).update(realisation=75)
    widget = target_widget(ActionPlan.objects.filter(opd__pemda__province=cast.kalteng.province), cast.kalteng.province_id, 2025)
    assert widget["actual"] == pytest.approx(75.0) and widget["met"] is True


def test_default_target_is_75_percent_by_tw_iii(example, cast):
    widget = target_widget(ActionPlan.objects.filter(opd__pemda=cast.kalteng), cast.kalteng.province_id, 2025)
    assert (widget["quarter"], widget["target"]) == (3, 75.0)
