"""The reports' API routes, included by reformportal/urls.py under /api/v1/."""

from django.urls import path

from .api import NationalOverviewView

urlpatterns = [
    path("national-overview/", NationalOverviewView.as_view(), name="national-overview"),
]
