"""API rate limits per signed-in user and per anonymous address (DRF throttles).

Rates come from settings at request time (API_THROTTLE_USER, API_THROTTLE_ANON), so they can be
changed per deployment; counts live in the cache, which is Redis when REDIS_URL is set, so every
gunicorn worker and host counts together. A throttled request answers 429 with DRF's message in
the user's language and a Retry-After header. nginx adds `limit_req` on the login and API paths
in front of this (deploy/nginx.conf).
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from .security import client_ip


class PortalUserThrottle(UserRateThrottle):
    def get_rate(self):
        return settings.API_THROTTLE_USER


class PortalAnonThrottle(AnonRateThrottle):
    def get_rate(self):
        return settings.API_THROTTLE_ANON

    def get_ident(self, request):
        # The same client address as the rest of the portal (BEHIND_PROXY aware).
        return client_ip(request)
