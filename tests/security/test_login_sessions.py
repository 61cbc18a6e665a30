"""Login lock-out, session timeouts, logout and deactivation, login logging."""

import logging
import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from agencies.services import deactivate_user
from agencies.tokens import issue_token
from reformportal.security import SESSION_SEEN_KEY, SESSION_STARTED_KEY

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
PASSWORD = "pass-1234-rb"


def attempt(client, username, password, ip):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_it_locks_a_user_name_out_from_one_address_after_five_failures(cast, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "biro", "salah", "10.0.0.66").status_code == 200
    locked = attempt(client, "biro", "salah", "10.0.0.66")
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan masuk" in locked.text
    # Even the right password is refused from that address while locked.
    assert attempt(client, "biro", PASSWORD, "10.0.0.66").status_code == 429


def test_an_attacker_cannot_lock_the_real_user_out_of_their_own_address(cast, settings):
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        attempt(attacker, "biro", "salah", "203.0.113.9")
    real_user = Client()
    response = attempt(real_user, "biro", PASSWORD, "10.1.2.3")
    assert response.status_code == 302
    assert real_user.get("/").status_code == 200


def test_other_user_names_from_the_locked_address_still_log_in(cast, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "biro", "salah", "10.0.0.66")
    assert attempt(client, "inspektur", PASSWORD, "10.0.0.66").status_code == 302


def test_a_successful_login_resets_the_failure_count(cast, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "biro", "salah", "10.0.0.7")
    assert attempt(client, "biro", PASSWORD, "10.0.0.7").status_code == 302
    client.post("/accounts/logout/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "biro", "salah", "10.0.0.7")
    assert attempt(client, "biro", PASSWORD, "10.0.0.7").status_code == 302


def test_forwarded_for_is_ignored_unless_behind_our_proxy(cast, settings):
    settings.BEHIND_PROXY = False
    client = Client()
    for i in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "biro", "password": "salah"}, REMOTE_ADDR="10.0.0.66", HTTP_X_FORWARDED_FOR=f"1.2.3.{i}")
    # Rotating a spoofed header did not spread the failures over several "addresses".
    assert attempt(client, "biro", PASSWORD, "10.0.0.66").status_code == 429


def test_login_starts_a_new_session(cast):
    client = Client()
    client.get(LOGIN)
    before = client.cookies.get("sessionid")
    attempt(client, "biro", PASSWORD, "10.0.0.1")
    after = client.cookies["sessionid"].value
    assert before is None or before.value != after


def test_logins_and_failures_are_logged(cast, caplog):
    caplog.set_level(logging.INFO, logger="reformportal.security")
    client = Client()
    attempt(client, "biro", "salah", "10.0.0.5")
    attempt(client, "biro", PASSWORD, "10.0.0.5")
    client.post("/accounts/logout/", REMOTE_ADDR="10.0.0.5")
    messages = [r.getMessage() for r in caplog.records if r.name == "reformportal.security"]
    assert "login failed username=biro ip=10.0.0.5" in messages
    assert "login user=biro ip=10.0.0.5" in messages
    assert "logout user=biro ip=10.0.0.5" in messages


def test_refused_accesses_are_logged(cast, login, caplog):
    caplog.set_level(logging.INFO, logger="reformportal.security")
    client = login(cast.opd_admin)
    assert client.get(cast.kaltim_dinkes.get_absolute_url(), REMOTE_ADDR="10.9.9.9").status_code == 404
    assert any(
        r.getMessage().startswith("refused access status=404 user=admin_dinkes ip=10.9.9.9 method=GET path=/opd/")
        for r in caplog.records
    )


# --- timeouts ----------------------------------------------------------------------------


def age_session(client, *, started_ago=0, seen_ago=0):
    session = client.session
    now = int(time.time())
    session[SESSION_STARTED_KEY] = now - started_ago
    session[SESSION_SEEN_KEY] = now - seen_ago
    session.save()


def test_an_idle_session_ends(cast, login, settings):
    client = login(cast.biro)
    age_session(client, started_ago=settings.SESSION_IDLE_TIMEOUT + 5, seen_ago=settings.SESSION_IDLE_TIMEOUT + 1)
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    followed = client.get(response.url)
    assert "tidak ada aktivitas selama 30 menit" in followed.text
    assert client.get("/").status_code == 302


def test_an_active_session_continues_and_is_refreshed(cast, login, settings):
    client = login(cast.biro)
    age_session(client, started_ago=3600, seen_ago=settings.SESSION_IDLE_TIMEOUT - 60)
    assert client.get("/").status_code == 200
    assert time.time() - client.session[SESSION_SEEN_KEY] < 5


def test_a_session_ends_after_the_absolute_lifetime_even_when_active(cast, login, settings):
    client = login(cast.biro)
    age_session(client, started_ago=settings.SESSION_ABSOLUTE_TIMEOUT + 1, seen_ago=10)
    response = client.get("/")
    assert response.status_code == 302
    assert "lebih dari 10 jam" in client.get(response.url).text


def test_the_api_with_a_session_also_times_out(cast, login, settings):
    client = login(cast.biro)
    age_session(client, started_ago=100, seen_ago=settings.SESSION_IDLE_TIMEOUT + 1)
    # 401: token authentication comes first and answers with its "WWW-Authenticate: Token" challenge.
    assert client.get("/api/v1/opds/").status_code == 401


def test_logout_ends_the_session_on_the_server(cast):
    client = Client()
    attempt(client, "biro", PASSWORD, "10.0.0.1")
    key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=key).exists()
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    # Replaying the old cookie gets nothing.
    replay = Client()
    replay.cookies["sessionid"] = key
    assert replay.get("/").status_code == 302


def test_deactivating_a_user_ends_every_session_and_token(cast):
    laptop, phone, other = Client(), Client(), Client()
    attempt(laptop, "biro", PASSWORD, "10.0.0.1")
    attempt(phone, "biro", PASSWORD, "10.0.0.2")
    attempt(other, "inspektur", PASSWORD, "10.0.0.3")
    token, _plaintext = issue_token(cast.biro, name="uji")
    assert laptop.get("/").status_code == 200

    deactivate_user(cast.biro, by=cast.superuser)

    assert laptop.get("/").status_code == 302 and phone.get("/").status_code == 302
    assert other.get("/").status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
    cast.biro.refresh_from_db()
    assert not cast.biro.is_active
    record = cast.biro.history.latest()
    assert record.history_user == cast.superuser and record.is_active is False
    assert attempt(Client(), "biro", PASSWORD, "10.0.0.1").status_code == 200  # login form again


def test_deactivating_in_the_admin_ends_sessions(cast):
    victim = Client()
    attempt(victim, "bagian", PASSWORD, "10.0.0.1")
    admin = Client()
    admin.force_login(cast.superuser)
    url = reverse("admin:agencies_user_change", args=[cast.bagian.pk])
    form = admin.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, (list, tuple))}
    data.update(
        {
            "username": "bagian", "is_active": "", "date_joined_0": "2025-01-01", "date_joined_1": "08:00:00",
            "membership-TOTAL_FORMS": "1", "membership-INITIAL_FORMS": "1", "membership-MIN_NUM_FORMS": "0",
            "membership-MAX_NUM_FORMS": "1", "membership-0-id": cast.bagian.membership.pk,
            "membership-0-user": cast.bagian.pk, "membership-0-role": "bagian",
            "membership-0-pemda": cast.palangkaraya.pk, "membership-0-opd": "",
        }
    )
    data.pop("is_active", None)
    data.pop("password", None)
    data.pop("last_login", None)
    response = admin.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    cast.bagian.refresh_from_db()
    assert not cast.bagian.is_active
    assert victim.get("/").status_code == 302


@pytest.mark.parametrize("password", ["password123", "qwertyuiop", "1234567890", "biro-biro", "Ab1!"])
def test_weak_passwords_are_refused(cast, password):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password(password, user=cast.biro)


def test_a_strong_password_is_accepted(cast):
    from django.contrib.auth.password_validation import validate_password

    validate_password("Kalteng-Berbenah-2025!", user=cast.biro)


def test_passwords_are_hashed_with_argon2_and_old_hashes_upgrade_at_login(cast, settings):
    from django.contrib.auth.hashers import make_password

    settings.PASSWORD_HASHERS = [h for h in settings.PASSWORD_HASHERS if "MD5" not in h]
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    cast.biro.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    cast.biro.save(update_fields=["password"])
    assert attempt(Client(), "biro", PASSWORD, "10.0.0.9").status_code == 302
    cast.biro.refresh_from_db()
    assert cast.biro.password.startswith("argon2$")


def test_deactivation_ends_sessions_kept_in_the_cache_too(cast, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    laptop = Client()
    attempt(laptop, "biro", PASSWORD, "10.0.0.1")
    assert laptop.get("/").status_code == 200
    deactivate_user(cast.biro, by=cast.superuser)
    assert laptop.get("/").status_code == 302
