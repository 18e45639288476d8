from django.urls import path

from . import review_views as views

urlpatterns = [
    path("therapists/", views.therapist_signup, name="therapist_signup"),
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
]
