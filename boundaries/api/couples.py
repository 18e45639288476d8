"""The API for linking up: invitations, accepting one, the couple and its rhythm, unlinking."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    extend_schema,
)
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments import selectors as assessment_selectors
from config.api import TextField, WholeNumberField

from .. import access, selectors, services
from ..models import Couple


class PersonRefSerializer(serializers.Serializer):
    name = serializers.CharField()
    is_me = serializers.BooleanField()


class PersonSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.EmailField()


class InvitationCreateSerializer(serializers.Serializer):
    email = serializers.EmailField(
        required=False, allow_blank=True, help_text=_("Also send the link to this address.")
    )


class InvitationSerializer(serializers.Serializer):
    code = serializers.CharField(source="display_code", help_text=_("Share this code."))
    link = serializers.SerializerMethodField()
    email = serializers.CharField(help_text=_("Where the link was sent; empty if not by email."))
    expires_at = serializers.DateTimeField()
    email_problem = serializers.CharField(
        default="",
        help_text=_("Why the email was not sent, when it was asked for and failed; else empty."),
    )

    def get_link(self, invitation) -> str:
        base_url = self.context["request"].build_absolute_uri("/")
        return services.invitation_link(invitation, base_url=base_url)


class InvitationAcceptSerializer(serializers.Serializer):
    code = TextField(
        max_length=300, help_text=_("Spaces, dashes, any case; the whole link works too.")
    )


class CoupleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    linked_at = serializers.DateTimeField(source="created_at")
    you = serializers.SerializerMethodField()
    partner = serializers.SerializerMethodField()
    checkin_every_weeks = serializers.IntegerField(
        help_text=_("How often you mean to check in, in weeks; 0: no reminders.")
    )
    next_checkin_due = serializers.SerializerMethodField()

    def _me(self):
        return self.context["request"].user

    def get_you(self, couple) -> PersonSerializer:
        return PersonSerializer(self._me()).data

    def get_partner(self, couple) -> PersonSerializer:
        return PersonSerializer(selectors.partner_in(couple, self._me())).data

    def get_next_checkin_due(self, couple) -> datetime.date | None:
        return assessment_selectors.next_checkin_due(couple)


class CoupleUpdateSerializer(serializers.Serializer):
    checkin_every_weeks = WholeNumberField(
        help_text=_("Every 2, 4, 8 or 12 weeks, or 0 for no reminders.")
    )

    def validate_checkin_every_weeks(self, value):
        if value not in Couple.Rhythm.values:
            raise serializers.ValidationError(
                _("Choose every 2, 4, 8 or 12 weeks, or 0 for no reminders.")
            )
        return value


class InvitationListView(APIView):
    @extend_schema(
        responses={200: InvitationSerializer},
        summary="Your waiting invitation",
        description="404 when you have none that still works.",
    )
    def get(self, request):
        invitation = selectors.pending_invitation(request.user)
        if invitation is None:
            raise Http404(_("You have no invitation waiting."))
        return Response(InvitationSerializer(invitation, context={"request": request}).data)

    @extend_schema(
        request=InvitationCreateSerializer,
        responses={201: InvitationSerializer},
        summary="Invite your partner",
        description="Creates a new invitation; any earlier one stops working.",
    )
    def post(self, request):
        serializer = InvitationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invitation = services.invitation_create(
            inviter=request.user,
            email=serializer.validated_data.get("email", ""),
            base_url=request.build_absolute_uri("/"),
        )
        data = InvitationSerializer(invitation, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)


class InvitationAcceptView(APIView):
    @extend_schema(
        request=InvitationAcceptSerializer,
        responses={201: CoupleSerializer},
        summary="Accept your partner's invitation",
    )
    def post(self, request):
        serializer = InvitationAcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.invitation_accept(user=request.user, code=serializer.validated_data["code"])
        couple = access.couple_for_user_or_404(request.user)
        data = CoupleSerializer(couple, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)


class CoupleView(APIView):
    @extend_schema(
        responses={200: CoupleSerializer},
        summary="Your couple",
        description="404 when you are not linked with a partner.",
    )
    def get(self, request):
        couple = access.couple_for_user_or_404(request.user)
        return Response(CoupleSerializer(couple, context={"request": request}).data)

    @extend_schema(
        request=CoupleUpdateSerializer,
        responses={200: CoupleSerializer},
        summary="Choose how often you check in",
        description="Both of you are reminded, once, when the next check-in is due. Your "
        "partner is told of the change.",
    )
    def patch(self, request):
        access.couple_for_user_or_404(request.user)
        serializer = CoupleUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        couple = services.couple_set_rhythm(
            user=request.user, every_weeks=serializer.validated_data["checkin_every_weeks"]
        )
        return Response(CoupleSerializer(couple, context={"request": request}).data)

    @extend_schema(
        responses={204: None},
        summary="Unlink",
        description="Ends the couple at once; nothing is shared between the two from then on.",
    )
    def delete(self, request):
        access.couple_for_user_or_404(request.user)
        try:
            services.couple_unlink(user=request.user)
        except ValidationError:
            # The partner unlinked a moment earlier: the couple is gone either way.
            raise Http404(_("You are not linked with a partner.")) from None
        return Response(status=status.HTTP_204_NO_CONTENT)
