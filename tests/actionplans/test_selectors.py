"""Selectors the quarterly reports read: figures from a hand-made example."""

import pytest

from actionplans.selectors import opd_quarter_summary, pemda_quarter_summary
from agencies.scoping import pemda_scope

from .factories import make_plan, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(cast):
    a = make_plan(cast.dinkes, "A", targets=(25, 50, 75, 100), weight=2, budget=1250000)
    make_report(a, 3, 75, "verified", obstacles="Data terlambat", solutions="Rapat koordinasi")
    b = make_plan(cast.dinkes, "B", targets=(10, 10, 10, 10), mode="per_quarter", theme_code="B1")
    make_report(b, 1, 10, "verified")
    make_report(b, 2, 10, "verified")
    make_report(b, 3, 5, "returned", comment="Lengkapi bukti")
    c = make_plan(cast.kominfo, "C", targets=(0, 0, 100, 100), theme_code="B1")
    make_report(c, 3, 100, "submitted")
    p = make_plan(cast.pky_dinkes, "P", targets=(1, 2, 3, 4))
    make_report(p, 3, 3, "verified")
    make_plan(cast.pky_disdik, "Q", targets=(1, 2, 3, 4))
    return cast


def test_opd_summary_holds_plans_figures_and_open_items(data):
    s = opd_quarter_summary(data.dinkes, 2025, 3)
    assert [r.code for r in s.plans] == ["B", "A"]  # ordered by programme kind (berdampak < general), then theme order
    a = next(r for r in s.plans if r.code == "A")
    assert a.targets[2] == 75 and a.realisation == 75 and a.achieved and a.status == "verified"
    assert a.obstacles == "Data terlambat" and a.solutions == "Rapat koordinasi"
    b = next(r for r in s.plans if r.code == "B")
    # the returned TW III report does not count: (10 + 10 + 0) / 30
    assert b.achievement == pytest.approx(200 / 3) and not b.achieved
    assert [r.code for r in s.returned] == ["B"] and s.returned[0].comment == "Lengkapi bukti"
    assert s.unverified == ()
    assert (s.plan_count, s.achieved_count, s.reported_count) == (2, 1, 1)
    assert s.reporting_rate == 50.0 and s.has_reported is False
    assert s.achievement == pytest.approx((100 * 2 + 200 / 3) / 3)
    assert {t.code: t.achieved for t in s.themes} == {"G1": 1, "B1": 0}


def test_opd_summary_runs_in_three_queries(data, django_assert_num_queries):
    # plans + themes joined, reports with evidence counts, (none for evidence itself)
    with django_assert_num_queries(2):
        opd_quarter_summary(data.dinkes, 2025, 3)


def test_pemda_summary_for_the_province(data):
    s = pemda_quarter_summary(data.kalteng, 2025, 3, scope=pemda_scope(data.kalteng))
    assert s["plans"] == 3 and s["achieved"] == 2
    assert s["target"]["actual"] == pytest.approx(200 / 3) and s["target"]["target"] == 75.0
    # active OPDs of the Pemda: Biro, Dinkes, Kominfo, Inspektorat; only Kominfo reported all plans
    assert s["reporting"] == {"opds": 4, "reported": 1, "rate": 25.0}
    assert {row["opd"].code for row in s["not_reported"]} == {"BIRO-ORG", "DINKES", "INSPEKTORAT"}
    assert [row["opd"].code for row in s["opd_ranking"]] == ["DISKOMINFO", "DINKES"]
    assert s["pending"] == {"submitted": 1, "returned": 1, "draft": 0}
    regencies = {row["pemda"].regency.code: row for row in s["regencies"]}
    assert regencies["62.71"]["plans"] == 2 and regencies["62.71"]["achieved"] == 1
    assert regencies["62.71"]["reporting_rate"] == 50.0
    assert regencies["62.01"]["plans"] == 0


def test_pemda_summary_for_a_regency_has_no_regency_rows(data):
    s = pemda_quarter_summary(data.palangkaraya, 2025, 3, scope=pemda_scope(data.palangkaraya))
    assert s["plans"] == 2 and s["regencies"] == []


def test_pemda_summary_adds_up_only_what_the_scope_reaches(data):
    """An OPD admin: their own OPD's figures; the province Pemda's inspector: no regency/city row."""
    s = pemda_quarter_summary(data.kalteng, 2025, 3, scope=data.opd_admin.scope)
    assert s["plans"] == 2 and [row["opd"].code for row in s["opd_ranking"]] == ["DINKES"]
    assert s["reporting"]["opds"] == 1 and {t["code"] for t in s["themes"]} == {"G1", "B1"}
    assert s["target"]["plans"] == 2 and s["regencies"] == []
    s = pemda_quarter_summary(data.kalteng, 2025, 3, scope=data.inspector.scope)
    assert s["plans"] == 3 and s["reporting"]["opds"] == 4 and s["regencies"] == []
    s = pemda_quarter_summary(data.kalteng, 2025, 3, scope=data.biro.scope)
    assert {row["pemda"].regency.code for row in s["regencies"]} == {"62.71", "62.01"}


def test_the_target_page_shows_an_opd_admin_only_their_own_opd(data, client):
    client.force_login(data.opd_admin)
    page = client.get("/rencana-aksi/target/?tahun=2025&tw=3").content.decode()
    assert data.dinkes.name in page
    for other in (data.kominfo, data.pky_dinkes):
        assert other.name not in page
    assert "Kota Palangka Raya" not in page
