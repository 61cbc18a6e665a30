from django.urls import path

from . import views
from .pd.urls import urlpatterns as pd_urlpatterns

app_name = "evaluations"

urlpatterns = [
    path("", views.lhe_list, name="lhe_list"),
    path("lhe/baru/", views.lhe_create, name="lhe_create"),
    path("lhe/<int:pk>/", views.lhe_detail, name="lhe"),
    path("lhe/<int:pk>/ubah/", views.lhe_edit, name="lhe_edit"),
    path("lhe/<int:pk>/dokumen/", views.lhe_document, name="lhe_document"),
    path("lhe/<int:pk>/nilai/", views.lhe_scores, name="lhe_scores"),
    path("lhe/<int:pk>/simulasi/", views.lhe_simulator, name="lhe_simulator"),
    path("lhe/<int:pk>/lembar-kerja.xlsx", views.lhe_worksheet, name="lhe_worksheet"),
    path("lhe/<int:pk>/impor-nilai/", views.lhe_import_scores, name="lhe_import_scores"),
    path("lhe/<int:pk>/sanggah/", views.lhe_objection_create, name="lhe_objection_create"),
    path("sanggah/<int:pk>/putusan/", views.objection_decide, name="objection_decide"),
    path("sanggah/<int:pk>/data-dukung/", views.objection_evidence, name="objection_evidence"),
    path("lhe/<int:pk>/temuan/baru/", views.finding_create, name="finding_create"),
    path("temuan/<int:pk>/rekomendasi/baru/", views.recommendation_create, name="recommendation_create"),
    path("rekomendasi/", views.my_recommendations, name="my_recommendations"),
    path("rekomendasi/<int:pk>/", views.recommendation_detail, name="recommendation"),
    path("rekomendasi/<int:pk>/mulai/", views.recommendation_start, name="recommendation_start"),
    path("rekomendasi/<int:pk>/tindak-lanjut/", views.recommendation_answer, name="recommendation_answer"),
    path("rekomendasi/<int:pk>/telaah/", views.recommendation_review, name="recommendation_review"),
    path("tindak-lanjut/<int:pk>/data-dukung/", views.follow_up_evidence, name="follow_up_evidence"),
    path("telaah/", views.review_queue, name="review_queue"),
    path("penyelesaian/", views.completion, name="completion"),
    path("kerangka/", views.framework_list, name="frameworks"),
    path("kerangka/<int:pk>/", views.framework_detail, name="framework"),
    path("kerangka/<int:pk>/ekspor.xlsx", views.framework_export, name="framework_export"),
    path("kerangka/<int:pk>/impor/", views.framework_import, name="framework_import"),
    path("kerangka/<int:pk>/versi-baru/", views.framework_new_version, name="framework_new_version"),
] + pd_urlpatterns
