"""The Excel blank: download → fill → upload → preview → confirm; re-uploads change nothing."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from actionplans import services
from actionplans.blank import DATA_SHEET, IDENTITY_SHEET, build_blank
from actionplans.models import ActionPlan, ImportLog

from .blank_helpers import ROW, as_upload, fill

pytestmark = pytest.mark.django_db


def test_downloaded_blank_has_identity_instructions_and_theme_dropdown(cast):
    wb = openpyxl.load_workbook(io.BytesIO(build_blank(cast.dinkes, 2025)))
    assert wb.sheetnames[:2] == [IDENTITY_SHEET, "Petunjuk"] and DATA_SHEET in wb.sheetnames
    ident = wb[IDENTITY_SHEET]
    assert (ident["B3"].value, ident["B4"].value, ident["B6"].value) == ("62", "DINKES", 2025)
    validations = wb[DATA_SHEET].data_validations.dataValidation
    assert any("Referensi!$A$1:$A$12" in v.formula1 for v in validations)  # 8 General + 4 Berdampak
    assert wb["Referensi"]["A1"].value == "G1 - Manajemen Perubahan"
    assert wb["Referensi"]["A9"].value == "B1 - Pengentasan Kemiskinan"


def test_round_trip_stores_exactly_what_was_typed(cast, kegiatan_utama):
    upload = fill(build_blank(cast.dinkes, 2025), [ROW, {**ROW, "code": "RA-02", "theme": "B4", "kegiatan_utama": None, "target_mode": "Per triwulan",
                                                         "annual_target": "1.250.000,5", "target_q1": 0, "target_q2": "250.000,5",
                                                         "target_q3": "500.000,0", "target_q4": "500000", "budget": 0, "weight": None,
                                                         "due_date": datetime.datetime(2025, 12, 31)}])
    outcome = services.preview_blank(as_upload(upload), opd=cast.dinkes, year=2025, by=cast.opd_admin)
    assert outcome.errors == []
    assert (outcome.created, outcome.updated) == (2, 0)
    assert ActionPlan.objects.count() == 0  # a preview writes nothing
    assert outcome.log.status == "preview" and outcome.log.file.name.startswith("blank/")

    done = services.commit_import(outcome.log, by=cast.opd_admin)
    assert done.created == 2 and done.log.status == "committed"
    plan = ActionPlan.objects.get(opd=cast.dinkes, year=2025, code="RA-01")
    assert plan.theme.code == "G4" and plan.goal == "Meningkatnya tata kelola SPBE"
    assert plan.expected_impact == "Waktu layanan turun 50%"
    assert (plan.target_q1, plan.target_q2, plan.target_q3, plan.target_q4) == (Decimal("12.5"), Decimal("37.5"), Decimal("75"), Decimal("100"))
    assert plan.annual_target == 100 and plan.target_mode == "cumulative"
    assert plan.budget == 1250000 and plan.budget_source == "APBD" and plan.weight == 2
    assert plan.activity_rows == [("Menyusun SOP", "SOP"), ("Migrasi layanan", "Aplikasi")]
    assert plan.due_date == datetime.date(2025, 9, 30)
    assert plan.history.count() == 1 and plan.history.first().history_user == cast.opd_admin
    other = ActionPlan.objects.get(code="RA-02")
    assert other.target_mode == "per_quarter" and other.annual_target == Decimal("1250000.5")
    assert other.theme.code == "B4" and other.weight == 1 and other.due_date == datetime.date(2025, 12, 31)

    # the same file again changes nothing
    again = services.import_blank(as_upload(upload), opd=cast.dinkes, year=2025, by=cast.opd_admin)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert ActionPlan.objects.count() == 2 and plan.history.count() == 1

    # the downloaded blank now holds the plans; editing one cell updates that plan only
    reblank = build_blank(cast.dinkes, 2025)
    edited = fill(reblank, [{"indicator": "Persentase layanan digital"}])
    result = services.import_blank(as_upload(edited), opd=cast.dinkes, year=2025, by=cast.opd_admin)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1), result.errors
    plan.refresh_from_db()
    assert plan.indicator == "Persentase layanan digital" and plan.history.count() == 2
    assert ImportLog.objects.filter(status="committed").count() == 3


def test_trailing_empty_rows_are_ignored(cast, kegiatan_utama):
    upload = fill(build_blank(cast.dinkes, 2025), [ROW, {"code": "  "}, {"goal": None}])
    outcome = services.import_blank(as_upload(upload), opd=cast.dinkes, year=2025, by=cast.opd_admin)
    assert outcome.errors == [] and outcome.created == 1


def test_other_opds_cannot_import_into_this_opd(cast):
    from django.core.exceptions import PermissionDenied

    upload = fill(build_blank(cast.dinkes, 2025), [ROW])
    with pytest.raises(PermissionDenied):
        services.preview_blank(as_upload(upload), opd=cast.dinkes, year=2025, by=cast.opd_admin_other)
