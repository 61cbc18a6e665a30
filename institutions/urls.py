from django.urls import path, register_converter

from agencies.converters import PemdaCodeConverter

from . import views
from .anjab.urls import urlpatterns as anjab_urlpatterns

app_name = "institutions"

register_converter(PemdaCodeConverter, "pemda_code")

urlpatterns = [
    path("", views.index, name="index"),
    path("ekspor.xlsx", views.index_export, name="index_export"),
    path("pemda/<pemda_code:code>/", views.pemda_detail, name="pemda"),
    path("pemda/<pemda_code:code>/beban-kerja/<int:year>/", views.workload_view, name="workload"),
    path("pemda/<pemda_code:code>/beban-kerja/<int:year>/blangko.xlsx", views.workload_xlsx, name="workload_xlsx"),
    path("pemda/<pemda_code:code>/beban-kerja/<int:year>/unggah/", views.workload_upload, name="workload_upload"),
    path("pemda/<pemda_code:code>/penyetaraan/", views.simplification, name="simplification"),
    path("pemda/<pemda_code:code>/penyetaraan/dasar/", views.baseline, name="baseline"),
    path("pemda/<pemda_code:code>/ketidaksesuaian/baru/", views.mismatch_create, name="mismatch_create"),
    path("pemda/<pemda_code:code>/regulasi/", views.regulations, name="regulations"),
    path("pemda/<pemda_code:code>/isu/", views.issues, name="issues"),
    path("opd/<int:pk>/", views.opd_detail, name="opd"),
    path("opd/<int:pk>/struktur/baru/", views.structure_create, name="structure_create"),
    path("struktur/<int:pk>/", views.structure_detail, name="structure"),
    path("struktur/<int:pk>/ubah/", views.structure_edit, name="structure_edit"),
    path("struktur/<int:pk>/bagan.pdf", views.structure_pdf, name="structure_pdf"),
    path("struktur/<int:pk>/dasar-hukum/", views.structure_file, name="structure_file"),
    path("struktur/<int:pk>/unit/", views.unit_add, name="unit_add"),
    path("unit/<int:pk>/", views.unit_edit, name="unit_edit"),
    path("unit/<int:pk>/hapus/", views.unit_delete, name="unit_delete"),
    path("ketidaksesuaian/<int:pk>/", views.mismatch_detail, name="mismatch"),
    path("ketidaksesuaian/<int:pk>/usulan/", views.mismatch_propose, name="mismatch_propose"),
    path("ketidaksesuaian/<int:pk>/verifikasi/", views.mismatch_verify, name="mismatch_verify"),
    path("regulasi/<int:pk>/", views.regulation_detail, name="regulation"),
    path("regulasi/<int:pk>/fasilitasi/", views.regulation_facilitate, name="regulation_facilitate"),
    path("regulasi/<int:pk>/tetapkan/", views.regulation_enact, name="regulation_enact"),
    path("regulasi/<int:pk>/model/", views.regulation_model, name="regulation_model"),
    path("regulasi/<int:pk>/matriks/", views.regulation_matrix, name="regulation_matrix"),
    path("regulasi/<int:pk>/berkas/", views.regulation_file, name="regulation_file"),
    path("isu/<int:pk>/", views.issue_detail, name="issue"),
    path("isu/<int:pk>/status/", views.issue_status, name="issue_status"),
    *anjab_urlpatterns,
]
