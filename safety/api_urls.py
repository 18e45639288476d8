from django.urls import path

from . import api

urlpatterns = [
    path("checkins/<int:pk>/safety-check/", api.SafetyCheckView.as_view(), name="api-safety-check"),
]
