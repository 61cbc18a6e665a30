"""The language switch, included by reformportal/urls.py at /i18n/ without a namespace
(templates name it `set_language`, as Django's own view is named)."""

from django.urls import path

from .views import set_language

urlpatterns = [
    path("setlang/", set_language, name="set_language"),
]
