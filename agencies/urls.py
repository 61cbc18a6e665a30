from django.urls import path

from . import views

app_name = "agencies"

urlpatterns = [
    path("", views.home, name="home"),
    path("wilayah/", views.province_list, name="provinces"),
    path("wilayah/provinsi/<str:code>/", views.province_detail, name="province"),
    path("wilayah/kabkota/<str:code>/", views.regency_detail, name="regency"),
    path("opd/", views.opd_list, name="opds"),
    path("opd/<int:pk>/", views.opd_detail, name="opd"),
    path("akun/token-api/", views.api_tokens, name="api_tokens"),
    path("akun/token-api/<int:pk>/cabut/", views.api_token_revoke, name="api_token_revoke"),
]
