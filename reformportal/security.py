"""Login, session and response rules that hold for every page (wired in settings.MIDDLEWARE).

- `client_ip(request)`: the one answer to "from where" (lock-out, audit trail, logs). It trusts
  X-Forwarded-For only when BEHIND_PROXY is on, and then only the address the proxy appended.
- `SessionTimeoutMiddleware`: a session ends after SESSION_IDLE_TIMEOUT seconds without a
  request and SESSION_ABSOLUTE_TIMEOUT seconds after login, whatever the activity.
- `NoStoreMiddleware`: pages seen by a signed-in user carry `Cache-Control: no-store`, so no
  browser or proxy keeps personal or unpublished data.
- `RefusedAccessLogMiddleware`: every 403 and 404 is logged with user, address and path.
- Signals log logins, logouts and failed logins to the "reformportal.security" logger.
"""

import logging
import time

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _

logger = logging.getLogger("reformportal.security")

SESSION_STARTED_KEY = "_auth_started"
SESSION_SEEN_KEY = "_auth_seen"
# Write "last seen" at most this often, so an ordinary request does not save the session.
SEEN_RESOLUTION = 60


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind our own proxy the address it appended."""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()[:45] or None
    return request.META.get("REMOTE_ADDR") or None


class SessionTimeoutMiddleware:
    """End signed-in sessions after idle time and after an absolute lifetime."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            self.enforce(request, session)
        return self.get_response(request)

    def enforce(self, request, session):
        now = int(time.time())
        started = session.get(SESSION_STARTED_KEY)
        seen = session.get(SESSION_SEEN_KEY)
        if started is None or seen is None:
            # A session from before these rules: start counting now.
            session[SESSION_STARTED_KEY] = started or now
            session[SESSION_SEEN_KEY] = now
            return
        if now - seen > settings.SESSION_IDLE_TIMEOUT:
            self.end(request, "idle", _("Sesi Anda berakhir karena tidak ada aktivitas selama %(minutes)s menit. Silakan masuk kembali.")
                     % {"minutes": settings.SESSION_IDLE_TIMEOUT // 60})
        elif now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
            self.end(request, "absolute", _("Sesi Anda berakhir karena sudah berlangsung lebih dari %(hours)s jam. Silakan masuk kembali.")
                     % {"hours": settings.SESSION_ABSOLUTE_TIMEOUT // 3600})
        elif now - seen >= SEEN_RESOLUTION:
            session[SESSION_SEEN_KEY] = now

    def end(self, request, reason, message):
        logger.info(
            "session ended (%s timeout) user=%s ip=%s", reason, request.user.get_username(), client_ip(request)
        )
        logout(request)
        messages.warning(request, message)


class AxesBackend(AxesStandaloneBackend):
    """django-axes' lock-out check for every login made from a request.

    Logins without a request (management commands, `authenticate()` in scripts) have no
    address to lock and are left to the next backend instead of raising.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """What django-axes answers to a locked-out user name + address (429, a clear message)."""
    minutes = max(int(settings.AXES_COOLOFF_TIME.total_seconds() // 60), 1) if settings.AXES_COOLOFF_TIME else 0
    logger.warning("login locked out username=%s ip=%s", str((credentials or {}).get("username", ""))[:150], client_ip(request))
    return render(
        request,
        "registration/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        status=429,
    )


class NoStoreMiddleware:
    """Responses to signed-in users are never cached (they show scoped, unpublished data)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated or getattr(request, "auth", None) is not None:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        elif request.path.startswith(("/api/", "/accounts/")):
            add_never_cache_headers(response)
        return response


class OutOfRangeInputMiddleware:
    """Numbers too large for the database (e.g. ?year=99999999999999999999) answer 400, not 500.

    SQLite raises OverflowError and PostgreSQL a DataError ("out of range") when a filter value
    does not fit a column; both are the client's input, on pages and in the API alike.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import DataError
        from django.http import JsonResponse

        if not isinstance(exception, (OverflowError, DataError)):
            return None
        logger.warning("out-of-range input path=%s: %s", request.path[:300], exception)
        message = _("Nilai pada permintaan di luar jangkauan yang dapat diproses.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        from django.http import HttpResponseBadRequest

        return HttpResponseBadRequest(message)


class RefusedAccessLogMiddleware:
    """Log every refused (403) or not-found (404) request: who, from where, what."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (401, 403, 404, 429):
            user = getattr(request, "user", None)
            logger.warning(
                "refused access status=%s user=%s ip=%s method=%s path=%s",
                response.status_code,
                user.get_username() if user is not None and user.is_authenticated else "-",
                client_ip(request),
                request.method,
                request.path[:300],
            )
        return response


@receiver(user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SESSION_STARTED_KEY] = now
        request.session[SESSION_SEEN_KEY] = now
    logger.info("login user=%s ip=%s", user.get_username(), client_ip(request) if request is not None else "-")


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs):
    logger.info(
        "logout user=%s ip=%s",
        user.get_username() if user is not None else "-",
        client_ip(request) if request is not None else "-",
    )


@receiver(user_login_failed)
def log_login_failure(sender, credentials, request=None, **kwargs):
    logger.warning(
        "login failed username=%s ip=%s",
        str(credentials.get("username", ""))[:150],
        client_ip(request) if request is not None else "-",
    )
