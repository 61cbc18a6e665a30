import datetime
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.urls import reverse

from evaluations import panels, selectors, services
from evaluations.models import Lhe, Recommendation

from .helpers import make_lhe, make_recommendation, pdf

pytestmark = pytest.mark.django_db


def test_the_biro_records_an_lhe_with_its_pdf(cast, login):
    client = login(cast.biro)
    response = client.post(reverse("evaluations:lhe_create"), {
        "pemda": cast.kalteng.pk, "year": 2024, "kind": "eksternal", "date": "2025-02-20", "number": "B/123/2025",
        "document": pdf("LHE 2024.pdf"), "index_entered": "72,35", "target_predikat": "BB",
    })
    assert response.status_code == 302, response.context["form"].errors
    lhe = Lhe.objects.get()
    assert lhe.index == Decimal("72.35") and lhe.predikat == "BB" and lhe.reaches_target
    assert lhe.document.name.startswith("lhe_document/")
    download = client.get(reverse("evaluations:lhe_document", args=[lhe.pk]))
    assert download["Content-Disposition"].startswith("attachment")


def test_an_index_above_the_maximum_is_refused_on_the_form(cast, login):
    response = login(cast.biro).post(reverse("evaluations:lhe_create"), {
        "pemda": cast.kalteng.pk, "year": 2022, "kind": "eksternal", "date": "2023-02-20",
        "index_entered": "100,01", "target_predikat": "BB",
    })
    assert response.status_code == 200 and "melebihi nilai maksimum" in response.content.decode()
    assert not Lhe.objects.exists()


def test_the_list_shows_badges_distance_and_the_trend_chart(cast, login):
    make_lhe(cast, year=2023, kind="eksternal", index_entered=Decimal("64.20"))
    make_lhe(cast, year=2024, kind="eksternal", index_entered=Decimal("70.00"))
    make_lhe(cast, year=2024, kind="internal", index_entered=Decimal("74.10"))
    page = login(cast.biro).get(reverse("evaluations:lhe_list")).content.decode()
    assert 'data-testid="trend-chart"' in page and "<polyline" in page
    assert page.count('data-testid="predikat"') == 3
    assert "0,01" in page  # 70.00 is B: one hundredth short of BB


def test_the_trend_gives_the_change_per_kind(cast):
    make_lhe(cast, year=2023, kind="eksternal", index_entered=Decimal("64.20"))
    make_lhe(cast, year=2024, kind="eksternal", index_entered=Decimal("70.00"))
    points = selectors.trend(cast.kalteng, kind="eksternal")
    assert [(p["year"], p["predikat"], p["delta"]) for p in points] == [(2023, "B", None), (2024, "B", Decimal("5.80"))]


def test_scores_are_entered_on_the_tree_form(cast, login):
    lhe = make_lhe(cast, year=2024, kind="eksternal")
    nodes = {n.code: n for n in lhe.framework.nodes.all()}
    client = login(cast.biro)
    response = client.post(reverse("evaluations:lhe_scores", args=[lhe.pk]), {
        f"node_{nodes['G'].pk}": "68,25", f"node_{nodes['T'].pk}": "9.5",
    })
    assert response.status_code == 302
    assert Lhe.objects.get(pk=lhe.pk).index == Decimal("77.75")
    bad = client.post(reverse("evaluations:lhe_scores", args=[lhe.pk]), {f"node_{nodes['T'].pk}": "20,5"})
    assert bad.status_code == 200 and Lhe.objects.get(pk=lhe.pk).index == Decimal("77.75")


def test_open_recommendations_for_the_report_pack(cast, django_assert_num_queries):
    closed = make_recommendation(cast)
    services.submit_follow_up(closed, narrative="x", evidence=pdf(), by=cast.opd_admin)
    services.close_recommendation(closed, by=cast.inspector)
    late = make_recommendation(cast, lhe=closed.lhe, due=datetime.date(2020, 1, 1))
    later = make_recommendation(cast, lhe=closed.lhe, opds=[cast.kominfo, cast.dinkes])
    make_recommendation(cast, lhe=make_lhe(cast, pemda=cast.kaltim, by=cast.biro_other), opds=[cast.kaltim_dinkes], by=cast.biro_other)
    with django_assert_num_queries(2):  # recommendations (finding, LHE, Pemda, province joined), OPDs
        rows = selectors.open_recommendations(cast.kalteng)
    assert [(r.pk, r.is_overdue) for r in rows] == [(late.pk, True), (later.pk, False)]
    assert set(rows[1].opd_codes) == {"DISKOMINFO", "DINKES"} and rows[0].finding_number == late.finding.number


def test_completion_changes_when_a_recommendation_is_closed(cast, login):
    rec = make_recommendation(cast, opds=[cast.dinkes, cast.kominfo])
    make_recommendation(cast, lhe=rec.lhe, opds=[cast.dinkes])
    rows = {o.code: (o.total, o.closed, o.percent) for o in selectors.completion_by_opd(cast.biro)}
    assert rows == {"DINKES": (2, 0, 0), "DISKOMINFO": (1, 0, 0)}
    services.submit_follow_up(rec, narrative="x", evidence=pdf(), by=cast.opd_admin)
    services.close_recommendation(rec, by=cast.inspector)
    rows = {o.code: (o.total, o.closed, o.percent) for o in selectors.completion_by_opd(cast.biro)}
    assert rows == {"DINKES": (2, 1, 50), "DISKOMINFO": (1, 1, 100)}
    assert [o.code for o in selectors.completion_by_opd(cast.opd_admin)] == ["DINKES"]
    assert selectors.completion_by_opd(cast.biro_other) == []
    totals = login(cast.leader).get(reverse("evaluations:completion")).context["totals"]
    assert (totals["total"], totals["closed"], totals["percent"]) == (2, 1, 50)  # shared ones counted once


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_home_panels_per_role(cast):
    lhe = make_lhe(cast, year=2024, kind="eksternal", index_entered=Decimal("66.40"))
    rec = make_recommendation(cast, lhe=lhe)
    late = make_recommendation(cast, lhe=lhe, due=datetime.date(2020, 1, 1))
    services.submit_follow_up(rec, narrative="x", evidence=pdf(), by=cast.opd_admin)

    [biro_panel] = panels.home_panels(_request(cast.biro))
    assert biro_panel["lhes"] == [lhe] and lhe.distance_to_target == Decimal("3.61")
    assert [p["template"] for p in panels.home_panels(_request(cast.leader))] == ["evaluations/_panel_predikat.html"]
    [review] = panels.home_panels(_request(cast.inspector))
    assert review["count"] == 1
    assert panels.home_panels(_request(cast.inspector_other))[0]["count"] == 0
    [mine] = panels.home_panels(_request(cast.opd_admin))
    assert (mine["count"], mine["overdue"]) == (2, 1) and late in mine["recs"]
    assert panels.home_panels(_request(cast.opd_admin_other))[0]["count"] == 0
    assert panels.home_panels(_request(cast.observer)) == []


def test_opd_panel_lists_the_opds_recommendations(cast):
    rec = make_recommendation(cast, opds=[cast.dinkes])
    [panel] = panels.opd_panels(_request(cast.biro), cast.dinkes)
    assert panel["recs"] == [rec] and panel["total"] == 1
    assert panels.opd_panels(_request(cast.biro), cast.kominfo) == []
    assert panels.opd_panels(_request(cast.opd_admin_other), cast.dinkes) == []


def test_pages_render_for_every_role(cast, login):
    lhe = make_lhe(cast, year=2024, kind="eksternal")
    nodes = {n.code: n for n in lhe.framework.nodes.all()}
    services.set_scores(lhe, {nodes["G.A.1"]: Decimal("50"), nodes["T"]: Decimal("10")}, by=cast.biro)
    rec = make_recommendation(cast, lhe=lhe)
    framework = lhe.framework
    for user in (cast.biro, cast.opd_admin, cast.inspector, cast.leader, cast.observer, cast.superuser):
        client = login(user)
        for url in (
            reverse("evaluations:lhe_list"), reverse("evaluations:lhe", args=[lhe.pk]),
            reverse("evaluations:lhe_simulator", args=[lhe.pk]), reverse("evaluations:my_recommendations"),
            reverse("evaluations:completion"), reverse("evaluations:frameworks"),
            reverse("evaluations:framework", args=[framework.pk]), reverse("evaluations:lhe_worksheet", args=[lhe.pk]),
        ):
            assert client.get(url).status_code == 200, (user, url)
        expected = 404 if user in (cast.opd_admin_other,) else 200
        assert client.get(reverse("evaluations:recommendation", args=[rec.pk])).status_code == expected


def test_recommendation_page_lists_meeting_follow_ups_when_the_meetings_app_links_them(cast, login):
    rec = make_recommendation(cast)
    page = login(cast.biro).get(reverse("evaluations:recommendation", args=[rec.pk]))
    assert (page.context["meeting_followups"] is not None) == hasattr(Recommendation, "meeting_followups")


def test_the_admin_edits_frameworks_and_only_shows_lhe(cast, login):
    lhe = make_lhe(cast)
    client = login(cast.superuser)
    framework = lhe.framework
    assert client.get(reverse("admin:evaluations_framework_change", args=[framework.pk])).status_code == 200
    assert client.get(reverse("admin:evaluations_framework_add")).status_code == 200
    assert client.get(reverse("admin:evaluations_lhe_changelist")).status_code == 200
    assert client.get(reverse("admin:evaluations_lhe_add")).status_code == 403
    page = client.get(reverse("admin:evaluations_lhe_change", args=[lhe.pk]))
    assert page.status_code == 200 and b'name="_save"' not in page.content
    for name in ("recommendation", "followup", "finding", "transition", "frameworknode"):
        assert client.get(reverse(f"admin:evaluations_{name}_changelist")).status_code == 200, name


def test_the_biro_edits_an_lhe_and_the_index_follows(cast, login):
    lhe = make_lhe(cast, year=2024, kind="eksternal", index_entered=Decimal("66.40"))
    client = login(cast.biro)
    response = client.post(reverse("evaluations:lhe_edit", args=[lhe.pk]), {
        "date": "2025-02-21", "number": "B/9/2025", "index_entered": "70,01", "target_predikat": "A",
        "document": pdf("lhe-baru.pdf"),
    })
    assert response.status_code == 302
    lhe.refresh_from_db()
    assert (lhe.index, lhe.predikat, lhe.target_predikat, lhe.number) == (Decimal("70.01"), "BB", "A", "B/9/2025")
    assert lhe.document.name.startswith("lhe_document/")
    assert lhe.history.count() >= 2
    assert login(cast.inspector_other).get(reverse("evaluations:lhe_edit", args=[lhe.pk])).status_code == 404


def test_an_opd_marks_a_recommendation_in_progress(cast, login):
    rec = make_recommendation(cast)
    client = login(cast.opd_admin)
    assert b'data-testid="start"' in client.get(reverse("evaluations:recommendation", args=[rec.pk])).content
    client.post(reverse("evaluations:recommendation_start", args=[rec.pk]))
    assert Recommendation.objects.get(pk=rec.pk).status == Recommendation.Status.IN_PROGRESS
    assert login(cast.opd_admin_other).post(reverse("evaluations:recommendation_start", args=[rec.pk])).status_code == 404
    assert login(cast.leader).post(reverse("evaluations:recommendation_start", args=[rec.pk])).status_code == 403


def test_findings_and_recommendations_are_added_on_the_pages(cast, login):
    lhe = make_lhe(cast)
    client = login(cast.biro)
    client.post(reverse("evaluations:finding_create", args=[lhe.pk]), {"description": "Zona integritas belum dibangun."})
    finding = lhe.findings.get()
    response = client.post(reverse("evaluations:recommendation_create", args=[finding.pk]), {
        "text": "Bangun zona integritas di RSUD.", "opds": [cast.dinkes.pk, cast.biro_kalteng.pk], "due_date": "2026-06-30",
    })
    rec = Recommendation.objects.get()
    assert response.url == rec.get_absolute_url()
    assert set(rec.opds.all()) == {cast.dinkes, cast.biro_kalteng}
    assert login(cast.leader).get(reverse("evaluations:recommendation_create", args=[finding.pk])).status_code == 403
    assert login(cast.biro_other).get(reverse("evaluations:recommendation_create", args=[finding.pk])).status_code == 404
