"""Writes on agencies' own data that carry rules (audited: simple_history records each save)."""

import logging
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger("reformportal.security")


def end_user_access(user):
    """Delete every live session and API token of `user`: signed out everywhere at once.

    Sessions are stored signed and encoded, so each live one is decoded; a province portal has
    hundreds of them, not millions. Returns the number of sessions ended.
    """
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            ended.append(session.session_key)
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for session_key in ended:
        store(session_key=session_key).delete()  # the cached copy too (cached_db sessions)
    from .tokens import revoke_all_tokens

    revoke_all_tokens(user)
    return len(ended)


@transaction.atomic
def deactivate_user(user, *, by):
    """Deactivate an account: it can no longer sign in, its sessions and API tokens end now."""
    user.is_active = False
    user._history_user = by
    user.save(update_fields=["is_active"])
    sessions = end_user_access(user)
    logger.warning("user deactivated user=%s by=%s sessions_ended=%s", user.get_username(), by, sessions)
    return user


@transaction.atomic
def set_user_language(user, language):
    """Keep the interface language `user` chose on their profile (audited like every user save)."""
    from django.conf import settings

    if language not in dict(settings.LANGUAGES):
        raise ValueError(language)
    if user.language != language:
        user.language = language
        user._history_user = user
        user.save(update_fields=["language"])
    return user
