import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def kegiatan_utama(cast):
    """KU-01 of Kalimantan Tengah for 2025: new RB General plans (the form, the API, the blank's
    sample row blank_helpers.ROW) need a kegiatan utama of their Pemda."""
    from .factories import make_kegiatan_utama

    return make_kegiatan_utama(cast.kalteng)
