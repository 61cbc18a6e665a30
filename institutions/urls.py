from .anjab.urls import urlpatterns as anjab_urlpatterns

app_name = "institutions"

urlpatterns = [
    *anjab_urlpatterns,
]
