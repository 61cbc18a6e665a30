from django.urls import path

from . import views

app_name = "actionplans"

urlpatterns = [
    path("", views.index, name="index"),
    path("saya/", views.my_plans, name="mine"),
    path("opd/<int:opd_pk>/", views.opd_plans, name="opd"),
    path("opd/<int:opd_pk>/baru/", views.plan_create, name="create"),
    path("opd/<int:opd_pk>/blanko/", views.blank_download, name="blank"),
    path("opd/<int:opd_pk>/unggah/", views.blank_upload, name="upload"),
    path("impor/<int:pk>/", views.import_preview, name="import"),
    path("impor/<int:pk>/simpan/", views.import_commit, name="import_commit"),
    path("impor/<int:pk>/berkas/", views.import_file, name="import_file"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/ubah/", views.plan_edit, name="edit"),
    path("<int:pk>/tw/<int:quarter>/", views.report_form, name="report"),
    path("<int:pk>/tw/<int:quarter>/aksi/", views.report_action, name="report_action"),
    path("<int:pk>/tw/<int:quarter>/bukti/", views.evidence_add, name="evidence_add"),
    path("bukti/<int:pk>/", views.evidence_download, name="evidence"),
    path("bukti/<int:pk>/hapus/", views.evidence_delete, name="evidence_delete"),
    path("matriks/", views.matrix, name="matrix"),
    path("verifikasi/", views.queue, name="queue"),
    path("pelaporan/", views.not_reported, name="not_reported"),
    path("pelaporan/masa/", views.reporting_windows, name="windows"),
    path("target/", views.targets, name="targets"),
    path("target/ubah/", views.target_edit, name="target_edit"),
    path("ekspor/", views.export, name="export"),
    path("kegiatan-utama/", views.kegiatan_utama, name="kegiatan_utama"),
    path("sasaran-tematik/", views.sasaran_tematik, name="sasaran_tematik"),
    path("ekspor/nasional/", views.national_export, name="national_export"),
    path("ekspor/nasional/<int:pk>/status/", views.national_export_status, name="national_export_status"),
    path("ekspor/nasional/<int:pk>/berkas/", views.national_export_file, name="national_export_file"),
    path("data-acuan/buat/", views.reference_year_create, name="reference_year_create"),
]
