from django.urls import path

from . import api, views

urlpatterns = [
    path("therapist/", views.dashboard, name="therapist_dashboard"),
    path("therapist/notes/", views.notes, name="therapist_notes"),
    path("therapist/couples/<int:couple_id>/", views.couple_detail, name="therapist_couple"),
    path(
        "therapist/couples/<int:couple_id>/checkins/<int:checkin_id>/report/",
        views.couple_report,
        name="therapist_report",
    ),
    path("api/v1/therapist/couples/", api.ClientListView.as_view(), name="api-clients"),
    path(
        "api/v1/therapist/couples/<int:couple_id>/",
        api.ClientDetailView.as_view(),
        name="api-client",
    ),
    path(
        "api/v1/therapist/couples/<int:couple_id>/checkins/<int:checkin_id>/report/",
        api.ClientReportView.as_view(),
        name="api-client-report",
    ),
    path(
        "api/v1/therapist/couples/<int:couple_id>/notes/",
        api.ClientNotesView.as_view(),
        name="api-client-notes",
    ),
]
