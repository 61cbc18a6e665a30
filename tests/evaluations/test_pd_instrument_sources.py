"""The shipped Permendagri 99/2018 instrument: what is unverified stays provisional and names its sources."""

from importlib import import_module

import pytest
from django.apps import apps

from evaluations.pd.models import PdInstrument, PdVariable

pytestmark = pytest.mark.django_db


def test_the_shipped_instrument_is_provisional_and_names_its_secondary_sources():
    instrument = PdInstrument.objects.get(year_from=2019)
    assert instrument.is_provisional
    assert "lampiran instrumen belum ditemukan" in instrument.source
    for ref in ("519231508", "509672553", "455642776"):
        assert ref in instrument.source
    variables = list(instrument.variables.all())
    assert len(variables) == 11
    assert all(v.is_provisional and "Rakor Kelembagaan 21 Nov 2019" in v.source for v in variables)


def test_the_source_migration_rewrites_only_the_citations():
    instrument = PdInstrument.objects.get(year_from=2019)
    PdInstrument.objects.filter(pk=instrument.pk).update(source="lama")
    PdVariable.objects.filter(instrument=instrument).update(source="lama")
    before = list(PdVariable.objects.filter(instrument=instrument).values_list("code", "name", "level_1", "is_provisional"))

    import_module("evaluations.migrations.0010_pd_instrument_sources").refresh(apps, None)

    instrument.refresh_from_db()
    assert "455642776" in instrument.source
    assert not PdVariable.objects.filter(instrument=instrument, source="lama").exists()
    after = list(PdVariable.objects.filter(instrument=instrument).values_list("code", "name", "level_1", "is_provisional"))
    assert after == before
