import pytest

from .fakes import make_fake_selectors


@pytest.fixture
def fake_selectors(monkeypatch):
    """Replace actionplans.selectors with the contract fake (plain dicts)."""
    fake = make_fake_selectors()
    monkeypatch.setattr("reformportal.reports.data.actionplans_selectors", lambda: fake)
    return fake


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
