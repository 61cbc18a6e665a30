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


class UserLanguageMiddleware:
    """Bahasa Indonesia unless the user chose English: the profile's choice, else the cookie.

    Replaces Django's LocaleMiddleware, which would follow the browser's Accept-Language. Before
    login the choice lives in the language cookie (django.views.i18n.set_language sets it); once
    signed in, the profile's choice (User.language) applies and the cookie is brought in line with
    it, so the login page after logging out speaks the same language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        available = dict(settings.LANGUAGES)
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        user = getattr(request, "user", None)
        chosen = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        language = chosen or (cookie if cookie in available else settings.LANGUAGE_CODE)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        if chosen and cookie != chosen and settings.LANGUAGE_COOKIE_NAME not in response.cookies:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, chosen, max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
