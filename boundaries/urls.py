from django.urls import path

from . import views

urlpatterns = [
    path("about/", views.about, name="about"),
    path("privacy/", views.privacy_page, name="privacy"),
    path("account/", views.account, name="account"),
    path("partner/", views.couple, name="couple"),
    path("partner/invite/", views.invite, name="invite"),
    path("partner/invite/cancel/", views.invite_cancel, name="invite_cancel"),
    path("partner/join/", views.join, name="join"),
    path("partner/unlink/", views.unlink, name="unlink"),
    path("invite/<str:code>/", views.invitation_detail, name="invitation_detail"),
    path("behaviors/", views.behavior_list, name="behavior_list"),
    path("behaviors/<int:pk>/edit/", views.behavior_edit, name="behavior_edit"),
    path("behaviors/<int:pk>/retire/", views.behavior_retire, name="behavior_retire"),
    path("partner/therapist/", views.therapists, name="therapists"),
    path("partner/therapist/connect/", views.therapist_connect, name="therapist_connect"),
    path("partner/therapist/<int:pk>/consent/", views.therapist_consent, name="therapist_consent"),
    path("partner/therapist/<int:pk>/revoke/", views.therapist_revoke, name="therapist_revoke"),
    path("boundaries/", views.agreements, name="agreements"),
    path("boundaries/propose/", views.agreement_propose, name="agreement_propose"),
    path("boundaries/history/", views.agreement_history, name="agreement_history"),
    path("boundaries/<int:pk>/accept/", views.agreement_accept, name="agreement_accept"),
    path("boundaries/<int:pk>/withdraw/", views.agreement_withdraw, name="agreement_withdraw"),
]
