"""The audit trail: who, when (UTC), from where, before and after; shown to Biro and inspectors."""

import datetime

import pytest
from django.apps import apps
from rest_framework.test import APIClient
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

from agencies.audit import AuditedHistoricalModel, history_for
from agencies.models import Opd

pytestmark = pytest.mark.django_db


def test_a_change_through_the_api_records_who_when_where_before_and_after(cast):
    client = APIClient(REMOTE_ADDR="10.20.30.40")
    client.force_authenticate(cast.biro)
    response = client.patch(f"/api/v1/opds/{cast.dinkes.pk}/", {"head_name": "dr. Suyuti Syamsul"}, format="json")
    assert response.status_code == 200, response.content
    record = cast.dinkes.history.latest()
    assert record.history_user == cast.biro
    assert record.ip_address == "10.20.30.40"
    assert record.history_date.tzinfo is not None and record.history_date.utcoffset() == datetime.timedelta(0)
    delta = record.diff_against(record.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("head_name", "", "dr. Suyuti Syamsul")]


def test_a_change_outside_a_request_has_no_address(cast):
    cast.dinkes.name = "Dinas Kesehatan (baru)"
    cast.dinkes.save()
    record = cast.dinkes.history.latest()
    assert record.ip_address is None and record.history_user is None


def test_bulk_creation_with_history_is_audited(cast, rf):
    request = rf.get("/", REMOTE_ADDR="10.0.0.8")
    request.user = cast.biro
    HistoricalRecords.context.request = request
    try:
        opds = [Opd(pemda=cast.kalteng, code=f"UPT-{i}", name=f"UPT {i}", kind="dinas") for i in range(3)]
        bulk_create_with_history(opds, Opd, default_user=cast.biro)
    finally:
        del HistoricalRecords.context.request
    records = Opd.history.filter(code__startswith="UPT-")
    assert records.count() == 3
    assert {r.ip_address for r in records} == {"10.0.0.8"}


def test_every_historical_model_records_the_address():
    """Every audited model uses agencies.audit.audited_history(), so every change says from where."""
    historical = [m for m in apps.get_models() if m.__name__.startswith("Historical") and hasattr(m, "history_id")]
    assert len(historical) >= 30
    missing = {m._meta.label for m in historical if not issubclass(m, AuditedHistoricalModel)}
    assert not missing, f"use agencies.audit.audited_history() instead of HistoricalRecords() in: {sorted(missing)}"


@pytest.mark.parametrize(
    "who, sees", [("biro", True), ("inspector", True), ("superuser", True), ("bagian", False),
                  ("opd_admin", False), ("leader", False), ("observer", False)]
)
def test_history_is_shown_to_biro_and_inspectors(cast, who, sees):
    user = getattr(cast, who)
    history = history_for(cast.dinkes, user)
    assert (history is not None) is sees


def test_opd_page_shows_history_to_biro_only(cast, login):
    client = APIClient(REMOTE_ADDR="10.20.30.41")
    client.force_authenticate(cast.biro)
    client.patch(f"/api/v1/opds/{cast.dinkes.pk}/", {"email": "dinkes@kalteng.go.id"}, format="json")
    page = login(cast.biro).get(cast.dinkes.get_absolute_url())
    assert 'data-testid="history"' in page.text
    assert "10.20.30.41" in page.text and "dinkes@kalteng.go.id" in page.text
    admin_page = login(cast.opd_admin).get(cast.dinkes.get_absolute_url())
    assert admin_page.status_code == 200 and 'data-testid="history"' not in admin_page.text


def test_history_for_is_one_query(cast, django_assert_num_queries):
    for i in range(5):
        cast.dinkes.name = f"Dinas Kesehatan {i}"
        cast.dinkes.save()
    cast.biro.scope  # loaded once per request by the middleware
    # 1 historical rows with their users (one LEFT JOIN); diffs are computed in Python
    with django_assert_num_queries(1):
        entries = history_for(cast.dinkes, cast.biro)
    assert len(entries) == 6
    assert entries[0].changes[0].old == "Dinas Kesehatan 3" and entries[0].changes[0].new == "Dinas Kesehatan 4"
    assert entries[-1].type == "+"


def test_no_unaudited_bulk_writes_on_audited_models():
    """`Model.objects...update()` / `bulk_create()` skip simple_history: audited models use
    bulk_create_with_history / bulk_update_with_history or per-row saves (demo data excepted)."""
    import re
    from pathlib import Path

    from django.conf import settings

    audited = {m.instance_type.__name__ for m in apps.get_models() if hasattr(m, "instance_type")}
    pattern = re.compile(r"\b(" + "|".join(sorted(audited)) + r")\.objects\b[^\n]*\.(update|bulk_create|bulk_update)\(")
    offenders = []
    for app in ("agencies", "actionplans", "evaluations", "meetings", "institutions", "reformportal"):
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if "migrations" in path.parts or path.name in ("demo.py",):
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if pattern.search(line) and "_with_history" not in line:
                    offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}")
    assert audited and not offenders, offenders
