"""Operations: rate limits, the report regeneration cap, people-first queues, retention, backups
on the schedule, and workers in /healthz."""

import datetime
import time
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.utils import timezone
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from actionplans.models import ImportLog
from reformportal import health
from reformportal.celery import app
from reports.models import Report
from reformportal.throttling import PortalAnonThrottle

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# --- rate limits ------------------------------------------------------------------------------


def test_the_api_answers_429_in_indonesian_past_the_user_rate(cast, client, settings):
    settings.API_THROTTLE_USER = "3/minute"
    client.force_login(cast.biro)
    statuses = [client.get("/api/v1/action-plans/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/action-plans/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Permintaan" in response.json()["detail"]  # DRF's Indonesian "Permintaan ditahan…"


def test_the_429_follows_an_english_user(cast, client, settings):
    settings.API_THROTTLE_USER = "1/minute"
    client.force_login(cast.biro)
    client.cookies["django_language"] = "en"  # the language the user chose
    client.get("/api/v1/action-plans/")
    response = client.get("/api/v1/action-plans/")
    assert response.status_code == 429
    assert "throttled" in response.json()["detail"]


def test_each_user_has_their_own_allowance(cast, client, settings):
    settings.API_THROTTLE_USER = "1/minute"
    client.force_login(cast.biro)
    assert client.get("/api/v1/action-plans/").status_code == 200
    assert client.get("/api/v1/action-plans/").status_code == 429
    client.force_login(cast.biro_other)
    assert client.get("/api/v1/action-plans/").status_code == 200


def test_anonymous_clients_are_limited_per_address(settings):
    settings.API_THROTTLE_ANON = "2/minute"

    class Public(APIView):
        authentication_classes = []
        permission_classes = []
        throttle_classes = [PortalAnonThrottle]

        def get(self, request):
            from rest_framework.response import Response

            return Response({"ok": True})

    view = Public.as_view()
    factory = APIRequestFactory()
    here = [view(factory.get("/x", REMOTE_ADDR="10.1.1.1")).status_code for _ in range(3)]
    elsewhere = view(factory.get("/x", REMOTE_ADDR="10.1.1.2")).status_code
    assert here == [200, 200, 429] and elsewhere == 200


# --- the regeneration cap -----------------------------------------------------------------------


def test_regenerating_reports_past_the_hourly_cap_answers_429_and_queues_nothing(cast, login, settings, media):
    settings.REPORT_REGENERATIONS_PER_HOUR = 2
    for _ in range(2):
        Report.objects.create(kind="opd", opd=cast.dinkes, pemda=cast.kalteng, year=2025, quarter=3,
                              fingerprint="f", requested_by=cast.biro)
    client = login(cast.biro)
    response = client.post("/laporan/", {"kind": "opd", "opd": cast.dinkes.pk, "year": 2025, "quarter": 3,
                                         "regenerate": "on"})
    assert response.status_code == 429
    assert "batas 2" in response.content.decode()
    assert Report.objects.count() == 2


def test_older_reports_do_not_count_against_the_cap(cast, settings):
    from reports.services import check_regeneration_allowance

    settings.REPORT_REGENERATIONS_PER_HOUR = 1
    report = Report.objects.create(kind="opd", opd=cast.dinkes, pemda=cast.kalteng, year=2025, quarter=3,
                                   fingerprint="f", requested_by=cast.biro)
    Report.objects.filter(pk=report.pk).update(requested_at=timezone.now() - datetime.timedelta(hours=2))
    check_regeneration_allowance(cast.biro)  # no exception


# --- queues ------------------------------------------------------------------------------------


def test_scheduled_work_goes_to_the_batch_queue_and_people_to_the_interactive_one(settings):
    route = app.amqp.router.route
    assert route({}, "reports.generate_due_province_packs")["queue"].name == "batch"
    assert route({}, "actionplans.send_report_reminders")["queue"].name == "batch"
    assert route({}, "reports.generate_report")["queue"].name == "interactive"
    assert route({}, "reformportal.ping")["queue"].name == "interactive"


@pytest.mark.parametrize(("trigger", "queue"), [("manual", "interactive"), ("schedule", "batch")])
def test_a_report_is_sent_to_the_queue_of_who_asked(cast, trigger, queue):
    from reports import services

    with mock.patch("reformportal.taskqueue.send_task_safely") as send:
        services._send_generate(123, trigger)
    assert send.call_args.kwargs == {"queue": queue}


def test_a_fanned_out_task_keeps_the_queue_it_came_from():
    from types import SimpleNamespace

    from reformportal.taskqueue import current_queue

    assert current_queue(SimpleNamespace(delivery_info={"routing_key": "batch"})) == "batch"
    assert current_queue(SimpleNamespace(delivery_info=None)) is None  # eager


def test_every_task_has_time_limits_and_workers_are_recycled(settings):
    assert 0 < settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_WORKER_MAX_TASKS_PER_CHILD > 0
    # One beat under a Redis lock whenever there is Redis (read in a process of its own).
    import subprocess
    import sys

    scheduler = subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'reformportal.settings';"
         " django.setup(); from django.conf import settings; print(settings.CELERY_BEAT_SCHEDULER)"],
        env={**__import__("os").environ, "REDIS_URL": "redis://127.0.0.1:6379/15"}, capture_output=True, text=True,
    ).stdout.strip()
    assert scheduler == "redbeat.RedBeatScheduler"


# --- retention ---------------------------------------------------------------------------------


def test_old_blanks_lose_their_file_and_keep_their_log(cast, media):
    from actionplans.services import prune_old_blanks

    old = ImportLog.objects.create(opd=cast.dinkes, year=2024, by=cast.opd_admin)
    old.file.save("old.xlsx", ContentFile(b"PK old"))
    ImportLog.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=400))
    recent = ImportLog.objects.create(opd=cast.dinkes, year=2025, by=cast.opd_admin)
    recent.file.save("new.xlsx", ContentFile(b"PK new"))
    old_path = old.file.path

    assert prune_old_blanks(older_than_days=365) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.file == "" and not __import__("os").path.exists(old_path)
    assert recent.file and recent.file.storage.exists(recent.file.name)
    assert ImportLog.objects.count() == 2


def test_superseded_reports_go_after_the_keep_time_and_the_latest_stays(cast, media):
    from reports.services import prune_superseded_reports

    def done(days_ago, **scope):
        report = Report.objects.create(year=2025, quarter=3, fingerprint="f", status="done", **scope)
        report.file.save("r.pdf", ContentFile(b"%PDF"), save=True)
        Report.objects.filter(pk=report.pk).update(finished_at=timezone.now() - datetime.timedelta(days=days_ago))
        return report

    opd = {"kind": "opd", "opd": cast.dinkes, "pemda": cast.kalteng}
    pack = {"kind": "province", "pemda": cast.kalteng}
    oldest, older, latest = done(90, **opd), done(60, **opd), done(1, **opd)
    old_pack, new_pack = done(90, **pack), done(45, **pack)
    other_opd = done(90, kind="opd", opd=cast.kominfo, pemda=cast.kalteng)  # nothing newer: stays
    english = done(200, language="en", **opd)  # another language is another report: stays

    # "oldest" was replaced by "older" 60 days ago, the old pack by the new one 45 days ago;
    # "older" was replaced by "latest" only yesterday, within the keep time, so it stays.
    assert prune_superseded_reports(older_than_days=30) == 2
    assert set(Report.objects.values_list("pk", flat=True)) == {
        older.pk, latest.pk, new_pack.pk, other_opd.pk, english.pk
    }
    assert not oldest.file.storage.exists(oldest.file.name)
    assert not old_pack.file.storage.exists(old_pack.file.name)
    assert latest.file.storage.exists(latest.file.name)


def test_expired_sessions_and_old_login_records_are_pruned(cast, settings):
    from axes.models import AccessAttempt, AccessLog

    from reformportal.tasks import prune_sessions_and_login_attempts

    Session.objects.create(session_key="x" * 32, session_data="e30", expire_date=timezone.now() - datetime.timedelta(days=1))
    Session.objects.create(session_key="y" * 32, session_data="e30", expire_date=timezone.now() + datetime.timedelta(days=1))
    for days in (200, 1):
        attempt = AccessAttempt.objects.create(username=f"u{days}", ip_address="10.0.0.1", user_agent="t", failures_since_start=1)
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=timezone.now() - datetime.timedelta(days=days))
        log = AccessLog.objects.create(username="u", ip_address="10.0.0.1", user_agent="t")
        AccessLog.objects.filter(pk=log.pk).update(attempt_time=timezone.now() - datetime.timedelta(days=days))

    result = prune_sessions_and_login_attempts()
    assert result == {"attempts": 1, "logins": 1, "failures": 0}
    assert list(Session.objects.values_list("session_key", flat=True)) == ["y" * 32]
    assert AccessAttempt.objects.count() == 1 and AccessLog.objects.count() == 1


def test_the_audit_history_is_never_on_the_retention_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"reports.prune_superseded_reports", "actionplans.prune_old_blanks",
            "reformportal.prune_sessions_and_login_attempts"} <= tasks
    assert not any("history" in task for task in tasks)


def test_nightly_backups_keep_the_newest(tmp_path, monkeypatch, media):
    from reformportal import backup

    made = []

    def fake_backup(folder):
        folder.mkdir(parents=True)
        (folder / backup.MANIFEST).write_text("{}")
        made.append(folder)

    monkeypatch.setattr(backup, "backup", fake_backup)
    root = tmp_path / "backups"
    (root / "20000101T000000Z").mkdir(parents=True)  # interrupted: no manifest
    times = iter(datetime.datetime(2026, 12, day, 3, tzinfo=datetime.UTC) for day in range(1, 6))
    with mock.patch("reformportal.backup.timezone.now", side_effect=lambda: next(times)):
        for _ in range(5):
            backup.backup_and_rotate(root, keep=3)
    assert sorted(path.name for path in root.iterdir()) == [path.name for path in made[-3:]]


# --- /healthz reports the workers --------------------------------------------------------------


def test_healthz_names_the_queues_without_a_worker(client, settings, monkeypatch):
    settings.REDIS_URL = "redis://127.0.0.1:6379/15"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(health, "broker_status", lambda: {"ok": True, "mode": "redis"})
    inspector = mock.Mock()
    inspector.active_queues.return_value = {"interactive@web1": [{"name": "interactive"}]}
    with mock.patch.object(app.control, "inspect", return_value=inspector):
        body = client.get("/healthz").json()
    assert body["status"] == "degraded"
    assert body["workers"] == {
        "ok": False, "workers": 1, "queues": {"interactive": 1, "batch": 0}, "checked_seconds_ago": 0.0,
    }


def test_healthz_stays_200_for_the_load_balancer_when_only_workers_are_missing(client, settings, monkeypatch):
    settings.REDIS_URL = "redis://127.0.0.1:6379/15"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(health, "broker_status", lambda: {"ok": True, "mode": "redis"})
    inspector = mock.Mock()
    inspector.active_queues.return_value = None  # nobody answered
    with mock.patch.object(app.control, "inspect", return_value=inspector):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["workers"]["queues"] == {"interactive": 0, "batch": 0}


def test_healthz_reuses_the_last_worker_ping_until_it_is_stale(client, settings, monkeypatch):
    settings.REDIS_URL = "redis://127.0.0.1:6379/15"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(health, "broker_status", lambda: {"ok": True, "mode": "redis"})
    inspector = mock.Mock()
    inspector.active_queues.return_value = {"w@web1": [{"name": "interactive"}, {"name": "batch"}]}
    started = time.time()
    with mock.patch.object(app.control, "inspect", return_value=inspector), \
            mock.patch("reformportal.health.time.time", return_value=started):
        assert client.get("/healthz").json()["status"] == "ok"
    with mock.patch.object(app.control, "inspect", return_value=inspector) as inspect, \
            mock.patch("reformportal.health.time.time", return_value=started + 10):
        body = client.get("/healthz").json()
    assert inspect.call_count == 0  # no broadcast: the answer of 10 s ago
    assert body["workers"]["checked_seconds_ago"] == 10.0
    inspector.active_queues.return_value = None  # the workers stopped
    with mock.patch.object(app.control, "inspect", return_value=inspector) as inspect, \
            mock.patch("reformportal.health.time.time", return_value=started + health.WORKER_STATUS_SECONDS):
        body = client.get("/healthz").json()
    assert inspect.call_count == 1
    assert body["status"] == "degraded"
    assert body["workers"]["checked_seconds_ago"] == 0.0


def test_healthz_gives_the_last_answer_while_another_request_pings(client, settings, monkeypatch):
    settings.REDIS_URL = "redis://127.0.0.1:6379/15"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(health, "broker_status", lambda: {"ok": True, "mode": "redis"})
    checked = time.time()
    cache.set(health.WORKER_STATUS_KEY, {"checked": checked, "status": {"ok": True, "workers": 2}})
    cache.add(health.WORKER_PING_LOCK, True)  # another request's ping is under way
    with mock.patch.object(app.control, "inspect") as inspect, \
            mock.patch("reformportal.health.time.time", return_value=checked + 20):
        body = client.get("/healthz").json()
    assert inspect.call_count == 0
    assert body["workers"] == {"ok": True, "workers": 2, "checked_seconds_ago": 20.0}
