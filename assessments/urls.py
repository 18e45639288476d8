from django.urls import path

from .views import checkins as checkins_views
from .views import privacy as privacy_views
from .views import reports as reports_views
from .views import revisits as revisits_views
from .views import talk as talk_views

urlpatterns = [
    path("account/data/", privacy_views.my_data, name="my_data"),
    path("account/data/export/", privacy_views.my_data_export, name="my_data_export"),
    path("account/delete/", privacy_views.account_delete, name="account_delete"),
    path("checkins/", checkins_views.checkin_list, name="checkin_list"),
    path("checkins/start/", checkins_views.checkin_start, name="checkin_start"),
    path("checkins/<int:pk>/", checkins_views.checkin_detail, name="checkin"),
    path("checkins/<int:pk>/submit/", checkins_views.checkin_submit, name="checkin_submit"),
    path(
        "checkins/<int:pk>/private-flag/", checkins_views.checkin_private_flag, name="checkin_flag"
    ),
    path("checkins/<int:pk>/report/", reports_views.report, name="report"),
    path("checkins/<int:pk>/talk/", talk_views.talk, name="talk"),
    path("checkins/<int:pk>/talk/mark/", talk_views.talk_mark, name="talk_mark"),
    path("checkins/<int:pk>/talk/summary/", talk_views.talk_summary, name="talk_summary"),
    path("checkins/<int:pk>/talk/turn/", talk_views.talk_turn, name="talk_turn"),
    path(
        "boundaries/<int:pk>/revisit/", revisits_views.agreement_revisit, name="agreement_revisit"
    ),
    path(
        "boundaries/<int:pk>/revisit/decide/",
        revisits_views.agreement_revisit_decide,
        name="agreement_revisit_decide",
    ),
    path("boundaries/revisits/<int:pk>/", revisits_views.revisit_detail, name="revisit_detail"),
]
