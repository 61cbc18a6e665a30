import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def indonesian():
    """The messages these tests read are the Indonesian ones, whatever an earlier test activated."""
    with translation.override("id"):
        yield
