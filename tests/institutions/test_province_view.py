"""The Biro's province view: figures per regency/city and provincial agency, fixed query count."""

import datetime

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import Opd
from institutions.models import Mismatch, OrganisationStructure, PostConversion, Regulation, SimplificationBaseline

from .helpers import make_workload

pytestmark = pytest.mark.django_db


def add_agencies(cast, n, start=0):
    for i in range(start, start + n):
        opd = Opd.objects.create(pemda=cast.kalteng, code=f"X{i}", name=f"Dinas Uji {i}", kind="dinas", type="B")
        OrganisationStructure.objects.create(opd=opd, valid_from=datetime.date(2023, 1, 1))
        Mismatch.objects.create(opd=opd, post="JF", kind="duties", description="d")
        pky = Opd.objects.create(pemda=cast.palangkaraya, code=f"X{i}", name=f"Dinas Uji PKY {i}", kind="dinas")
        PostConversion.objects.create(opd=pky, former_post="Kasi", former_level="pengawas", functional_position="JF",
                                      person_name="P", converted_on=datetime.date(2022, 1, 1), decree_number="1")
        Regulation.objects.create(pemda=cast.palangkaraya, kind="other", subject=f"R{i}", status="enacted")


def test_query_count_is_flat(cast, login):
    client = login(cast.biro)
    url = reverse("institutions:index")
    add_agencies(cast, 10)
    client.get(url)  # warm caches
    # session, user (+ membership: the scope), province, provinces (selector),
    # pemda rows (all figures as subqueries), provincial agency rows, model regulations
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_agencies(cast, 90, start=10)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(few) == len(many) == 7, [q["sql"][:80] for q in many.captured_queries]
    assert response.content.decode().count("Dinas Uji ") == 100


def test_it_shows_each_figure(cast, login):
    SimplificationBaseline.objects.create(pemda=cast.palangkaraya, posts_before=40)
    add_agencies(cast, 4)
    make_workload(cast.kalteng, {cast.dinkes: 690, cast.kominfo: 410}, by=cast.biro)
    view = __import__("institutions.selectors", fromlist=["province_view"]).province_view(cast.biro, cast.kalteng.province)
    pky = next(r for r in view.pemda_rows if r.code == "62.71")
    assert (pky.simplification_percent, pky.regulations_enacted) == (10, 4)
    province = next(r for r in view.pemda_rows if r.code == "62")
    assert province.open_mismatches == 4 and province.type_mismatches == 1
    kominfo = next(r for r in view.opd_rows if r.pk == cast.kominfo.pk)
    assert (kominfo.workload_type, kominfo.type_mismatches) == ("C", 1)
    other = __import__("institutions.selectors", fromlist=["province_view"]).province_view(cast.bagian, cast.kalteng.province)
    assert [r.code for r in other.pemda_rows] == ["62.71"] and other.opd_rows == ()


def test_it_sorts(cast, login):
    add_agencies(cast, 3)
    html = login(cast.biro).get(reverse("institutions:index") + "?sort=-open_mismatches").content.decode()
    assert html.index("Pemerintah Provinsi Kalimantan Tengah") < html.index("Pemerintah Kota Palangkaraya")


def test_the_export_is_formula_safe(cast, login):
    Opd.objects.create(pemda=cast.kalteng, code="EVIL", name="=HYPERLINK(\"http://x\")", kind="dinas")
    response = login(cast.biro).get(reverse("institutions:index_export"))
    sheet = openpyxl.load_workbook(__import__("io").BytesIO(response.content)).active
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "'=HYPERLINK(\"http://x\")" in names
    assert not any(isinstance(n, str) and n.startswith("=") for n in names)


def test_other_province_is_not_found(cast, login):
    assert login(cast.biro).get(reverse("institutions:index") + "?province=64").status_code == 404
    assert login(cast.observer).get(reverse("institutions:index") + "?province=64").status_code == 200
