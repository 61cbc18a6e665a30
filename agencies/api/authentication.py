"""API token authentication that speaks the user's language.

Session requests get their language from UserLanguageMiddleware; a token is only read inside the
DRF view, after the middleware ran, so the profile's choice is applied here once the token
identifies the user (the Accept-Language header is never used).
"""

from django.utils import translation
from rest_framework.authentication import TokenAuthentication


class LanguageTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and result[0].language:
            translation.activate(result[0].language)
            request._request.LANGUAGE_CODE = result[0].language
        return result
