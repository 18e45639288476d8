from django.urls import path

from .api import agreements as agreements_api
from .api import catalog as catalog_api
from .api import couples as couples_api
from .api import therapists as therapists_api

urlpatterns = [
    path("invitations/", couples_api.InvitationListView.as_view(), name="api-invitations"),
    path(
        "invitations/accept/",
        couples_api.InvitationAcceptView.as_view(),
        name="api-invitation-accept",
    ),
    path("couple/", couples_api.CoupleView.as_view(), name="api-couple"),
    path("behaviors/", catalog_api.BehaviorListView.as_view(), name="api-behaviors"),
    path("behaviors/<int:pk>/", catalog_api.BehaviorDetailView.as_view(), name="api-behavior"),
    path("agreements/", agreements_api.AgreementListView.as_view(), name="api-agreements"),
    path(
        "agreements/history/",
        agreements_api.AgreementHistoryView.as_view(),
        name="api-agreement-history",
    ),
    path(
        "agreements/<int:pk>/accept/",
        agreements_api.AgreementAcceptView.as_view(),
        name="api-agreement-accept",
    ),
    path(
        "agreements/<int:pk>/withdraw/",
        agreements_api.AgreementWithdrawView.as_view(),
        name="api-agreement-withdraw",
    ),
    path(
        "therapist/invitations/",
        therapists_api.ClientInvitationView.as_view(),
        name="api-client-invitations",
    ),
    path(
        "couple/therapists/", therapists_api.CoupleTherapistsView.as_view(), name="api-therapists"
    ),
    path(
        "couple/therapists/preview/",
        therapists_api.CoupleTherapistPreviewView.as_view(),
        name="api-therapist-preview",
    ),
    path(
        "couple/therapists/access-log/",
        therapists_api.AccessLogView.as_view(),
        name="api-access-log",
    ),
    path(
        "couple/therapists/<int:pk>/consent/",
        therapists_api.CoupleTherapistConsentView.as_view(),
        name="api-therapist-consent",
    ),
    path(
        "couple/therapists/<int:pk>/revoke/",
        therapists_api.CoupleTherapistRevokeView.as_view(),
        name="api-therapist-revoke",
    ),
]
