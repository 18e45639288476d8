"""The API for notifications: mine, marking them read, and my choices about them."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import PagedListView, TextField, TrueFalseField, WholeNumberField

from . import selectors, services
from .kinds import Kind, kinds_for
from .models import Notification


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    created_at = serializers.DateTimeField()
    read = serializers.SerializerMethodField()
    text = serializers.CharField()
    link = serializers.SerializerMethodField()

    def get_read(self, notification) -> bool:
        return notification.read_at is not None

    def get_link(self, notification) -> str:
        return self.context["request"].build_absolute_uri(notification.link)


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=WholeNumberField(min_value=1, max_value=2**63 - 1),
        required=False,
        max_length=500,
        help_text=_("Which to mark read; leave out to mark all of them read."),
    )


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


class KindChoiceSerializer(serializers.Serializer):
    email = TrueFalseField()


class NotificationSettingsSerializer(serializers.Serializer):
    kinds = serializers.DictField(
        child=KindChoiceSerializer(),
        required=False,
        help_text=_(
            'Per kind, whether it also comes by email: {"report_ready": {"email": false}}.'
        ),
    )
    discreet_subjects = TrueFalseField(required=False)
    time_zone = TextField(
        max_length=64, required=False, help_text=_("An IANA name, like Europe/Berlin.")
    )


def settings_data(user) -> dict:
    choices = services.settings_of(user)
    return {
        "kinds": {str(kind): {"email": choices.wants_email(kind)} for kind in kinds_for(user)},
        "discreet_subjects": choices.discreet_subjects,
        "time_zone": user.time_zone,
    }


@extend_schema_view(
    get=extend_schema(summary="Your notifications", description="Newest first, a page at a time.")
)
class NotificationListView(PagedListView):
    serializer_class = NotificationSerializer
    model = Notification

    def get_items(self):
        return selectors.visible_notifications(self.request.user)


class NotificationsReadView(APIView):
    @extend_schema(
        request=MarkReadSerializer, responses=MarkedSerializer, summary="Mark notifications read"
    )
    def post(self, request):
        serializer = MarkReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        marked = services.notifications_mark_read(
            user=request.user, ids=serializer.validated_data.get("ids")
        )
        return Response({"marked": marked})


class NotificationSettingsView(APIView):
    @extend_schema(responses=NotificationSettingsSerializer, summary="Your notification settings")
    def get(self, request):
        return Response(settings_data(request.user))

    @extend_schema(
        request=NotificationSettingsSerializer,
        responses=NotificationSettingsSerializer,
        summary="Change your notification settings",
        description="Only what you send changes. An unknown kind or time zone is a 400.",
    )
    def patch(self, request):
        serializer = NotificationSettingsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        kinds = data.get("kinds")
        services.notification_settings_update(
            user=request.user,
            emails={kind: choice["email"] for kind, choice in kinds.items()} if kinds else None,
            discreet_subjects=data.get("discreet_subjects"),
            time_zone=data.get("time_zone"),
        )
        return Response(settings_data(request.user))
