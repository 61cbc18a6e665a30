"""Who sees and downloads a done report, and where it is listed; everything scoped by agencies.scoping.

The tests only read one generated OPD report (a WeasyPrint layout of seconds), so the module
generates it once (tests/module_data.py); request and generation are tested in test_pages.py."""

import pytest
from django.test import override_settings
from django.urls import reverse

from reports.models import Report
from tests.cast import make_cast

from ..module_data import kept_for_the_module
from .example import make_rb_plans

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def kept(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.test import TestCase

    from reports import services

    with kept_for_the_module(django_db_blocker), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        cast = make_cast()
        make_rb_plans(cast)
        with TestCase.captureOnCommitCallbacks(execute=True):
            report, _ = services.request_report(kind=Report.Kind.OPD, opd=cast.dinkes, year=2025, quarter=3, by=cast.opd_admin)
        report.refresh_from_db()
        assert report.is_done, report.failure_reason
        cast.report = report
        yield cast


@pytest.fixture
def cast(kept):
    return kept


@pytest.fixture
def opd_report(kept):
    return Report.objects.get(pk=kept.report.pk)


@pytest.mark.parametrize("name", ["reports:detail", "reports:status", "reports:download"])
def test_another_opds_report_is_404_for_an_opd_admin(cast, login, opd_report, name):
    response = login(cast.opd_admin_other).get(reverse(name, args=[opd_report.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["reports:detail", "reports:status", "reports:download"])
def test_another_provinces_user_gets_404(cast, login, opd_report, name):
    for user in (cast.biro_other, cast.bagian, cast.inspector_other, cast.nobody):
        assert login(user).get(reverse(name, args=[opd_report.pk])).status_code == 404


def test_the_owner_opd_and_the_biro_see_and_download_it(cast, login, opd_report):
    for user in (cast.opd_admin, cast.biro, cast.inspector, cast.leader, cast.observer):
        client = login(user)
        assert client.get(reverse("reports:detail", args=[opd_report.pk])).status_code == 200
        response = client.get(reverse("reports:download", args=[opd_report.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_history_lists_only_reports_in_scope(cast, login, opd_report):
    Report.objects.create(kind="opd", opd=cast.kominfo, pemda=cast.kalteng, year=2025, quarter=3, fingerprint="x")
    Report.objects.create(kind="opd", opd=cast.kaltim_dinkes, pemda=cast.kaltim, year=2025, quarter=3, fingerprint="y")

    own = login(cast.opd_admin).get(reverse("reports:list")).context["page"]
    assert [r.opd for r in own] == [cast.dinkes]
    biro = login(cast.biro).get(reverse("reports:list")).context["page"]
    assert {r.opd for r in biro} == {cast.dinkes, cast.kominfo}


def test_status_json_feeds_the_progress_bar(cast, login, opd_report):
    data = login(cast.opd_admin).get(reverse("reports:status", args=[opd_report.pk])).json()
    assert data["status"] == "done" and data["progress"] == 100 and data["done"] is True
    assert data["download_url"] == reverse("reports:download", args=[opd_report.pk])


def test_the_opd_page_lists_its_reports_in_scope(cast, login, opd_report):
    page = login(cast.biro).get(reverse("agencies:opd", args=[cast.dinkes.pk])).content.decode()
    assert 'data-testid="panel-opd-reports"' in page
    assert reverse("reports:download", args=[opd_report.pk]) in page
    other = login(cast.biro).get(reverse("agencies:opd", args=[cast.kominfo.pk])).content.decode()
    assert reverse("reports:download", args=[opd_report.pk]) not in other
