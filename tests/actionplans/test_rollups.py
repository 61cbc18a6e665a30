"""The stored roll-ups (actionplans.rollups) equal the live computation after every kind of write.

Each test makes one kind of write on the same data, then checks that `rebuild_rollups --check`
finds no difference and that every figure a page reads from the stored rows (totals and groups by
OPD, theme and Pemda, for each triwulan and both target bases, in each role's scope) equals the
figure computed live from the plans and reports.
"""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionplans import rollups, services
from actionplans.achievement import rollup, target_widget
from actionplans.blank import build_blank
from actionplans.models import AchievementRollup, ActionPlan, ProgressReport, ReportingWindow, WindowReopening
from actionplans.windows import reopen_window
from agencies.models import Opd

from .blank_helpers import ROW, as_upload, fill
from .factories import make_kegiatan_utama, make_plan, make_report

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # slow: first in the run (tests/conftest.py)

GROUPS = [[], ["opd"], ["theme"], ["opd__pemda"], ["theme__programme__kind", "theme__order", "theme__code", "theme__name"]]


@pytest.fixture
def data(cast):
    a = make_plan(cast.dinkes, "A", targets=(25, 50, 75, 100), weight=2)
    make_report(a, 1, 25, "verified")
    make_report(a, 3, 70, "submitted")
    b = make_plan(cast.dinkes, "B", targets=(10, 10, 10, 10), mode="per_quarter", theme_code="B1")
    make_report(b, 1, 10, "verified")
    make_report(b, 2, 4, "returned", comment="Lengkapi bukti")
    make_report(b, 3, 10, "draft")
    c = make_plan(cast.kominfo, "C", targets=(0, 0, 100, 100), theme_code="B1", weight=3)
    make_report(c, 3, 100, "submitted")
    make_report(c, 4, 100, "verified")
    d = make_plan(cast.pky_dinkes, "D", targets=(1, 2, 3, 4))
    make_report(d, 3, 4, "verified")
    make_plan(cast.pky_disdik, "E", targets=(1, 2, 3, 4))
    make_plan(cast.kaltim_dinkes, "F", targets=(5, 5, 5, 5), mode="per_quarter")
    cast.plans = {"a": a, "b": b, "c": c, "d": d}
    return cast


def assert_in_step(cast):
    assert rollups.differences() == []
    call_command("rebuild_rollups", "--check", stdout=io.StringIO())
    users = [cast.superuser, cast.observer, cast.biro, cast.biro_other, cast.bagian, cast.opd_admin, cast.inspector, cast.nobody]
    for user in users:
        plans = ActionPlan.objects.visible_to(user).filter(year=2025)
        stored = AchievementRollup.objects.visible_to(user).filter(year=2025)
        for quarter in (1, 2, 3, 4):
            for annual in (False, True):
                for group_by in GROUPS:
                    live_rows = rollup(plans, quarter, group_by, annual=annual)
                    stored_rows = rollup(stored, quarter, group_by, annual=annual)
                    assert len(stored_rows) == len(live_rows), (user, quarter, annual, group_by)
                    for stored_row, live_row in zip(stored_rows, live_rows):
                        assert stored_row == pytest.approx(live_row), (user, quarter, annual, group_by)
        live_target = target_widget(plans.filter(opd__pemda=cast.kalteng), cast.kalteng.province_id, 2025)
        assert target_widget(stored.filter(opd__pemda=cast.kalteng), cast.kalteng.province_id, 2025) == pytest.approx(live_target)


def test_they_match_after_the_test_data_is_written_through_the_orm(data):
    assert AchievementRollup.objects.filter(opd=data.dinkes, year=2025, quarter=3).count() == 2
    assert_in_step(data)


def test_they_match_after_a_draft_is_saved_and_submitted(data):
    report = services.save_report(data.plans["d"], 4, by=data.bagian, realisation=4)
    assert_in_step(data)
    services.submit_report(report, by=data.superuser)
    assert_in_step(data)


def rollup_queries(context):
    return [q["sql"] for q in context.captured_queries if AchievementRollup._meta.db_table in q["sql"]]


def test_editing_a_draft_writes_no_row_and_they_still_match(data):
    """A draft's realisation counts nowhere: its later saves leave the rows alone (the deadline
    day's commonest write), a new draft refreshes them (it is counted per status)."""
    with CaptureQueriesContext(connection) as first:
        report = services.save_report(data.plans["d"], 4, by=data.bagian, realisation=1)
    assert rollup_queries(first)
    with CaptureQueriesContext(connection) as edit:
        services.save_report(data.plans["d"], 4, by=data.bagian, realisation=3, narrative="Berjalan", obstacles="Hujan")
    assert rollup_queries(edit) == []
    assert ProgressReport.objects.get(pk=report.pk).realisation == 3
    assert_in_step(data)


def test_they_match_after_a_counted_realisation_is_corrected_field_by_field(data):
    report = ProgressReport.objects.get(plan=data.plans["a"], quarter=3)
    assert report.status == "submitted"
    report.realisation = 75
    report.save(update_fields=["realisation"])
    assert_in_step(data)


def test_the_statement_of_one_agency_and_year_is_the_one_built_for_it(data):
    for opd, year in ((data.dinkes, 2025), (data.kominfo, 2024)):
        assert rollups._one_opd_year(opd.pk, year) == rollups._select(ActionPlan.objects.filter(opd_id=opd.pk, year=year))


def test_they_match_after_a_verification(data):
    services.verify_report(ProgressReport.objects.get(plan=data.plans["a"], quarter=3), by=data.biro)
    assert_in_step(data)


def test_they_match_after_a_return_and_a_resubmission(data):
    report = services.return_report(ProgressReport.objects.get(plan=data.plans["c"], quarter=3), by=data.biro, comment="Kurang")
    assert_in_step(data)
    services.submit_report(report, by=data.opd_admin_other)
    assert_in_step(data)


def test_they_match_after_a_report_is_reopened(data):
    services.reopen_report(ProgressReport.objects.get(plan=data.plans["c"], quarter=4), by=data.biro, comment="Salah angka")
    assert_in_step(data)


def test_they_match_after_a_window_is_reopened_and_a_report_submitted_in_it(data):
    window = ReportingWindow.objects.create(province=data.kalteng.province, year=2025, quarter=4,
                                            opens_on=datetime.date(2025, 12, 1), closes_on=datetime.date(2026, 1, 5))
    reopen_window(window, opd=data.dinkes, until=datetime.date(2099, 1, 1), reason="Server down", by=data.biro)
    assert WindowReopening.objects.count() == 1
    assert_in_step(data)
    report = services.save_report(data.plans["a"], 4, by=data.opd_admin, realisation=100)
    services.submit_report(report, by=data.opd_admin)
    assert_in_step(data)


def test_they_match_after_a_blank_import(data):
    make_kegiatan_utama(data.dinkes.pemda)  # the blank's rows name KU-01, as a new RB General plan must
    upload = fill(build_blank(data.dinkes, 2025), [ROW, {**ROW, "code": "A", "weight": 5, "target_q3": 60}])
    outcome = services.import_blank(as_upload(upload), opd=data.dinkes, year=2025, by=data.opd_admin)
    assert not outcome.errors and outcome.created == 1 and outcome.updated == 1
    assert_in_step(data)


def test_they_match_after_a_weight_and_theme_change(data):
    plan = ActionPlan.objects.get(pk=data.plans["a"].pk)
    services.update_plan(plan, by=data.opd_admin, weight=7)
    assert_in_step(data)
    services.update_plan(plan, by=data.opd_admin, theme=data.plans["b"].theme)
    assert_in_step(data)


def test_they_match_after_a_plan_moves_to_another_agency_in_the_admin(data):
    plan = ActionPlan.objects.get(pk=data.plans["a"].pk)
    plan.opd = data.kominfo
    plan.save()
    assert not AchievementRollup.objects.filter(opd=data.dinkes, theme=plan.theme).exists()
    assert_in_step(data)


def test_they_match_after_an_agency_merge_and_rename(data):
    """A merge records the successor and deactivates the old OPD; figures group by OPD when read."""
    data.kominfo.replaced_by = data.dinkes
    data.kominfo.replaced_on = datetime.date(2025, 7, 1)
    data.kominfo.is_active = False
    data.kominfo.save()
    data.dinkes.name = "Dinas Kesehatan dan Komunikasi"
    data.dinkes.save()
    assert_in_step(data)
    from actionplans.selectors import opd_reporting

    reporting = opd_reporting(Opd.objects.filter(pemda=data.kalteng), 2025, 3)
    # the merged OPD is no longer listed; its plans still count in the province's figures
    assert sorted(reporting.values_list("code", "n_plans", "n_reported")) == [
        ("BIRO-ORG", 0, 0), ("DINKES", 2, 1), ("INSPEKTORAT", 0, 0)
    ]


def test_they_match_after_a_plan_and_a_report_are_deleted(data):
    ProgressReport.objects.get(plan=data.plans["b"], quarter=3).delete()
    assert_in_step(data)
    services.delete_plan(ActionPlan.objects.get(code="E"), by=data.bagian)
    assert not AchievementRollup.objects.filter(opd=data.pky_disdik).exists()
    assert_in_step(data)


def test_the_check_fails_on_a_stale_row_and_a_rebuild_mends_it(data):
    AchievementRollup.objects.filter(opd=data.dinkes, quarter=3).update(achieved=9)
    AchievementRollup.objects.filter(opd=data.kominfo).delete()
    assert {key[0] for key, _stored, _live in rollups.differences()} == {data.dinkes.pk, data.kominfo.pk}
    with pytest.raises(CommandError, match="differ"):
        call_command("rebuild_rollups", "--check", "--year", "2025", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("rebuild_rollups", "--year", "2025", stdout=io.StringIO())
    assert_in_step(data)


def test_the_national_generator_fills_them():
    from actionplans.national import generate

    generate(0.004, io.StringIO())
    assert AchievementRollup.objects.filter(year=2025).count() > 0
    assert rollups.differences() == []
