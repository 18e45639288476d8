from django.urls import path

from . import views

urlpatterns = [
    path("account/data/", views.my_data, name="my_data"),
    path("account/data/export/", views.my_data_export, name="my_data_export"),
    path("account/delete/", views.account_delete, name="account_delete"),
    path("checkins/", views.checkin_list, name="checkin_list"),
    path("checkins/start/", views.checkin_start, name="checkin_start"),
    path("checkins/<int:pk>/", views.checkin_detail, name="checkin"),
    path("checkins/<int:pk>/submit/", views.checkin_submit, name="checkin_submit"),
    path("checkins/<int:pk>/private-flag/", views.checkin_private_flag, name="checkin_flag"),
    path("checkins/<int:pk>/report/", views.report, name="report"),
    path("checkins/<int:pk>/talk/", views.talk, name="talk"),
    path("checkins/<int:pk>/talk/mark/", views.talk_mark, name="talk_mark"),
]
