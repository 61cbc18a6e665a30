from django.urls import path

from . import views

# Included by institutions/urls.py (namespace "institutions", under /kelembagaan/).
urlpatterns = [
    path("abk/", views.overview, name="abk_overview"),
    path("abk/ekspor/", views.overview_export, name="abk_overview_export"),
    path("abk/opd/<int:opd_pk>/", views.opd_abk, name="abk_opd"),
    path("abk/opd/<int:opd_pk>/mulai/", views.abk_start, name="abk_start"),
    path("abk/<int:pk>/", views.abk_detail, name="abk_detail"),
    path("abk/<int:pk>/aksi/<slug:action>/", views.abk_action, name="abk_action"),
    path("abk/<int:pk>/peta-jabatan/", views.job_map, name="abk_job_map"),
    path("abk/<int:pk>/peta-jabatan/pdf/", views.job_map_pdf_request, name="abk_job_map_request"),
    path("abk/peta-jabatan/<int:pk>/", views.job_map_pdf, name="abk_job_map_pdf"),
    path("abk/<int:pk>/blanko/", views.blank_download, name="abk_blank"),
    path("abk/<int:pk>/unggah/", views.blank_upload, name="abk_upload"),
    path("abk/impor/<int:pk>/", views.import_preview, name="abk_import"),
    path("abk/impor/<int:pk>/simpan/", views.import_commit, name="abk_import_commit"),
    path("abk/impor/<int:pk>/berkas/", views.import_file, name="abk_import_file"),
    path("abk/jabatan/<int:pk>/", views.position_detail, name="abk_position"),
    path("abk/<int:abk_pk>/jabatan/baru/", views.position_edit, name="abk_position_add"),
    path("abk/<int:abk_pk>/jabatan/<int:pk>/ubah/", views.position_edit, name="abk_position_edit"),
]
