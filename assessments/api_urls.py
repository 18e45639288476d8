from django.urls import path

from . import api

urlpatterns = [
    path("checkins/", api.CheckInListView.as_view(), name="api-checkins"),
    path("checkins/<int:pk>/", api.CheckInDetailView.as_view(), name="api-checkin"),
    path("checkins/<int:pk>/answers/", api.AnswersView.as_view(), name="api-checkin-answers"),
    path("checkins/<int:pk>/submit/", api.SubmitView.as_view(), name="api-checkin-submit"),
    path("checkins/<int:pk>/private-flag/", api.PrivateFlagView.as_view(), name="api-checkin-flag"),
    path("checkins/<int:pk>/report/", api.ReportView.as_view(), name="api-checkin-report"),
    path("checkins/<int:pk>/cards/", api.CardProgressView.as_view(), name="api-checkin-cards"),
]
