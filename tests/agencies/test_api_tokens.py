"""Personal API tokens: hashed at rest, expiring, managed by their owner, ended on deactivation
and on password change; DRF's old plaintext tokens carried over."""

import datetime
import hashlib
import importlib
import re

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from agencies.models import ApiToken
from agencies.services import deactivate_user
from agencies.tokens import issue_token, revoke_token, token_state

pytestmark = pytest.mark.django_db


def api(plaintext):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {plaintext}")
    return client


def test_a_token_is_stored_only_as_its_hash_and_works_with_its_owners_scope(cast):
    token, plaintext = issue_token(cast.bagian, name="Integrasi")
    assert plaintext.startswith("rp_") and len(plaintext) > 40
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert plaintext not in str(stored)
    assert stored["digest"] == hashlib.sha256(plaintext.encode()).hexdigest()
    response = api(plaintext).get("/api/v1/opds/")
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {cast.pky_dinkes.pk, cast.pky_disdik.pk}


def test_a_new_token_expires_after_thirty_days_by_default(cast):
    token, _ = issue_token(cast.biro, name="x")
    assert abs((token.expires_at - timezone.now()) - datetime.timedelta(days=30)) < datetime.timedelta(minutes=1)


def test_last_use_is_recorded(cast):
    token, plaintext = issue_token(cast.biro, name="x")
    assert token.last_used_at is None
    api(plaintext).get("/api/v1/opds/")
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize("how", ["revoked", "expired", "password_changed", "deactivated", "wrong"])
def test_an_ended_token_answers_401(cast, how):
    token, plaintext = issue_token(cast.biro, name="x")
    if how == "revoked":
        revoke_token(token, by=cast.biro)
    elif how == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    elif how == "password_changed":
        cast.biro.set_password("kata-sandi-baru-2026")
        cast.biro.save()
    elif how == "deactivated":
        deactivate_user(cast.biro, by=cast.superuser)
    else:
        plaintext = plaintext[:-2] + "xx"
    response = api(plaintext).get("/api/v1/opds/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    if how == "password_changed":
        token.refresh_from_db()
        assert token_state(token) == "password_changed"


def test_the_user_issues_sees_and_revokes_tokens_on_their_page(cast, login):
    client = login(cast.opd_admin)
    response = client.post("/akun/token-api/", {"name": "Integrasi SIMONA", "days": "7"})
    page = response.content.decode()
    assert response.status_code == 200
    token = ApiToken.objects.get(user=cast.opd_admin)
    [plaintext] = re.findall(r"data-testid=\"new-token\">.*?<code>(rp_[^<]+)</code>", page, re.DOTALL)
    assert api(plaintext).get("/api/v1/opds/").status_code == 200
    assert "Integrasi SIMONA" in page and "belum pernah" not in client.get("/akun/token-api/").content.decode()
    assert plaintext not in client.get("/akun/token-api/").content.decode()  # shown once

    client.post(f"/akun/token-api/{token.pk}/cabut/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "dicabut" in client.get("/akun/token-api/").content.decode()
    assert api(plaintext).get("/api/v1/opds/").status_code == 401


def test_nobody_else_sees_or_revokes_a_users_token(cast, login):
    token, _ = issue_token(cast.biro, name="Milik Biro")
    client = login(cast.biro_other)
    assert "Milik Biro" not in client.get("/akun/token-api/").content.decode()
    assert client.post(f"/akun/token-api/{token.pk}/cabut/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_bad_name_is_refused_and_nothing_is_issued(cast, login):
    response = login(cast.biro).post("/akun/token-api/", {"name": "", "days": "30"})
    assert response.status_code == 200 and ApiToken.objects.count() == 0
    response = login(cast.biro).post("/akun/token-api/", {"name": "x", "days": "3650"})
    assert response.status_code == 200 and ApiToken.objects.count() == 0


def test_the_old_plaintext_tokens_carry_over_hashed_and_their_table_goes(cast):
    migration = importlib.import_module("agencies.migrations.0005_adopt_plaintext_tokens")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id bigint, created timestamp)")
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, %s, %s)", ["a" * 40, cast.bagian.pk, timezone.now()])
    from types import SimpleNamespace

    from django.apps import apps

    # The migration's schema editor, as far as this function uses it.
    editor = SimpleNamespace(connection=connection, execute=lambda sql: connection.cursor().execute(sql))
    migration.adopt_plaintext_tokens(apps, editor)
    assert "authtoken_token" not in connection.introspection.table_names()
    adopted = ApiToken.objects.get(user=cast.bagian)
    assert adopted.name == "Token lama (dipindahkan)" and adopted.digest == hashlib.sha256(b"a" * 40).hexdigest()
    assert api("a" * 40).get("/api/v1/opds/").status_code == 200  # still works until it expires
