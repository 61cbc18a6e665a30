"""Bahasa Indonesia first, English through locale/en: the switch, and a complete translation."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

@pytest.fixture(autouse=True)
def no_feature_panels(monkeypatch):
    # The strings checked here are agencies' own; feature apps test their panels.
    monkeypatch.setattr("agencies.views.app_panels", lambda hook, *args: [])


PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def po_entries():
    """(msgid, msgstr or [plural msgstrs], flags) of every entry but the header."""
    entries, current, key = [], None, None
    for line in PO_FILE.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if current and current.get("msgid"):
                entries.append(current)
            current, key = None, None
            continue
        current = current or {"flags": ""}
        if line.startswith("#,"):
            current["flags"] += line
        elif line.startswith("#"):
            continue
        else:
            match = re.match(r'^(msgid_plural|msgid|msgstr(?:\[\d\])?|msgctxt)\s+(".*")$', line)
            if match:
                key = match.group(1)
                current[key] = ast.literal_eval(match.group(2))
            else:
                current[key] += ast.literal_eval(line)
    return entries


def test_indonesian_is_the_default_language():
    assert settings.LANGUAGE_CODE == "id"
    assert [code for code, _ in settings.LANGUAGES] == ["id", "en"]


def test_every_project_string_has_an_english_translation():
    entries = po_entries()
    assert len(entries) > 100
    untranslated = [
        e["msgid"] for e in entries
        if "fuzzy" in e["flags"] or not (e.get("msgstr") or (e.get("msgstr[0]") and e.get("msgstr[1]")))
    ]
    assert untranslated == []


def test_translations_keep_their_placeholders():
    for e in po_entries():
        for source, target in [(e["msgid"], e.get("msgstr") or e.get("msgstr[0]")),
                               (e.get("msgid_plural", e["msgid"]), e.get("msgstr[1]") or e.get("msgstr"))]:
            placeholders = lambda text: sorted(re.findall(r"%\(\w+\)s|%%", text))  # noqa: E731
            assert placeholders(source) == placeholders(target), e["msgid"]


def test_the_compiled_catalog_matches_the_po_file():
    with translation.override("en"):
        for e in po_entries():
            if "msgid_plural" in e and "msgctxt" in e:
                assert translation.npgettext(e["msgctxt"], e["msgid"], e["msgid_plural"], 5) == e["msgstr[1]"]
            elif "msgid_plural" in e:
                assert translation.ngettext(e["msgid"], e["msgid_plural"], 1) == e["msgstr[0]"]
                assert translation.ngettext(e["msgid"], e["msgid_plural"], 5) == e["msgstr[1]"]
            elif "msgctxt" in e:
                assert translation.pgettext(e["msgctxt"], e["msgid"]) == e["msgstr"], e["msgid"]
            else:
                assert translation.gettext(e["msgid"]) == e["msgstr"], e["msgid"]


@pytest.mark.django_db
def test_home_page_switches_to_english(cast, login):
    client = login(cast.biro)
    response = client.get(reverse("agencies:home"))
    assert '<html lang="id">' in response.text
    assert "Selamat datang" in response.text

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    text = response.text
    assert '<html lang="en">' in text
    assert "Welcome, Biro" in text
    assert "Organisation Bureau staff · <strong>Pemerintah Provinsi Kalimantan Tengah</strong>" in text
    assert "Your access scope" in text
    assert "Active regional agencies" in text
    assert "Selamat datang" not in text
    assert "Cakupan akses Anda" not in text


@pytest.mark.django_db
def test_opd_page_in_english(cast, login):
    client = login(cast.opd_admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    text = client.get(cast.dinkes.get_absolute_url()).text
    for english in ("Regional government", "Kind", "Agency (Dinas)", "Type A", "Active", "Areas", "Regional agencies",
                    "Log out", "Change password"):
        assert english in text, english
    for indonesian in ("Pemerintah daerah</dt>", "Jenis</dt>", ">Keluar<", "Ganti kata sandi"):
        assert indonesian not in text, indonesian

    # And back.
    client.post(reverse("set_language"), {"language": "id", "next": "/"})
    assert "Pemerintah daerah</dt>" in client.get(cast.dinkes.get_absolute_url()).text


@pytest.mark.django_db
def test_the_404_page_in_english(cast, login):
    client = login(cast.opd_admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(cast.kominfo.get_absolute_url())
    assert response.status_code == 404
    assert "Page not found" in response.text


@pytest.mark.django_db
def test_api_errors_follow_the_users_choice_not_the_browser(cast):
    from rest_framework.test import APIClient

    from agencies.tokens import issue_token

    english = "A regional agency cannot be moved to another regional government."
    indonesian = "Perangkat daerah tidak dapat dipindah ke pemerintah daerah lain."
    client = APIClient()
    client.force_login(cast.biro)
    url = f"/api/v1/opds/{cast.dinkes.pk}/"
    # A browser set to English does not switch the API.
    response = client.patch(url, {"pemda": cast.palangkaraya.pk}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["pemda"] == [indonesian]
    cast.biro.language = "en"
    cast.biro.save(update_fields=["language"])
    response = client.patch(url, {"pemda": cast.palangkaraya.pk}, format="json", HTTP_ACCEPT_LANGUAGE="id")
    assert response.json()["pemda"] == [english]

    # With a token (read inside the API view, after the middleware) the profile applies too.
    token = APIClient(HTTP_AUTHORIZATION=f"Token {issue_token(cast.biro, name='uji')[1]}")
    response = token.patch(url, {"pemda": cast.palangkaraya.pk}, format="json", HTTP_ACCEPT_LANGUAGE="id")
    assert response.json()["pemda"] == [english]
    payload = {"pemda": cast.kalteng.pk, "code": "X", "name": "X", "kind": "dinas"}
    assert client.post("/api/v1/opds/", payload, format="json").status_code == 201


@pytest.mark.django_db
def test_a_browser_set_to_english_gets_bahasa_indonesia(client, cast):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="id">' in response.text
    assert "Masuk ke Portal RB" in response.text
    client.force_login(cast.biro)
    response = client.get(reverse("agencies:home"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Selamat datang" in response.text and "Welcome" not in response.text


@pytest.mark.django_db
def test_the_choice_is_kept_on_the_profile_and_applies_at_login(client, cast):
    client.force_login(cast.biro)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    cast.biro.refresh_from_db()
    assert cast.biro.language == "en"
    assert cast.biro.history.first().language == "en"  # audited

    # Another browser, still on Indonesian before login: after login the profile's English applies.
    other = type(client)()
    assert "Masuk ke Portal RB" in other.get(reverse("login")).text
    other.force_login(cast.biro)
    response = other.get(reverse("agencies:home"))
    assert "Welcome, Biro" in response.text
    # and the cookie follows the profile, so the login page after logging out stays English.
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    other.post(reverse("logout"))
    assert "Log in to Portal RB" in other.get(reverse("login")).text


@pytest.mark.django_db
def test_the_profile_wins_over_a_cookie_set_before_login(client, cast):
    cast.biro.language = "id"
    cast.biro.save(update_fields=["language"])
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert "Log in to Portal RB" in client.get(reverse("login")).text
    client.force_login(cast.biro)
    assert "Selamat datang" in client.get(reverse("agencies:home")).text


@pytest.mark.django_db
def test_the_login_page_switches_language_before_logging_in(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")}, follow=True)
    assert response.status_code == 200
    assert "Log in to Portal RB" in response.text
    assert "Masuk ke Portal RB" not in response.text


@pytest.mark.django_db
def test_province_pages_read_naturally_in_english(cast, login):
    client = login(cast.observer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "<h1>Provinces</h1>" in client.get(reverse("agencies:provinces")).text
    assert "<h1>Kalimantan Tengah Province</h1>" in client.get(reverse("agencies:province", args=["62"])).text
    home = client.get(reverse("agencies:home")).text
    assert ">Provinces<" in home and ">Regional governments<" in home
