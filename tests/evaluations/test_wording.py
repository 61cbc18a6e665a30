"""The distance to the target reads as a distance, not as the predikat "kurang" (poor)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from .helpers import make_lhe

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language, shown, wrong", [
    ("id", "target BB (kurang 3,61)", None),
    ("en", "3.61 short of BB", "poor"),
])
def test_the_home_panel_says_how_far_the_target_is(cast, login, language, shown, wrong):
    make_lhe(cast, year=2024, kind="eksternal", index_entered=Decimal("66.40"))
    client = login(cast.leader)
    client.cookies["django_language"] = language
    html = client.get(reverse("agencies:home")).content.decode()
    assert shown in html
    if wrong:
        assert wrong not in html
