import io

import pytest
from django.core.management import call_command

from institutions.anjab.models import Abk, Position, Task
from institutions.models import OrgUnit


def seed():
    # the agencies' demo (places, OPDs, accounts) and this part's only: the whole seed_demo is slow
    from agencies import demo as agencies_demo
    from institutions.anjab import demo

    agencies_demo.seed(io.StringIO())
    demo.seed(io.StringIO())


def counts():
    return (Abk.objects.count(), Position.objects.count(), Task.objects.count(), OrgUnit.objects.count(),
            list(Abk.objects.order_by("pk").values_list("status", flat=True)))


@pytest.mark.django_db
def test_the_demo_is_idempotent_and_has_a_verified_and_a_draft_abk():
    seed()
    first = counts()
    seed()
    assert counts() == first
    statuses = dict(Abk.objects.values_list("opd__code", "status"))
    assert statuses["DISKOMINFO"] == "verified" and statuses["DINKES"] == "draft"
    assert Position.objects.filter(abk__opd__code="DISKOMINFO").count() >= 10


@pytest.mark.django_db
def test_the_abk_command_prints_the_issues_json_shape():
    import json

    seed()
    out = io.StringIO()
    call_command("abk", "--opd", "62:DISKOMINFO", "--year", "2025", "--format", "json", stdout=out)
    doc = json.loads(out.getvalue())
    position = doc["positions"][0]
    assert {"code", "name", "tasks", "workload_minutes", "needed_exact", "needed", "in_post", "gap", "ej", "grade"} <= set(position)
    assert {"task", "volume", "period", "yearly_volume", "time_norm_minutes", "workload_minutes"} <= set(position["tasks"][0])
    assert doc["totals"]["needed"] == sum(p["needed"] for p in doc["positions"])
    assert doc["totals"]["in_post"] == sum(p["in_post"] for p in doc["positions"])
