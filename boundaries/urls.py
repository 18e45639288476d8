from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("account/", views.account, name="account"),
    path("partner/", views.couple, name="couple"),
    path("partner/invite/", views.invite, name="invite"),
    path("partner/invite/cancel/", views.invite_cancel, name="invite_cancel"),
    path("partner/join/", views.join, name="join"),
    path("partner/unlink/", views.unlink, name="unlink"),
    path("invite/<str:code>/", views.invitation_detail, name="invitation_detail"),
]
