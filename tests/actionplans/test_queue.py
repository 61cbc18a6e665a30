"""The verification queue: paged, filtered, opening on the current period, and saying how many wait."""

from decimal import Decimal

import pytest
from django.urls import reverse

from actionplans.models import ActionPlan, ProgressReport

from .factories import theme

pytestmark = pytest.mark.django_db

URL = reverse("actionplans:queue")


def pending(opd, n, *, year=2025, quarter=3, prefix="Q"):
    """`n` plans of `opd` with a submitted report for (year, quarter), in three queries."""
    plans = ActionPlan.objects.bulk_create(
        ActionPlan(opd=opd, year=year, theme=theme(year), code=f"{prefix}-{i:03d}", goal="g", indicator=f"Ind {i}",
                   unit="%", annual_target=Decimal(100), target_q4=Decimal(100))
        for i in range(n)
    )
    ProgressReport.objects.bulk_create(
        ProgressReport(plan=plan, quarter=quarter, realisation=Decimal(10), status="submitted") for plan in plans
    )


def test_it_pages_the_whole_queue_and_says_how_many(cast, login):
    pending(cast.dinkes, 230)
    client = login(cast.biro)
    response = client.get(URL)
    assert len(response.context["reports"]) == 50
    assert response.context["page"].paginator.count == 230
    assert "230 laporan menunggu verifikasi" in response.text
    last = client.get(URL + "?page=5")
    assert len(last.context["reports"]) == 30
    seen = {r.pk for n in range(1, 6) for r in client.get(f"{URL}?page={n}").context["reports"]}
    assert len(seen) == 230


def test_it_opens_on_the_current_period_and_says_what_else_waits(cast, login):
    pending(cast.dinkes, 7, year=2025, quarter=3)
    pending(cast.dinkes, 4, year=2025, quarter=2, prefix="OLD")
    pending(cast.dinkes, 3, year=2024, quarter=4, prefix="OLDER")
    client = login(cast.biro)
    response = client.get(URL)
    assert {(r.plan.year, r.quarter) for r in response.context["reports"]} == {(2025, 3)}
    assert "7 laporan menunggu verifikasi" in response.text
    assert "dari 14 di seluruh periode" in response.text
    everything = client.get(URL + "?tahun=&tw=&opd=&pemda=")
    assert everything.context["page"].paginator.count == 14
    assert "dari 14" not in everything.text
    assert client.get(URL + "?tahun=2025&tw=").context["page"].paginator.count == 11
    assert client.get(URL + "?tahun=2024&tw=4").context["page"].paginator.count == 3


def test_it_filters_by_opd_and_regency(cast, login):
    pending(cast.dinkes, 5)
    pending(cast.kominfo, 2)
    pending(cast.pky_dinkes, 3)
    client = login(cast.biro)
    assert client.get(f"{URL}?tahun=2025&tw=3&opd={cast.kominfo.pk}").context["page"].paginator.count == 2
    response = client.get(f"{URL}?tahun=2025&tw=3&pemda={cast.palangkaraya.pk}")
    assert {r.plan.opd for r in response.context["reports"]} == {cast.pky_dinkes}
    # The choices list the agencies and governments that have something waiting.
    form = response.context["filter"].form
    assert set(form.fields["opd"].queryset) == {cast.dinkes, cast.kominfo, cast.pky_dinkes}
    assert set(form.fields["pemda"].queryset) == {cast.kalteng, cast.palangkaraya}


def test_bad_filters_get_a_clear_error_and_no_other_scope(cast, login):
    pending(cast.dinkes, 2)
    pending(cast.kaltim_dinkes, 2, prefix="KT")
    client = login(cast.biro)
    response = client.get(f"{URL}?tahun=2025&tw=3&opd={cast.kaltim_dinkes.pk}")
    assert response.status_code == 200
    assert "Perangkat daerah: Masukkan pilihan yang valid." in response.text
    assert cast.kaltim_dinkes.name not in response.text
    response = client.get(f"{URL}?tahun=abc&tw=9")
    assert response.status_code == 200 and response.context["filter"].form.errors
    other = login(cast.biro_other).get(URL + "?tahun=&tw=")
    assert {r.plan.opd for r in other.context["reports"]} == {cast.kaltim_dinkes}
