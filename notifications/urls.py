from django.urls import path

from . import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/stop/<str:token>/", views.unsubscribe, name="notification_unsubscribe"),
    path("account/notifications/", views.notification_settings, name="notification_settings"),
]
