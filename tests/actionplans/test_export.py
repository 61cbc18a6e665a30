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
    """session, user, membership (scope), the Pemda; General plans (OPD, theme, programme
    joined) and their reports (evidence counted); tematik goals; tematik plans and their reports."""
    client = login(cast.biro)
    make_plans(cast.dinkes, 2)
    add_tematik(cast.dinkes, 1, "T")
    client.get(url(cast))  # warm caches
    with django_assert_num_queries(9):
        assert len(rows(workbook(client.get(url(cast))), "RA RB General")) == 2
    make_plans(cast.kominfo, 30, prefix="K")
    add_tematik(cast.kominfo, 10, "KT")
    with django_assert_num_queries(9):
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
    assert {(r[16], r[17], r[18]) for r in general} == {(25, 50, 75)}
    themes = rows(wb, "Tema dan Sasaran Tematik")
    assert [(r[3], r[4], r[5]) for r in themes] == [("Sasaran 0", 3, cast.kominfo.name), ("Sasaran 1", 2, cast.kominfo.name)]


def test_the_csv_is_streamed_neutralised_and_scoped(cast, login, django_assert_num_queries):
    make_plan(cast.dinkes, "RA-01", indicator="=HYPERLINK(\"http://x\")")
    add_tematik(cast.kominfo, 2, "KT")
    client = login(cast.biro)
    client.get(url(cast) + "&format=csv")  # warm caches
    # session, user, membership (scope), the Pemda; General plans and their reports; tematik plans and their reports
    with django_assert_num_queries(8):
        response = client.get(url(cast) + "&format=csv")
        assert response.streaming
        text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][:3] == ["Jenis", "No", "Perangkat Daerah"]
    assert [line[0] for line in lines[1:]] == ["General", "Tematik", "Tematik"]
    assert lines[1][9] == "'=HYPERLINK(\"http://x\")"
    assert login(cast.biro_other).get(url(cast) + "&format=csv").status_code == 404
