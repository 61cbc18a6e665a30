from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from evaluations import services
from evaluations.models import Framework, Lhe
from evaluations.predikat import BAND_BY_PREDIKAT, distance_to, predikat_for

# Every boundary of PermenPANRB 9/2023 and the values around it; a boundary belongs to the lower band.
CASES = [
    ("0", "D"), ("0.01", "D"), ("29.99", "D"), ("30", "D"), ("30.00", "D"), ("30.01", "C"),
    ("49.99", "C"), ("50", "C"), ("50.01", "CC"), ("60", "CC"), ("60.01", "B"), ("69.99", "B"),
    ("70", "B"), ("70.01", "BB"), ("79.99", "BB"), ("80", "BB"), ("80.00", "BB"), ("80.01", "A"),
    ("90", "A"), ("90.01", "AA"), ("99.99", "AA"), ("100", "AA"), ("112.5", "AA"),
]


@pytest.mark.parametrize(("index", "expected"), CASES)
def test_it_gives_the_regulation_band(index, expected):
    assert predikat_for(Decimal(index)) == expected


def test_it_accepts_strings_and_ints():
    assert predikat_for(80) == "BB"
    assert predikat_for("90.01") == "AA"


@pytest.mark.parametrize("index", ["-0.01", "-5"])
def test_it_rejects_a_negative_index(index):
    with pytest.raises(ValueError):
        predikat_for(Decimal(index))


def test_band_minimums_are_just_above_the_lower_boundary():
    assert BAND_BY_PREDIKAT["D"].minimum == Decimal("0")
    assert BAND_BY_PREDIKAT["C"].minimum == Decimal("30.01")
    assert BAND_BY_PREDIKAT["BB"].minimum == Decimal("70.01")


def test_distance_to_target():
    assert distance_to(Decimal("65.50"), "BB") == Decimal("4.51")
    assert distance_to(Decimal("70.00"), "BB") == Decimal("0.01")
    assert distance_to(Decimal("70.01"), "BB") == Decimal("0")
    assert distance_to(Decimal("85"), "BB") == Decimal("0")


@pytest.mark.django_db
def test_the_data_migrations_seed_both_frameworks_in_the_regulations_structure():
    old = Framework.objects.for_year(2021)
    new = Framework.objects.for_year(2024)
    assert (old.year_from, old.year_to, old.max_total, old.version) == (2020, 2022, Decimal("100"), 2)
    assert (new.year_from, new.year_to, new.max_total, new.version) == (2023, None, Decimal("120"), 2)
    assert {n.code: n.weight for n in old.nodes.filter(parent=None)} == {"P": 60, "H": 40}
    assert {n.code: n.weight for n in old.nodes.filter(parent__code="P")} == {"P.1": 20, "P.2": 10, "P.3": 30}
    assert {n.code: n.weight for n in old.nodes.filter(parent__code="H")} == {f"H.{i}": 10 for i in range(1, 5)}
    assert old.nodes.filter(parent__code="P.3").count() == 8
    assert {n.code: n.weight for n in new.nodes.filter(parent=None)} == {"G": 100, "T": 20}
    assert {n.code: n.weight for n in new.nodes.filter(parent__code="G")} == {"G.A": 10, "G.B": 40, "G.C": 50}
    assert {n.code: n.weight for n in new.nodes.filter(parent__code="G.A")} == {"G.A.1": 3, "G.A.2": 7}
    themes = new.nodes.filter(parent__code="T").values_list("name", flat=True)
    assert list(themes) == [
        "Pengentasan Kemiskinan", "Peningkatan Investasi",
        "Digitalisasi Administrasi Pemerintahan", "Percepatan Prioritas Aktual Presiden",
    ]
    assert Framework.objects.for_year(2019) is None
    # Version 1 stays, replaced, for the LHE scored on it.
    assert old.replaces.version == 1 and new.replaces.version == 1
    assert old.replaces.nodes.filter(parent__code="P").count() == 8


@pytest.mark.django_db
@pytest.mark.parametrize(("year", "index"), [(2021, "100.01"), (2024, "120.01"), (2024, "-0.01")])
def test_it_rejects_an_index_outside_zero_and_the_framework_maximum(cast, year, index):
    with pytest.raises(ValidationError):
        services.record_lhe(
            pemda=cast.kalteng, year=year, kind=Lhe.Kind.EXTERNAL, date="2024-12-01",
            index_entered=Decimal(index), by=cast.biro,
        )
    assert not Lhe.objects.exists()


@pytest.mark.django_db
def test_it_accepts_the_framework_maximum(cast):
    lhe = services.record_lhe(
        pemda=cast.kalteng, year=2024, kind=Lhe.Kind.EXTERNAL, date="2024-12-01",
        index_entered=Decimal("120"), by=cast.biro,
    )
    assert lhe.index == Decimal("120") and lhe.predikat == "AA"


@pytest.mark.django_db
def test_the_default_target_comes_from_the_setting(cast, settings):
    settings.RB_TARGET_PREDIKAT = "A"
    lhe = services.record_lhe(
        pemda=cast.kalteng, year=2024, kind=Lhe.Kind.EXTERNAL, date="2025-02-01", index_entered=Decimal("85"), by=cast.biro,
    )
    assert lhe.target_predikat == "A" and lhe.reaches_target
    assert lhe.distance_to_target == Decimal("0")
