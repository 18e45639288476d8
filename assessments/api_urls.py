from django.urls import path

from .api import checkins as checkins_api
from .api import reports as reports_api
from .api import revisits as revisits_api
from .api import talk as talk_api

urlpatterns = [
    path("conditions/", checkins_api.ConditionListView.as_view(), name="api-conditions"),
    path("checkins/", checkins_api.CheckInListView.as_view(), name="api-checkins"),
    path("checkins/<int:pk>/", checkins_api.CheckInDetailView.as_view(), name="api-checkin"),
    path(
        "checkins/<int:pk>/answers/", checkins_api.AnswersView.as_view(), name="api-checkin-answers"
    ),
    path("checkins/<int:pk>/submit/", checkins_api.SubmitView.as_view(), name="api-checkin-submit"),
    path(
        "checkins/<int:pk>/private-flag/",
        checkins_api.PrivateFlagView.as_view(),
        name="api-checkin-flag",
    ),
    path("checkins/<int:pk>/report/", reports_api.ReportView.as_view(), name="api-checkin-report"),
    path("checkins/<int:pk>/cards/", talk_api.CardProgressView.as_view(), name="api-checkin-cards"),
    path("agreements/revisits/", revisits_api.RevisitListView.as_view(), name="api-revisits"),
    path(
        "agreements/<int:pk>/revisit/",
        revisits_api.RevisitView.as_view(),
        name="api-agreement-revisit",
    ),
    path(
        "agreements/<int:pk>/revisit/decision/",
        revisits_api.RevisitDecisionView.as_view(),
        name="api-agreement-revisit-decision",
    ),
]
