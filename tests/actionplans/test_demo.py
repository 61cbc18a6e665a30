import io

import pytest

from actionplans import demo
from actionplans.models import ActionPlan, Evidence, ProgressReport, ReportTransition
from agencies import demo as agencies_demo

from ..module_data import kept_for_the_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The first seeding, once per module (tests/module_data.py); the tests read it and roll back their writes."""
    with kept_for_the_module(django_db_blocker):
        agencies_demo.seed(io.StringIO())
        demo.seed(io.StringIO())
        yield


def test_seed_twice_gives_the_same_rows_in_mixed_states(seeded):
    counts = [m.objects.count() for m in (ActionPlan, ProgressReport, ReportTransition, Evidence)]
    demo.seed(io.StringIO())
    assert [m.objects.count() for m in (ActionPlan, ProgressReport, ReportTransition, Evidence)] == counts
    assert ActionPlan.objects.filter(year=2024).count() == ActionPlan.objects.filter(year=2025).count() > 1000
    statuses = set(ProgressReport.objects.filter(plan__year=2025, quarter=3).values_list("status", flat=True))
    assert statuses == {"verified", "submitted", "returned", "draft"}
    assert not ProgressReport.objects.filter(plan__year=2025, quarter=4).exists()
    dinkes = ActionPlan.objects.filter(opd__code="DINKES", opd__pemda__province__code="62", opd__pemda__level="province", year=2025)
    assert dinkes.count() == 4 and ActionPlan.history.filter(id=dinkes.first().pk).count() == 1


def test_demo_reports_fall_inside_the_windows_it_sets_with_a_few_late_and_missing(seeded):
    from agencies.models import Opd, Province
    from actionplans.models import ReportingWindow
    from actionplans.windows import reporting_timeliness

    province = Province.objects.get(code="62")
    assert ReportingWindow.objects.filter(province=province, year=2025).count() == 4
    opds = Opd.objects.filter(pemda__province=province)
    for year, quarter in ((2024, 2), (2025, 3)):
        t = reporting_timeliness(province, opds, year, quarter)
        assert t.on_time > 5 * t.late > 0, (year, quarter, t)
    assert reporting_timeliness(province, opds, 2025, 3).missing > 0
    # every demo plan belongs to a kegiatan utama (RB General) or a sasaran tematik
    plans = ActionPlan.objects.filter(opd__pemda__province=province)
    assert not plans.filter(kegiatan_utama=None, sasaran_tematik=None).exists()
    assert plans.filter(theme__programme__kind="general", kegiatan_utama__isnull=False).count() == plans.filter(
        theme__programme__kind="general").count()
