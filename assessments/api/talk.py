"""The API of the guided conversation's shared progress."""

import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import Conflict, TextField, TrueFalseField, WholeNumberField

from .. import services
from ..access import checkin_for_user_or_404
from ..models import CardProgress


class CardProgressInputSerializer(serializers.Serializer):
    card = TextField(max_length=64)
    talked_about = TrueFalseField(required=False)
    agreed = TextField(required=False, allow_blank=True, trim_whitespace=False)
    version = TextField(
        required=False,
        allow_blank=True,
        help_text=_("The card's version when you read it; refused if your partner saved since."),
    )
    speaker = WholeNumberField(
        required=False, allow_null=True, help_text=_("Taking turns: the id of who speaks now.")
    )
    turn = WholeNumberField(required=False, min_value=0, help_text=_("Which turn it is."))
    paused_until = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text=_("A break: at least 20 minutes from now; null to go on."),
    )


class CardProgressOutputSerializer(serializers.Serializer):
    card = serializers.CharField(source="card_key")
    talked_about = serializers.SerializerMethodField()
    agreed = serializers.CharField()
    speaker = serializers.IntegerField(source="speaker_id", allow_null=True)
    turn = serializers.IntegerField()
    paused_until = serializers.DateTimeField(allow_null=True)
    version = serializers.CharField()

    def get_talked_about(self, progress) -> bool:
        return progress.talked_about_at is not None


CARD_KEY = re.compile(r"[A-Za-z0-9_-]+")


class CardProgressView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("card", str, required=True)],
        responses={200: CardProgressOutputSerializer},
        summary="One conversation card's shared progress and whose turn it is",
    )
    def get(self, request, pk):
        checkin = checkin_for_user_or_404(request.user, pk)
        query = request.query_params
        if set(query) != {"card"} or len(query.getlist("card")) != 1:
            raise serializers.ValidationError({"card": [_("Ask for one card: ?card=<key>.")]})
        key = query["card"]
        # A card's key is letters, digits and dashes ("3-clash-12"); anything else is none.
        if len(key) > 64 or not CARD_KEY.fullmatch(key):
            raise serializers.ValidationError({"card": [_("There is no such card.")]})
        progress = CardProgress.objects.filter(checkin=checkin, card_key=key).first()
        if progress is None:
            progress = CardProgress(checkin=checkin, card_key=key)
        return Response(CardProgressOutputSerializer(progress).data)

    @extend_schema(
        request=CardProgressInputSerializer,
        responses={200: CardProgressOutputSerializer},
        summary="Mark a conversation card as talked about, or note what you agreed",
        description="Only the fields you send change.",
    )
    def put(self, request, pk):
        checkin = checkin_for_user_or_404(request.user, pk)
        serializer = CardProgressInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        names = ("talked_about", "agreed", "speaker", "turn", "paused_until")
        changes = {name: data[name] for name in names if name in data}
        try:
            progress = services.card_progress_save(
                user=request.user,
                checkin=checkin,
                card_key=data["card"],
                seen_version=data.get("version"),
                **changes,
            )
        except services.ReportNotReady as not_ready:
            raise Conflict(not_ready.messages[0], code="not_ready") from None
        except services.StaleCard as stale:
            raise Conflict(stale.messages[0], code="stale") from None
        return Response(CardProgressOutputSerializer(progress).data)
