"""The verification queue: paged, filtered, opening on the current period, and saying how many wait."""

from datetime import UTC, datetime
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.db.models import F
from django.urls import reverse

from actionplans.models import ActionPlan, Evidence, ProgressReport

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


def _walk(client, url, *, key="setelah"):
    """Every page from `url` on, following the next (or previous) links: the reports in page order."""
    seen = []
    while url:
        response = client.get(url)
        seen.append([r.pk for r in response.context["reports"]])
        page = response.context["page"]
        cursor = page.next_cursor if key == "setelah" else page.previous_cursor
        url = f"{URL}?{response.context['querystring']}&{key}={quote(cursor)}" if cursor else None
    return seen


def test_it_pages_the_whole_queue_by_key_and_says_how_many(cast, login):
    pending(cast.dinkes, 200)
    # Submission times: some equal (the key then orders by id), the rest unset (last).
    stamps = [datetime(2025, 10, 1 + i % 7, 8, tzinfo=UTC) for i in range(120)]
    for report, stamp in zip(ProgressReport.objects.order_by("-pk"), stamps, strict=False):
        ProgressReport.objects.filter(pk=report.pk).update(submitted_at=stamp)
    pending(cast.kominfo, 30, prefix="K")
    client = login(cast.biro)
    response = client.get(URL)
    assert len(response.context["reports"]) == 50
    assert "230 laporan menunggu verifikasi" in response.text
    assert "menampilkan 50 dari 230" in response.text
    expected = list(
        ProgressReport.objects.order_by(F("submitted_at").asc(nulls_last=True), "pk").values_list("pk", flat=True)
    )
    pages = _walk(client, URL)
    assert [len(p) for p in pages] == [50, 50, 50, 50, 30]
    assert [pk for p in pages for pk in p] == expected
    # The last page, then back to the start: the same rows, the last page full.
    backwards = _walk(client, URL + "?sebelum=", key="sebelum")
    assert [len(p) for p in backwards] == [50, 50, 50, 50, 50]
    assert backwards[0] == expected[-50:] and backwards[-1] == expected[:50]
    assert {pk for p in backwards for pk in p} == set(expected)


def test_it_says_more_than_the_limit_without_counting_further(cast, login, monkeypatch):
    monkeypatch.setattr("actionplans.views.QUEUE_COUNT_LIMIT", 40)
    pending(cast.dinkes, 60)
    response = login(cast.biro).get(URL)
    assert response.context["count"].more
    assert "lebih dari 40 laporan menunggu verifikasi" in response.text
    assert "menampilkan 50 dari lebih dari 40" in response.text


def test_a_bad_cursor_shows_the_first_page_with_an_error(cast, login):
    pending(cast.dinkes, 3)
    response = login(cast.biro).get(URL + "?setelah=bukan-kursor")
    assert response.status_code == 200
    assert len(response.context["reports"]) == 3
    assert "Alamat halaman tidak valid" in response.text


def test_it_counts_evidence_of_the_reports_shown(cast, login):
    pending(cast.dinkes, 3)
    report = ProgressReport.objects.first()
    Evidence.objects.create(report=report, label="a", url="https://example.org/a")
    Evidence.objects.create(report=report, label="b", url="https://example.org/b")
    counts = {r.pk: r.evidence_count for r in login(cast.biro).get(URL).context["reports"]}
    assert counts == {r.pk: (2 if r == report else 0) for r in ProgressReport.objects.all()}


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
    assert everything.context["count"].n == 14
    assert "dari 14" not in everything.text
    assert client.get(URL + "?tahun=2025&tw=").context["count"].n == 11
    assert client.get(URL + "?tahun=2024&tw=4").context["count"].n == 3


def test_it_filters_by_opd_and_regency(cast, login):
    pending(cast.dinkes, 5)
    pending(cast.kominfo, 2)
    pending(cast.pky_dinkes, 3)
    client = login(cast.biro)
    assert client.get(f"{URL}?tahun=2025&tw=3&opd={cast.kominfo.pk}").context["count"].n == 2
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


def test_a_deep_page_costs_what_the_first_does(cast, login, django_assert_num_queries):
    """Exact queries of the first, a following and the last page, with 60 and 260 waiting:
    session, user (+ membership: the scope), default period, the page, its evidence counts, the
    count under the filters, the count over every period, OPD choices, Pemda choices."""
    client = login(cast.biro)
    for n, second in ((60, 10), (200, 50)):
        pending(cast.dinkes, n, prefix=f"N{n}")
        first = client.get(URL)
        after = f"{URL}?setelah={quote(first.context['page'].next_cursor)}"
        for url, shown in ((URL, 50), (after, second), (URL + "?sebelum=", 50)):
            with django_assert_num_queries(9):
                assert len(client.get(url).context["reports"]) == shown


def test_past_the_limit_the_agency_list_waits_for_a_pemda(cast, login, monkeypatch, django_assert_num_queries):
    """The national roles on deadline day have ~25,000 agencies waiting: no list of them all
    (it took 10 s to render), but the chosen Pemda's, and the chosen agency always. Same queries
    as the Biro's queue (test_a_deep_page_costs_what_the_first_does), at both sizes."""
    from actionplans.filters import VerificationQueueFilter

    monkeypatch.setattr(VerificationQueueFilter, "OPD_CHOICES_LIMIT", 2)
    client = login(cast.observer)
    for opds in ((cast.dinkes, cast.kominfo), (cast.dinkes, cast.kominfo, cast.pky_dinkes, cast.kaltim_dinkes)):
        for opd in opds:
            pending(opd, 2, prefix=f"L{len(opds)}")
        with django_assert_num_queries(9):
            response = client.get(URL)
        offered = [value for value, _ in response.context["filter"].form.fields["opd"].widget.choices if value]
        if len(opds) <= 2:
            assert offered == [cast.dinkes.pk, cast.kominfo.pk]
            assert 'data-testid="queue-opd-help"' not in response.text
        else:
            assert offered == []
            assert "Lebih dari 2 perangkat daerah menunggu: pilih provinsi/kabupaten/kota dulu." in response.text
    in_pemda = client.get(f"{URL}?tahun=2025&tw=3&pemda={cast.palangkaraya.pk}")
    assert [v for v, _ in in_pemda.context["filter"].form.fields["opd"].widget.choices if v] == [cast.pky_dinkes.pk]
    chosen = client.get(f"{URL}?tahun=2025&tw=3&opd={cast.kaltim_dinkes.pk}")
    assert [v for v, _ in chosen.context["filter"].form.fields["opd"].widget.choices if v] == [cast.kaltim_dinkes.pk]
    assert {r.plan.opd for r in chosen.context["reports"]} == {cast.kaltim_dinkes}
    assert f'<option value="{cast.kaltim_dinkes.pk}" selected>' in chosen.text


def test_a_chosen_triwulan_is_held_by_a_range_and_ordered_first(cast, login):
    """So that PostgreSQL reads the (status, quarter, submitted_at) index in order: with
    "quarter = 3" it drops the triwulan from the order and may read the (status, submitted_at)
    index past every older triwulan's waiting reports (300 ms on the national data)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pending(cast.dinkes, 3)
    client = login(cast.biro)
    for url, held in ((URL, True), (URL + "?sebelum=", True), (URL + "?tahun=2025&tw=", False)):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        page_query = next(q["sql"] for q in queries if q["sql"].endswith("LIMIT 51"))
        order = page_query.split("ORDER BY ")[1]
        assert ('"actionplans_progressreport"."quarter" BETWEEN 3 AND 3' in page_query) is held
        assert order.startswith('"actionplans_progressreport"."quarter"') is held
