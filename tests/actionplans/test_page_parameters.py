"""The action-plan pages read ?tahun=&tw=&pemda= through the API's filters (PeriodFilter, built on
ProgressReportFilter): a bad value is named in a message and the page keeps its default; never a
server error. A Pemda outside the scope stays 404."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from .factories import make_plan, make_report

pytestmark = pytest.mark.django_db

BAD = "?tahun=abc&tw=9&pemda=1.5"


def warnings(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("page", ["targets", "matrix", "not_reported", "export", "target_edit"])
def test_a_bad_parameter_is_named_and_ignored(cast, login, page):
    plan = make_plan(cast.dinkes, "RA-01")
    make_report(plan, 3, 70, "submitted")
    client = login(cast.biro)
    client.raise_request_exception = False
    response = client.get(reverse(f"actionplans:{page}") + BAD)
    assert response.status_code == 200, response.status_code
    said = warnings(response)
    assert any(text.startswith("Tahun diabaikan: ") for text in said), said
    assert any(text.startswith("Provinsi/kabupaten/kota diabaikan: ") for text in said), said
    assert len(said) == len(set(said))  # each bad value named once
    if page in ("targets", "matrix", "not_reported"):
        assert any(text.startswith("Triwulan diabaikan: ") for text in said), said
        # the default period and the user's own Pemda, as without parameters
        assert (response.context["year"], response.context["quarter"]) == (2025, 3)


def test_a_year_out_of_range_is_named_and_ignored(cast, login):
    make_plan(cast.dinkes, "RA-01")
    client = login(cast.biro)
    client.raise_request_exception = False
    url = reverse("actionplans:opd", args=[cast.dinkes.pk])
    default_year = client.get(url).context["year"]
    response = client.get(url + "?tahun=99999&tw=2")
    assert response.status_code == 200
    assert [text for text in warnings(response) if text.startswith("Tahun diabaikan: ")]
    assert (response.context["year"], response.context["quarter"]) == (default_year, 2)


def test_good_parameters_say_nothing_and_a_pemda_outside_the_scope_is_404(cast, login):
    make_plan(cast.dinkes, "RA-01")
    client = login(cast.biro)
    response = client.get(reverse("actionplans:targets") + f"?tahun=2025&tw=2&pemda={cast.kalteng.pk}")
    assert response.status_code == 200 and warnings(response) == []
    assert client.get(reverse("actionplans:targets") + f"?pemda={cast.kaltim.pk}").status_code == 404
