from django.urls import path

from . import api

urlpatterns = [
    path("invitations/", api.InvitationListView.as_view(), name="api-invitations"),
    path("invitations/accept/", api.InvitationAcceptView.as_view(), name="api-invitation-accept"),
    path("couple/", api.CoupleView.as_view(), name="api-couple"),
    path("behaviors/", api.BehaviorListView.as_view(), name="api-behaviors"),
    path("behaviors/<int:pk>/", api.BehaviorDetailView.as_view(), name="api-behavior"),
]
