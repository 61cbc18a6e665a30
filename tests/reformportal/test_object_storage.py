"""Files on an S3-compatible store (several hosts): against a real S3 API on loopback, moto's
server mode. Evidence uploads, a province pack with its parts, scoped downloads, parts cleaned up."""

import socket
import subprocess
import sys
import time

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplans.models import Evidence
from reports import services as report_services
from reports.models import Report
from reformportal.storage import object_storage_options
from tests.actionplans.factories import make_plan
from tests.reports.example import make_plans

BUCKET = "portal-uji"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def s3_server():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield endpoint
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def object_storage(s3_server, settings):
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1",
                          aws_access_key_id="uji", aws_secret_access_key="uji")
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": object_storage_options(
                f"s3://{BUCKET}?endpoint_url={s3_server}&region_name=us-east-1", access_key="uji", secret_key="uji"
            ),
        },
    }
    keys = lambda prefix="": [o["Key"] for o in client.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", [])]  # noqa: E731
    yield keys
    for key in keys():
        client.delete_object(Bucket=BUCKET, Key=key)
    client.delete_bucket(Bucket=BUCKET)


@pytest.mark.django_db
def test_evidence_goes_to_the_bucket_and_comes_back_only_through_the_scoped_view(cast, login, object_storage):
    plan = make_plan(cast.dinkes, "RA-03")
    client = login(cast.opd_admin)
    client.post(reverse("actionplans:evidence_add", args=[plan.pk, 3]),
                {"label": "Bukti", "file": SimpleUploadedFile("bukti.pdf", PDF)})
    evidence = Evidence.objects.get()
    assert object_storage("evidence/") == [evidence.file.name]
    response = client.get(reverse("actionplans:evidence", args=[evidence.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert login(cast.opd_admin_other).get(reverse("actionplans:evidence", args=[evidence.pk])).status_code == 404


@pytest.mark.django_db
def test_a_province_pack_renders_its_parts_on_the_store_and_cleans_them_up(
    cast, login, object_storage, django_capture_on_commit_callbacks
):
    make_plans(cast.dinkes, 2)
    make_plans(cast.kominfo, 1)
    with django_capture_on_commit_callbacks(execute=True):  # the task is sent on commit (eager here)
        report, created = report_services.request_report(kind="province", pemda=cast.kalteng, year=2025,
                                                         quarter=3, by=cast.biro)
    report.refresh_from_db()
    assert created and report.status == Report.Status.DONE, report.failure_reason
    assert report.parts_total >= 2  # the pack really fanned out into parts
    assert object_storage("reports/parts/") == []  # merged, then deleted from the bucket
    assert report.file.name in object_storage("reports/")
    response = login(cast.biro).get(reverse("reports:download", args=[report.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert login(cast.biro_other).get(reverse("reports:download", args=[report.pk])).status_code == 404


def test_storage_url_gives_private_s3_options():
    options = object_storage_options("s3://arsip?endpoint_url=https://s3.example.go.id&region_name=id-jkt-1")
    assert options == {
        "bucket_name": "arsip", "endpoint_url": "https://s3.example.go.id", "region_name": "id-jkt-1",
        "default_acl": None, "querystring_auth": True, "querystring_expire": 300, "file_overwrite": False,
    }
    assert object_storage_options("") == {}
    assert object_storage_options("", bucket="arsip")["bucket_name"] == "arsip"
    with pytest.raises(ImproperlyConfigured):
        object_storage_options("https://arsip")
