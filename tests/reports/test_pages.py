"""Request, watch, download and list reports; everything scoped by agencies.scoping."""

import pytest
from django.urls import reverse

from reports.models import Report

pytestmark = pytest.mark.django_db


def post_request(client, capture, **data):
    form = {"kind": "opd", "year": 2025, "quarter": 3, **data}
    with capture(execute=True):
        return client.post(reverse("reports:list"), form)


def test_it_generates_an_opd_report_from_the_page(cast, login, rb_data, media, django_capture_on_commit_callbacks):
    client = login(cast.opd_admin)
    response = post_request(client, django_capture_on_commit_callbacks, opd=cast.dinkes.pk)

    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.status == Report.Status.DONE and report.progress == 100
    assert report.requested_by == cast.opd_admin and report.opd == cast.dinkes and report.pemda == cast.kalteng
    assert len(report.sha256) == 64 and report.pages >= 2
    assert report.file.name.startswith("reports/2025/") and report.file.name.endswith(".pdf")


def test_asking_again_with_unchanged_data_returns_the_same_report(cast, login, rb_data, media,
                                                                  django_capture_on_commit_callbacks):
    client = login(cast.biro)
    post_request(client, django_capture_on_commit_callbacks, opd=cast.dinkes.pk)
    response = post_request(client, django_capture_on_commit_callbacks, opd=cast.dinkes.pk)

    assert Report.objects.count() == 1
    assert response["Location"] == Report.objects.get().get_absolute_url()


def test_regenerate_forces_a_new_report(cast, login, rb_data, media, django_capture_on_commit_callbacks):
    client = login(cast.biro)
    post_request(client, django_capture_on_commit_callbacks, opd=cast.dinkes.pk)
    post_request(client, django_capture_on_commit_callbacks, opd=cast.dinkes.pk, regenerate="on")

    reports = list(Report.objects.all())
    assert len(reports) == 2 and all(r.is_done for r in reports)
    assert reports[0].file.name != reports[1].file.name


def test_changed_data_makes_a_new_report(cast, login, rb_data, media, django_capture_on_commit_callbacks):
    from actionplans.models import ProgressReport

    client = login(cast.biro)
    post_request(client, django_capture_on_commit_callbacks, opd=cast.dinkes.pk)
    report = ProgressReport.objects.filter(plan__opd=cast.dinkes, quarter=3).first()
    report.realisation += 1
    report.save(update_fields=["realisation"])
    post_request(client, django_capture_on_commit_callbacks, opd=cast.dinkes.pk)

    assert Report.objects.count() == 2
    assert len({r.fingerprint for r in Report.objects.all()}) == 2


def test_an_opd_admin_cannot_request_another_opds_report(cast, login, rb_data, media,
                                                         django_capture_on_commit_callbacks):
    client = login(cast.opd_admin)
    response = post_request(client, django_capture_on_commit_callbacks, opd=cast.kominfo.pk)

    assert response.status_code == 200
    assert "opd" in response.context["form"].errors
    assert not Report.objects.exists()


def test_an_opd_admin_cannot_request_a_province_pack(cast, login, rb_data, media,
                                                     django_capture_on_commit_callbacks):
    client = login(cast.opd_admin)
    response = post_request(client, django_capture_on_commit_callbacks, kind="province", pemda=cast.kalteng.pk)

    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert not Report.objects.exists()


def test_biro_of_another_province_cannot_request_here(cast, login, rb_data, media,
                                                      django_capture_on_commit_callbacks):
    client = login(cast.biro_other)
    response = post_request(client, django_capture_on_commit_callbacks, kind="province", pemda=cast.kalteng.pk)

    assert "pemda" in response.context["form"].errors
    assert not Report.objects.exists()


def test_a_running_report_has_no_download_and_the_page_polls(cast, login):
    report = Report.objects.create(kind="opd", opd=cast.dinkes, pemda=cast.kalteng, year=2025, quarter=3,
                                   fingerprint="x", status="running", progress=40)
    client = login(cast.opd_admin)
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert 'data-report-status-url="/laporan/%d/status/"' % report.pk in page
    assert "js/reports.js" in page and "<script>" not in page
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 404


def test_a_failure_shows_its_reason(cast, login):
    report = Report.objects.create(kind="opd", opd=cast.dinkes, pemda=cast.kalteng, year=2025, quarter=3,
                                   fingerprint="x", status="failed", failure_reason="Data rencana aksi belum tersedia.")
    client = login(cast.opd_admin)
    assert "Data rencana aksi belum tersedia." in client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Data rencana aksi belum tersedia." in client.get(reverse("reports:list")).content.decode()


def test_a_failed_generation_records_a_readable_reason(cast, login, rb_data, media,
                                                      django_capture_on_commit_callbacks, monkeypatch):
    from actionplans import selectors

    original = selectors.opd_quarter_summary
    calls = {"n": 0}

    def flaky(opd, year, quarter):
        calls["n"] += 1
        if calls["n"] > 1:  # the request fingerprints fine, the generation breaks
            raise ValueError("target TW III kosong")
        return original(opd, year, quarter)

    monkeypatch.setattr(selectors, "opd_quarter_summary", flaky)
    post_request(login(cast.biro), django_capture_on_commit_callbacks, opd=cast.dinkes.pk)

    report = Report.objects.get()
    assert report.status == Report.Status.FAILED
    assert "target TW III kosong" in report.failure_reason
    assert not report.file


def test_the_list_query_count_is_flat(cast, login, django_assert_num_queries):
    client = login(cast.biro)

    def make(n):
        for i in range(n):
            Report.objects.create(kind="opd", opd=cast.dinkes, pemda=cast.kalteng, year=2025, quarter=3,
                                  fingerprint=str(i), requested_by=cast.biro)

    make(3)
    client.get(reverse("reports:list"))
    # session, user (+ membership: the scope); form: default period (the latest reported in scope; none
    # here, so the latest triwulan past its deadline), province Pemda exists, OPD count
    # (single-OPD default); reports count; OPD choices and Pemda choices (rendering the selects);
    # one page of reports (pemda, opd, requester joined)
    with django_assert_num_queries(10) as ctx:
        client.get(reverse("reports:list"))
    make(20)
    with django_assert_num_queries(len(ctx.captured_queries)):
        client.get(reverse("reports:list"))
