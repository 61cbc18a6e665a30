"""Personal API tokens: issued and revoked by their owner, hashed at rest, with an expiry.

    token, plaintext = issue_token(user, name="Integrasi SIMONA", days=30)   # shown once
    revoke_token(token, by=user)

A request authenticates with `Authorization: Token <plaintext>`. Only the SHA-256 of the token
is stored (the token is 32 random bytes, so a fast hash is enough; the secret cannot be read back
from the database). A token ends when it expires, is revoked, its owner is deactivated
(`agencies.services.end_user_access`) or changes their password.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .models import ApiToken
from .scoping import with_membership

TOKEN_PREFIX = "rp_"
PREFIX_LENGTH = 10
# Writing "last used" on every request would make every API call a write; once a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def digest_of(plaintext):
    return hashlib.sha256(plaintext.encode()).hexdigest()


@transaction.atomic
def issue_token(user, *, name, days=None):
    """A new token for `user`; returns (ApiToken, plaintext). The plaintext is never stored."""
    days = days or settings.API_TOKEN_DAYS
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        prefix=plaintext[:PREFIX_LENGTH],
        digest=digest_of(plaintext),
        session_auth_hash=user.get_session_auth_hash(),
        expires_at=timezone.now() + timedelta(days=days),
    )
    token._history_user = user
    token.save()
    return token, plaintext


@transaction.atomic
def revoke_token(token, *, by):
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token._history_user = by
        token.save(update_fields=["revoked_at"])
    return token


def revoke_all_tokens(user):
    """Every live token of `user` revoked (deactivation); returns how many."""
    live = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True))
    for token in live:
        revoke_token(token, by=None)
    return len(live)


def token_state(token, user=None):
    """"active", "expired", "revoked" or "password_changed" (the owner changed their password)."""
    if token.revoked_at:
        return "revoked"
    if token.expires_at <= timezone.now():
        return "expired"
    owner = user or token.user
    if not constant_time_compare(token.session_auth_hash, owner.get_session_auth_hash()):
        return "password_changed"
    return "active"


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Header token tidak valid."))
        try:
            plaintext = parts[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Header token tidak valid.")) from exc
        tokens = with_membership(ApiToken.objects.select_related("user"), "user__")
        token = tokens.filter(digest=digest_of(plaintext)).first()
        if token is None or not token.user.is_active or token_state(token) != "active":
            raise exceptions.AuthenticationFailed(_("Token tidak sah, sudah dicabut, atau kedaluwarsa."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            token.last_used_at = now
            token.skip_history_when_saving = True  # a use is not a change: no history row for it
            token.save(update_fields=["last_used_at"])
            del token.skip_history_when_saving
        # A token is read inside the DRF view, after UserLanguageMiddleware: the profile's
        # language applies from here (the Accept-Language header never does).
        if token.user.language:
            translation.activate(token.user.language)
            request._request.LANGUAGE_CODE = token.user.language
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "agencies.tokens.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": _("Token pribadi dari halaman Token API: \"Token rp_…\"."),
        }
