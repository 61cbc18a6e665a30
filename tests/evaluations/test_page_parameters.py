"""The LHE list and the completion page read their query string through the API's LheFilter: a
bad year or kind is named in a message and ignored, never a server error; a Pemda that is no id
in the user's scope is 404 (the API answers 400: not one of the choices)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from .helpers import make_lhe

pytestmark = pytest.mark.django_db


def warnings(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_bad_year_or_kind_is_named_and_ignored(cast, login):
    lhe = make_lhe(cast, year=2024)
    client = login(cast.biro)
    client.raise_request_exception = False
    response = client.get(reverse("evaluations:lhe_list") + "?year=abc&kind=zzz")
    assert response.status_code == 200
    said = warnings(response)
    assert any(text.startswith("Tahun diabaikan: ") for text in said), said
    assert len([text for text in said if " diabaikan: " in text]) == 2, said  # the year and the kind
    assert [row.pk for row in response.context["lhes"]] == [lhe.pk]
    response = client.get(reverse("evaluations:completion") + "?year=20x5")
    assert response.status_code == 200 and response.context["year"] is None
    assert any(text.startswith("Tahun diabaikan: ") for text in warnings(response))


def test_good_parameters_filter_and_say_nothing(cast, login):
    lhe = make_lhe(cast, year=2024)
    make_lhe(cast, year=2023)
    response = login(cast.biro).get(reverse("evaluations:lhe_list") + f"?year=2024&pemda={cast.kalteng.pk}")
    assert response.status_code == 200 and warnings(response) == []
    assert [row.pk for row in response.context["lhes"]] == [lhe.pk]


@pytest.mark.parametrize("value", ["abc", "1.5", "other"])
def test_a_pemda_that_is_no_visible_id_is_404(cast, login, value):
    pemda = str(cast.kaltim.pk) if value == "other" else value
    assert login(cast.biro).get(reverse("evaluations:lhe_list") + f"?pemda={pemda}").status_code == 404


def test_the_api_refuses_a_pemda_outside_the_scope(cast, login):
    make_lhe(cast, pemda=cast.kaltim, year=2024, by=cast.biro_other)
    client = login(cast.biro)
    assert client.get(f"/api/v1/lhe/?pemda={cast.kaltim.pk}").status_code == 400
    assert client.get(f"/api/v1/lhe/?pemda={cast.kalteng.pk}").status_code == 200
