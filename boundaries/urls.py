from django.urls import path

from .views import accounts, agreements, catalog, couples, pages, therapists

urlpatterns = [
    path("about/", pages.about, name="about"),
    path("privacy/", pages.privacy_page, name="privacy"),
    path("account/", accounts.account, name="account"),
    path("leave/", accounts.quick_exit, name="quick_exit"),
    path("language/", accounts.language_choose, name="language"),
    path("partner/", couples.couple, name="couple"),
    path("partner/rhythm/", couples.couple_rhythm, name="couple_rhythm"),
    path("partner/invite/", couples.invite, name="invite"),
    path("partner/invite/cancel/", couples.invite_cancel, name="invite_cancel"),
    path("partner/join/", couples.join, name="join"),
    path("partner/unlink/", couples.unlink, name="unlink"),
    path("invite/<str:code>/", couples.invitation_detail, name="invitation_detail"),
    path("behaviors/", catalog.behavior_list, name="behavior_list"),
    path("behaviors/<int:pk>/edit/", catalog.behavior_edit, name="behavior_edit"),
    path("behaviors/<int:pk>/retire/", catalog.behavior_retire, name="behavior_retire"),
    path("therapists/", therapists.therapist_signup, name="therapist_signup"),
    path("therapists/cancel/", therapists.therapist_signup_cancel, name="therapist_signup_cancel"),
    path("therapist/profile/", therapists.profile, name="therapist_profile"),
    path(
        "therapist/invitations/",
        therapists.invitation_create,
        name="therapist_invitation_create",
    ),
    path("partner/therapist/", therapists.therapists, name="therapists"),
    path("partner/therapist/connect/", therapists.therapist_connect, name="therapist_connect"),
    path(
        "partner/therapist/<int:pk>/consent/",
        therapists.therapist_consent,
        name="therapist_consent",
    ),
    path(
        "partner/therapist/<int:pk>/revoke/", therapists.therapist_revoke, name="therapist_revoke"
    ),
    path("boundaries/", agreements.agreements, name="agreements"),
    path("boundaries/propose/", agreements.agreement_propose, name="agreement_propose"),
    path("boundaries/history/", agreements.agreement_history, name="agreement_history"),
    path("boundaries/<int:pk>/accept/", agreements.agreement_accept, name="agreement_accept"),
    path("boundaries/<int:pk>/withdraw/", agreements.agreement_withdraw, name="agreement_withdraw"),
]
