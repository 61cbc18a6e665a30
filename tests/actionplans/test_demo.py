import io

import pytest

from actionplans import demo
from actionplans.models import ActionPlan, Evidence, ProgressReport, ReportTransition
from agencies import demo as agencies_demo

pytestmark = pytest.mark.django_db


def test_seed_twice_gives_the_same_rows_in_mixed_states():
    agencies_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    counts = [m.objects.count() for m in (ActionPlan, ProgressReport, ReportTransition, Evidence)]
    demo.seed(io.StringIO())
    assert [m.objects.count() for m in (ActionPlan, ProgressReport, ReportTransition, Evidence)] == counts
    assert ActionPlan.objects.filter(year=2024).count() == ActionPlan.objects.filter(year=2025).count() > 1000
    statuses = set(ProgressReport.objects.filter(plan__year=2025, quarter=3).values_list("status", flat=True))
    assert statuses == {"verified", "submitted", "returned", "draft"}
    assert not ProgressReport.objects.filter(plan__year=2025, quarter=4).exists()
    dinkes = ActionPlan.objects.filter(opd__code="DINKES", opd__pemda__province__code="62", opd__pemda__level="province", year=2025)
    assert dinkes.count() == 4 and ActionPlan.history.filter(id=dinkes.first().pk).count() == 1
