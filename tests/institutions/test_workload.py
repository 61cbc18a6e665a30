"""The workload score and type (PP 18/2016): computed by hand from the annex, equal to the portal's."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from institutions import workload
from institutions.models import WorkloadScore

pytestmark = pytest.mark.django_db


def test_it_scores_a_province_agency_as_computed_by_hand():
    # Kalteng-like inputs. Lampiran I.A: 2,700,000 people is class b (2,000,001–4,000,000) = 400,
    # weight 10 % -> 40; 153,564.5 km² is class e (> 2,400) = 1,000 × 5 % -> 50; Rp7.9 trillion is
    # class d (6–8 trillion) = 800 × 5 % -> 40. General 130, technical 690, total 820 > 800 -> A.
    result = workload.assess("province", population=2_700_000, area_km2=Decimal("153564.5"),
                             apbd=Decimal("7900000000000"), technical_score=Decimal("690"))
    assert (result.population_value, result.area_value, result.apbd_value) == (400, 1000, 800)
    assert result.general_score == Decimal("130.00")
    assert result.total_score == Decimal("820.00")
    assert result.type == "A"


@pytest.mark.parametrize("population, value", [(2_000_000, 200), (2_000_001, 400), (8_000_000, 800), (8_000_001, 1000)])
def test_class_upper_bounds_belong_to_the_class(population, value):
    assert workload.SCALES["province"]["population"].value(population) == value


@pytest.mark.parametrize("total, expected", [
    (Decimal("800.01"), "A"), (Decimal("800"), "B"), (Decimal("600.01"), "B"), (Decimal("600"), "C"),
    (Decimal("400.01"), "C"), (Decimal("400"), ""),
])
def test_thresholds(total, expected):
    assert workload.type_for(total) == expected


def test_it_refuses_a_technical_score_above_800():
    with pytest.raises(ValueError):
        workload.assess("province", population=1, area_km2=1, apbd=1, technical_score=801)


def test_regency_scales_are_marked_provisional():
    assert not workload.is_verified("regency")
    assert all(scale.verified for scale in workload.SCALES["province"].values())
    # What is not verified names the secondary source it was taken from.
    assert all("Bangka Barat" in scale.source for scale in workload.SCALES["regency"].values())
    assert "belum diverifikasi" in workload.THRESHOLDS_SOURCE


def test_it_scores_a_regency_agency_as_computed_by_hand():
    # Lampiran II.A as the Kemendagri validation form reproduces it (provisional). 220,000 people is
    # class c (200,001–500,000) = 600 × 10 % -> 60; 120 km² is class a (≤ 150) = 200 × 5 % -> 10;
    # Rp600 billion is class c (500–750 billion) = 600 × 5 % -> 30. General 100, technical 705,
    # total 805 > 800 -> A.
    result = workload.assess("regency", population=220_000, area_km2=Decimal("120"),
                             apbd=Decimal("600000000000"), technical_score=Decimal("705"))
    assert (result.population_value, result.area_value, result.apbd_value) == (600, 200, 600)
    assert (result.general_score, result.total_score, result.type) == (Decimal("100.00"), Decimal("805.00"), "A")


@pytest.mark.parametrize("variable, amount, value", [
    ("population", 100_000, 200), ("population", 100_001, 400), ("population", 200_001, 600),
    ("population", 1_000_000, 800), ("population", 1_000_001, 1000),
    ("area", 150, 200), ("area", 151, 400), ("area", 450, 600), ("area", 600, 800), ("area", 601, 1000),
    ("apbd", 250 * 10**9, 200), ("apbd", 250 * 10**9 + 1, 400), ("apbd", 10**12, 800), ("apbd", 10**12 + 1, 1000),
])
def test_regency_class_bounds(variable, amount, value):
    assert workload.SCALES["regency"][variable].value(amount) == value


def test_the_data_migration_recomputes_stored_regency_scores(cast):
    from importlib import import_module

    from django.apps import apps

    from institutions.models import WorkloadMapping, WorkloadScore

    mapping = WorkloadMapping.objects.create(pemda=cast.palangkaraya, year=2025, population=220_000,
                                             area_km2=Decimal("120"), apbd=Decimal("600000000000"))
    # As stored under the old classes (population class b, area class c, APBD class b): 40 + 30 + 20.
    stale = WorkloadScore.objects.create(mapping=mapping, opd=cast.pky_dinkes, technical_score=Decimal("705"),
                                         general_score=Decimal("90"), total_score=Decimal("795"), computed_type="B")
    province = WorkloadScore.objects.create(
        mapping=WorkloadMapping.objects.create(pemda=cast.kalteng, year=2025, population=2_700_000,
                                               area_km2=Decimal("153564.5"), apbd=Decimal("7900000000000")),
        opd=cast.dinkes, technical_score=Decimal("690"), general_score=Decimal("1"), total_score=Decimal("1"),
    )
    import_module("institutions.migrations.0004_workload_regency_scales").recompute(apps, None)
    stale.refresh_from_db()
    province.refresh_from_db()
    assert (stale.general_score, stale.total_score, stale.computed_type) == (Decimal("100"), Decimal("805"), "A")
    assert province.total_score == Decimal("1")  # province scales did not change: left alone


def test_the_form_stores_the_hand_computed_score_and_flags_a_type_mismatch(cast, login):
    client = login(cast.biro)
    url = reverse("institutions:workload", args=["62", 2025])
    response = client.post(url, {
        "population": "2700000", "area_km2": "153564.5", "apbd": "7900000000000", "source": "BPS",
        f"technical_{cast.dinkes.pk}": "690", f"technical_{cast.kominfo.pk}": "410",
    })
    assert response.status_code == 302
    dinkes = WorkloadScore.objects.get(opd=cast.dinkes)
    assert (dinkes.general_score, dinkes.total_score, dinkes.computed_type) == (Decimal("130"), Decimal("820"), "A")
    assert not dinkes.type_mismatch
    kominfo = WorkloadScore.objects.get(opd=cast.kominfo)
    assert kominfo.total_score == Decimal("540") and kominfo.computed_type == "C"
    assert kominfo.type_mismatch  # recorded type A, workload says C
    page = client.get(url)
    assert page.content.decode().count('data-testid="type-mismatch"') == 1

    out = StringIO()
    call_command("workload_score", "--opd", "62:DINKES", "--year", "2025", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert {k: data[k] for k in ("population", "area_km2", "apbd", "general_score", "technical_score",
                                 "total_score", "type")} == {
        "population": 2700000, "area_km2": 153564.5, "apbd": 7900000000000, "general_score": 130.0,
        "technical_score": 690.0, "total_score": 820.0, "type": "A",
    }


def test_bad_input_writes_nothing(cast, login):
    client = login(cast.biro)
    response = client.post(reverse("institutions:workload", args=["62", 2025]), {
        "population": "2700000", "area_km2": "153564.5", "apbd": "7900000000000",
        f"technical_{cast.dinkes.pk}": "900",
    })
    assert response.status_code == 200
    assert not WorkloadScore.objects.exists()


def test_other_roles_cannot_save(cast, login):
    url = reverse("institutions:workload", args=["62", 2025])
    assert login(cast.opd_admin).post(url, {"population": "1"}).status_code == 403
    assert login(cast.biro_other).get(url).status_code == 404
