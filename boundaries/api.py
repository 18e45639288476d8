"""The couple's API: the same services as the pages, as JSON."""

import re

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import JsonModelSerializer, TextField, WholeNumberField

from . import access, selectors, services
from .models import Agreement, Behavior, Category


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

    def _me(self):
        return self.context["request"].user

    def get_you(self, couple) -> PersonSerializer:
        return PersonSerializer(self._me()).data

    def get_partner(self, couple) -> PersonSerializer:
        return PersonSerializer(selectors.partner_in(couple, self._me())).data


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class InvitationListView(APIView):
    @extend_schema(
        responses={200: InvitationSerializer, 404: ErrorSerializer},
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
        responses={201: InvitationSerializer, 400: OpenApiResponse(description="Not possible")},
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
        responses={201: CoupleSerializer, 400: OpenApiResponse(description="Code not usable")},
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
        responses={200: CoupleSerializer, 404: ErrorSerializer},
        summary="Your couple",
        description="404 when you are not linked with a partner.",
    )
    def get(self, request):
        couple = access.couple_for_user_or_404(request.user)
        return Response(CoupleSerializer(couple, context={"request": request}).data)

    @extend_schema(
        responses={204: None, 404: ErrorSerializer},
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


@extend_schema_field(OpenApiTypes.STR)
class CategoryField(serializers.RelatedField):
    """A category by its slug ("secrecy") or its id."""

    default_error_messages = {
        "unknown": _("Unknown category. Use one of: {choices}."),
    }

    def get_queryset(self):
        return Category.objects.all()

    def to_internal_value(self, data):
        categories = selectors.categories()
        if isinstance(data, bool):
            self.fail("unknown", choices=", ".join(c.slug for c in categories))
        for category in categories:
            if data in (category.slug, category.pk, str(category.pk)):
                return category
        self.fail("unknown", choices=", ".join(c.slug for c in categories))

    def to_representation(self, value):
        return value.slug


class BehaviorSerializer(JsonModelSerializer):
    category = CategoryField(help_text=_("The category's slug, e.g. “secrecy”, or its id."))
    category_name = serializers.CharField(source="category.name", read_only=True)
    custom = serializers.BooleanField(source="is_custom", read_only=True)

    class Meta:
        model = Behavior
        fields = ["id", "title", "description", "category", "category_name", "custom"]
        read_only_fields = ["id"]


def _behavior_or_404(request, pk):
    return access.own_behavior_or_404(request.user, pk)


class BehaviorListView(APIView):
    @extend_schema(responses={200: BehaviorSerializer(many=True)}, summary="What you can rate")
    def get(self, request):
        couple = selectors.current_couple(request.user)
        return Response(BehaviorSerializer(selectors.behaviors_for(couple), many=True).data)

    @extend_schema(
        request=BehaviorSerializer,
        responses={201: BehaviorSerializer},
        summary="Add a behavior of your own",
        description="Only your couple sees it; it joins your next check-in.",
    )
    def post(self, request):
        serializer = BehaviorSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        behavior = services.behavior_create(user=request.user, **serializer.validated_data)
        return Response(BehaviorSerializer(behavior).data, status=status.HTTP_201_CREATED)


class BehaviorDetailView(APIView):
    @extend_schema(responses={200: BehaviorSerializer}, summary="One of your own behaviors")
    def get(self, request, pk):
        return Response(BehaviorSerializer(_behavior_or_404(request, pk)).data)

    @extend_schema(request=BehaviorSerializer, responses={200: BehaviorSerializer})
    def patch(self, request, pk):
        behavior = _behavior_or_404(request, pk)
        serializer = BehaviorSerializer(behavior, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        values = {
            "title": behavior.title,
            "description": behavior.description,
            "category": behavior.category,
            **serializer.validated_data,
        }
        services.behavior_update(behavior=behavior, **values)
        return Response(BehaviorSerializer(behavior).data)

    @extend_schema(
        responses={204: None},
        summary="Retire one of your own behaviors",
        description="It leaves new check-ins and stays in earlier ones.",
    )
    def delete(self, request, pk):
        services.behavior_retire(behavior=_behavior_or_404(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class AgreementSerializer(serializers.ModelSerializer):
    behavior_title = serializers.CharField(source="behavior.title", read_only=True)
    category = serializers.CharField(source="behavior.category.slug", read_only=True)
    in_force = serializers.BooleanField(source="is_in_force", read_only=True)
    proposed_by = serializers.SerializerMethodField()
    accepted_by = serializers.SerializerMethodField()
    waiting_for_me = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = [
            "id",
            "behavior",
            "behavior_title",
            "category",
            "decision",
            "conditions",
            "revisit_on",
            "status",
            "in_force",
            "proposed_by",
            "proposed_at",
            "accepted_by",
            "accepted_at",
            "waiting_for_me",
        ]
        read_only_fields = fields

    def _person(self, person) -> dict | None:
        if person is None:
            return {"name": str(_("a former partner")), "is_me": False}
        return {"name": person.name, "is_me": person.pk == self.context["request"].user.pk}

    def get_proposed_by(self, agreement) -> PersonRefSerializer:
        return self._person(agreement.proposed_by)

    @extend_schema_field(PersonRefSerializer(allow_null=True))
    def get_accepted_by(self, agreement):
        return self._person(agreement.accepted_by) if agreement.accepted_at else None

    def get_waiting_for_me(self, agreement) -> bool:
        if self.context.get("couple_ended"):
            return False  # nobody can answer a proposal once the link has ended
        me = self.context["request"].user.pk
        return agreement.is_open and agreement.proposed_by_id != me


class AgreementProposeSerializer(serializers.Serializer):
    behavior = WholeNumberField()
    decision = serializers.ChoiceField(choices=Agreement.Decision.choices)
    conditions = TextField(
        required=False, allow_blank=True, max_length=1000, help_text=_("Needed for conditional")
    )
    revisit_on = serializers.DateField(required=False, allow_null=True)
    replaces = WholeNumberField(
        required=False,
        allow_null=True,
        help_text=_("The waiting proposal you are answering with a change, if any."),
    )


class AgreementEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    actor = serializers.SerializerMethodField()
    agreement = AgreementSerializer()

    def get_actor(self, event) -> PersonRefSerializer:
        if event.actor is None:
            return {"name": str(_("a former partner")), "is_me": False}
        return {
            "name": event.actor.name,
            "is_me": event.actor_id == self.context["request"].user.pk,
        }


class AgreementListView(APIView):
    @extend_schema(
        responses={200: AgreementSerializer(many=True)},
        summary="Agreements in force and proposals waiting",
    )
    def get(self, request):
        couple = access.couple_for_user_or_404(request.user)
        agreements = selectors.agreements_current(couple)
        context = {"request": request}
        return Response(AgreementSerializer(agreements, many=True, context=context).data)

    @extend_schema(
        request=AgreementProposeSerializer,
        responses={201: AgreementSerializer},
        summary="Propose a boundary (or a change to one)",
        description="Replaces any proposal still waiting for the same behavior.",
    )
    def post(self, request):
        couple = access.couple_for_user_or_404(request.user)
        serializer = AgreementProposeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        behavior = Behavior.objects.visible_to(couple).filter(pk=data["behavior"]).first()
        if behavior is None:
            raise serializers.ValidationError(
                {"behavior": [_("That behavior is not one of yours.")]}
            )
        agreement = services.agreement_propose(
            user=request.user,
            behavior=behavior,
            decision=data["decision"],
            conditions=data.get("conditions", ""),
            revisit_on=data.get("revisit_on"),
            replaces=data.get("replaces"),
        )
        data = AgreementSerializer(agreement, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)


class AgreementAcceptView(APIView):
    @extend_schema(request=None, responses={200: AgreementSerializer}, summary="Accept")
    def post(self, request, pk):
        access.agreement_or_404(request.user, pk)
        agreement = services.agreement_accept(user=request.user, agreement_id=pk)
        return Response(AgreementSerializer(agreement, context={"request": request}).data)


class AgreementWithdrawView(APIView):
    @extend_schema(request=None, responses={200: AgreementSerializer}, summary="Withdraw")
    def post(self, request, pk):
        access.agreement_or_404(request.user, pk)
        agreement = services.agreement_withdraw(user=request.user, agreement_id=pk)
        return Response(AgreementSerializer(agreement, context={"request": request}).data)


class AgreementHistoryView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("behavior", int, required=False, description="Only this behavior"),
            OpenApiParameter(
                "couple",
                int,
                required=False,
                description="An earlier couple of yours (ids are in your data download); "
                "by default your current one",
            ),
        ],
        responses={200: AgreementEventSerializer(many=True)},
        summary="Every proposal, change, acceptance and withdrawal",
        description="When you are not linked: the history of the link that ended last, "
        "where the other person shows as “a former partner”.",
    )
    def get(self, request):
        wanted = {}
        for name in ("behavior", "couple"):
            value = request.query_params.get(name)
            if value is not None and not re.fullmatch(r"[0-9]{1,18}", value):
                raise serializers.ValidationError({name: [_("Give an id (a whole number).")]})
            wanted[name] = int(value) if value else None
        couple = access.couple_to_read_or_404(request.user, wanted["couple"])
        events = selectors.agreement_history(couple, wanted["behavior"], viewer=request.user)
        context = {"request": request, "couple_ended": couple.ended_at is not None}
        return Response(AgreementEventSerializer(events, many=True, context=context).data)
