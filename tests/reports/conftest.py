import pytest

from .example import make_plans


@pytest.fixture
def rb_data(cast):
    """Real action plans with quarterly reports for the province's OPDs (2025, through TW III)."""
    make_plans(cast.dinkes, 4)
    make_plans(cast.kominfo, 3)
    make_plans(cast.pky_dinkes, 2)
    return cast


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
