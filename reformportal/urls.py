from django.conf import settings
from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.defaults import page_not_found
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .health import healthz

admin.site.site_header = "Portal Reformasi Birokrasi"
admin.site.site_title = "Portal RB"

api_v1 = [
    path("", include("agencies.api.urls")),
    path("", include("actionplans.api.urls")),
    path("", include("evaluations.api.urls")),
    path("", include("meetings.api.urls")),
    path("", include("institutions.anjab.api.urls")),
    path("", include("institutions.api.urls")),
    path("", include("reports.api_urls")),
]

urlpatterns = [
    path("", include("agencies.urls")),
    path("rencana-aksi/", include("actionplans.urls")),
    path("evaluasi/", include("evaluations.urls")),
    path("rapat/", include("meetings.urls")),
    path("kelembagaan/", include("institutions.urls")),
    path("laporan/", include("reports.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("agencies.language_urls")),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file (CSP: no inline scripts); its
    # template still carries one <style> block, allowed on this page only.
    path(
        "api/docs/",
        csp_override({**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="schema")
        ),
        name="api-docs",
    ),
]


def not_found(request, exception):
    """404: JSON under /api/ (an unknown id such as /api/v1/meetings/abc/ matches no route), the page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Tidak ditemukan.")}, status=404)
    return page_not_found(request, exception)


handler404 = not_found
