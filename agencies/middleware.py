import zoneinfo

from django.conf import settings
from django.utils import timezone

from .scoping import get_scope


class ProvinceTimezoneMiddleware:
    """Show times in the time zone of the user's province (WIB, WITA or WIT)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        scope = get_scope(request.user)
        timezone.activate(zoneinfo.ZoneInfo(scope.timezone or settings.TIME_ZONE))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
