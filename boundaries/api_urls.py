from django.urls import path

from . import api

urlpatterns = [
    path("invitations/", api.InvitationListView.as_view(), name="api-invitations"),
    path("invitations/accept/", api.InvitationAcceptView.as_view(), name="api-invitation-accept"),
    path("couple/", api.CoupleView.as_view(), name="api-couple"),
    path("behaviors/", api.BehaviorListView.as_view(), name="api-behaviors"),
    path("behaviors/<int:pk>/", api.BehaviorDetailView.as_view(), name="api-behavior"),
    path("agreements/", api.AgreementListView.as_view(), name="api-agreements"),
    path("agreements/history/", api.AgreementHistoryView.as_view(), name="api-agreement-history"),
    path(
        "agreements/<int:pk>/accept/",
        api.AgreementAcceptView.as_view(),
        name="api-agreement-accept",
    ),
    path(
        "agreements/<int:pk>/withdraw/",
        api.AgreementWithdrawView.as_view(),
        name="api-agreement-withdraw",
    ),
]
