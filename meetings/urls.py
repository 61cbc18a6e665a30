from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("baru/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/ubah/", views.meeting_edit, name="edit"),
    path("<int:pk>/terlaksana/", views.meeting_held, name="held"),
    path("<int:pk>/notulen/setujui/", views.minutes_approve, name="approve_minutes"),
    path("<int:pk>/notulen.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/daftar-hadir/", views.attendance_edit, name="attendance"),
    path("<int:pk>/daftar-hadir/impor/", views.attendance_import, name="attendance_import"),
    path("<int:pk>/daftar-hadir/templat.xlsx", views.attendance_template, name="attendance_template"),
    path("<int:pk>/lampiran/", views.attachment_add, name="attachment_add"),
    path("lampiran/<int:pk>/", views.attachment_download, name="attachment"),
    path("lampiran/<int:pk>/hapus/", views.attachment_delete, name="attachment_delete"),
    path("tindak-lanjut/", views.follow_up_list, name="follow_ups"),
    path("tindak-lanjut/<int:pk>/", views.follow_up_detail, name="follow_up"),
    path("tindak-lanjut/<int:pk>/bukti/", views.follow_up_evidence, name="follow_up_evidence"),
]
