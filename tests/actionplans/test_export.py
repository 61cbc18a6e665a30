"""The Portal RB export: streamed from a temporary file, read in chunks, same queries at any size."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from .factories import make_plan, make_plans, make_report

pytestmark = pytest.mark.django_db


def url(cast):
    return reverse("actionplans:export") + f"?pemda={cast.kalteng.pk}&tahun=2025"


def workbook(response):
    assert response.streaming
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)


def rows(wb, sheet):
    return list(wb[sheet].iter_rows(min_row=3, values_only=True))


def add_tematik(opd, n, prefix):
    for i in range(n):
        make_report(make_plan(opd, f"{prefix}-{i:03d}", theme_code="B2", goal=f"Sasaran {i % 2}"), 1, 10)


def test_query_count_is_flat(cast, login, django_assert_num_queries):
    """session, user (+ membership: the scope), the Pemda; per sheet: kegiatan utama and their plan
    counts; General plans (OPD, theme, programme, kegiatan utama, sasaran tematik joined) and their
    reports; sasaran tematik and their plan counts; tematik plans and their reports; the
    realisation sheet reads the General and then the tematik reports with their plans' columns
    joined, each followed by their evidence (2 + 2): 15, at any size below a chunk. (17 before
    the realisation sheet read its reports joined to their plans instead of plans, then reports,
    then evidence.)"""
    client = login(cast.biro)
    make_plans(cast.dinkes, 2)
    add_tematik(cast.dinkes, 1, "T")
    client.get(url(cast))  # warm caches
    with django_assert_num_queries(15):
        assert len(rows(workbook(client.get(url(cast))), "RA RB General")) == 2
    make_plans(cast.kominfo, 30, prefix="K")
    add_tematik(cast.kominfo, 10, "KT")
    with django_assert_num_queries(15):
        wb = workbook(client.get(url(cast)))
    assert len(rows(wb, "RA RB General")) == 32
    assert len(rows(wb, "RA RB Tematik")) == 11


def test_it_reads_the_plans_in_chunks_without_losing_a_report(cast, login, monkeypatch):
    monkeypatch.setattr("actionplans.export.CHUNK", 3)
    make_plans(cast.dinkes, 10)
    add_tematik(cast.kominfo, 5, "KT")
    wb = workbook(login(cast.biro).get(url(cast)))
    general = rows(wb, "RA RB General")
    assert [r[0] for r in general] == list(range(1, 11))
    # TW I–III realised 25, 50, 75 on every plan, whichever chunk it came in
    assert {(r[20], r[21], r[22]) for r in general} == {(25, 50, 75)}
    # every report once on the realisation sheet: 10 plans × 3 triwulan, then 5 tematik plans × 1
    realisations = rows(wb, "Realisasi per Triwulan")
    assert [r[0] for r in realisations] == list(range(1, 36))
    assert [r[3] for r in realisations[-5:]] == [f"KT-{i:03d}" for i in range(5)]


def test_the_csv_is_streamed_neutralised_and_scoped(cast, login, django_assert_num_queries):
    make_plan(cast.dinkes, "RA-01", indicator="=HYPERLINK(\"http://x\")")
    add_tematik(cast.kominfo, 2, "KT")
    client = login(cast.biro)
    client.get(url(cast) + "&format=csv")  # warm caches
    # session, user (+ membership: the scope), the Pemda; General plans and their reports; tematik plans and their reports
    with django_assert_num_queries(7):
        response = client.get(url(cast) + "&format=csv")
        assert response.streaming
        text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][:3] == ["Jenis", "No", "Perangkat Daerah"]
    assert [line[0] for line in lines[1:]] == ["General", "Tematik", "Tematik"]
    assert lines[0][11] == "Indikator" and lines[1][11] == "'=HYPERLINK(\"http://x\")"
    assert login(cast.biro_other).get(url(cast) + "&format=csv").status_code == 404
