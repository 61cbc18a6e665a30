"""The target page speaks plainly: short regency names where space is short, both measures named."""

import pytest
from django.urls import reverse

from agencies.models import Pemda
from tests.cast import make_opd
from tests.reports.example import make_plans

pytestmark = pytest.mark.django_db


def test_pemda_short_names_tell_the_regencies_apart(cast):
    barat = Pemda.objects.select_related("regency", "province").get(regency__code="62.01")
    timur = Pemda.objects.select_related("regency", "province").get(regency__code="62.02")
    assert (barat.short_name, timur.short_name) == ("Kab. Kotawaringin Barat", "Kab. Kotawaringin Timur")
    assert cast.palangkaraya.short_name == "Kota Palangkaraya"  # as Kemendagri writes it
    assert cast.kalteng.short_name == "Prov. Kalimantan Tengah"


def chart(html, testid):
    start = html.index(f'data-testid="{testid}"')
    return html[start:html.index("</svg>", start)]


def test_the_regency_chart_uses_short_names(cast, login):
    for code in ("62.01", "62.02"):
        make_plans(make_opd(Pemda.objects.get(regency__code=code), "DISPORA-T", f"Dinas Pemuda {code}"), 1)
    html = login(cast.biro).get(reverse("actionplans:targets"), {"tahun": 2025, "tw": 3}).content.decode()
    regencies = chart(html, "chart-regencies")
    assert "Kab. Kotawaringin Barat</text>" in regencies and "Kab. Kotawaringin Timur</text>" in regencies
    assert "Pemerintah Kabupaten" not in regencies


@pytest.mark.parametrize("language, words", [
    ("id", ("Rencana aksi tercapai (%)", "Capaian tertimbang", "target 75 %")),
    ("en", ("Action plans achieved (%)", "Weighted achievement", "target 75 %")),
])
def test_both_per_opd_percentages_are_named_and_explained(cast, login, language, words):
    make_plans(cast.dinkes, 4)
    client = login(cast.biro)
    client.cookies["django_language"] = language
    response = client.get(reverse("actionplans:targets"), {"tahun": 2025, "tw": 3})
    html = response.content.decode()
    explained = html[html.index('data-testid="measures-explained"'):html.index('data-testid="chart-themes"')]
    achieved, weighted, target = words
    assert achieved in explained and weighted in explained
    # The ranking shows both figures side by side, each under its own heading.
    table = html[html.index("<thead>", html.index('data-testid="chart-opds"')):]
    assert achieved in table and weighted in table
    row = response.context["summary"]["opd_ranking"][0]
    assert row["achieved_percent"] != row["achievement"]  # the data really differ: 2 of 4 vs partial credit
    assert html.count('data-testid="achieved-percent"') == len(response.context["summary"]["opd_ranking"])
    assert target in chart(html, "chart-opds")
