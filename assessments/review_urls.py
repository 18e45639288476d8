from django.urls import path

from . import review_api as api
from . import review_views as views

urlpatterns = [
    path("therapists/", views.therapist_signup, name="therapist_signup"),
    path("therapists/cancel/", views.therapist_signup_cancel, name="therapist_signup_cancel"),
    path("therapist/", views.dashboard, name="therapist_dashboard"),
    path("therapist/profile/", views.profile, name="therapist_profile"),
    path("therapist/invitations/", views.invitation_create, name="therapist_invitation_create"),
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
    path(
        "api/v1/therapist/invitations/",
        api.ClientInvitationView.as_view(),
        name="api-client-invitations",
    ),
    path("api/v1/couple/therapists/", api.CoupleTherapistsView.as_view(), name="api-therapists"),
    path(
        "api/v1/couple/therapists/preview/",
        api.CoupleTherapistPreviewView.as_view(),
        name="api-therapist-preview",
    ),
    path(
        "api/v1/couple/therapists/access-log/",
        api.AccessLogView.as_view(),
        name="api-access-log",
    ),
    path(
        "api/v1/couple/therapists/<int:pk>/consent/",
        api.CoupleTherapistConsentView.as_view(),
        name="api-therapist-consent",
    ),
    path(
        "api/v1/couple/therapists/<int:pk>/revoke/",
        api.CoupleTherapistRevokeView.as_view(),
        name="api-therapist-revoke",
    ),
]
