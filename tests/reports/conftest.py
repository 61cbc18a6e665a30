import pytest

from .example import make_rb_plans


@pytest.fixture
def rb_data(cast):
    make_rb_plans(cast)
    return cast


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
