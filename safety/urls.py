from django.urls import path

from . import views

urlpatterns = [
    path("checkins/<int:pk>/before-you-submit/", views.safety_check, name="safety_check"),
    path("checkins/<int:pk>/support/", views.safety_support, name="safety_support"),
    path("checkins/<int:pk>/support/share/", views.safety_share, name="safety_share"),
    path("safety/", views.using_safely, name="using_safely"),
]
