"""Routes of the maturity evaluation, included in the evaluations namespace (names start with pd_)."""

from django.urls import path

from . import views

urlpatterns = [
    path("kematangan-pd/", views.round_list, name="pd_rounds"),
    path("kematangan-pd/<int:pk>/", views.recap, name="pd_recap"),
    path("kematangan-pd/<int:pk>/rekap-pdf/", views.recap_pdf, name="pd_recap_pdf"),
    path("kematangan-pd/<int:pk>/penilaian/baru/", views.assessment_create, name="pd_assessment_create"),
    path("kematangan-pd/rekap/<int:pk>/status/", views.recap_status, name="pd_recap_status"),
    path("kematangan-pd/rekap/<int:pk>/unduh/", views.recap_download, name="pd_recap_download"),
    path("kematangan-pd/kabkota/<int:pk>/", views.submission_detail, name="pd_submission"),
    path("kematangan-pd/kabkota/<int:pk>/ajukan/", views.submission_submit, name="pd_submission_submit"),
    path("kematangan-pd/kabkota/<int:pk>/rekomendasi/", views.recommendation_create, name="pd_recommendation_create"),
    path("kematangan-pd/penilaian/<int:pk>/", views.assessment_detail, name="pd_assessment"),
    path("kematangan-pd/penilaian/<int:pk>/jawab/<int:variable_pk>/", views.answer, name="pd_answer"),
    path("kematangan-pd/jawaban/<int:pk>/verifikasi/", views.verify, name="pd_verify"),
    path("kematangan-pd/jawaban/<int:pk>/data-dukung/", views.answer_evidence, name="pd_answer_evidence"),
    path("kematangan-pd/instrumen/<int:pk>/", views.instrument_detail, name="pd_instrument"),
    path("kematangan-pd/instrumen/<int:pk>/ekspor.xlsx", views.instrument_export, name="pd_instrument_export"),
    path("kematangan-pd/instrumen/<int:pk>/impor/", views.instrument_import, name="pd_instrument_import"),
]
