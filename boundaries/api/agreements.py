"""The API for shared boundaries: list, propose, accept, withdraw, history."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import PagedListView, TextField, WholeNumberField
from config.ids import id_from_text

from .. import access, selectors, services
from ..models import Agreement, AgreementEvent, Behavior
from ..models.agreements import CONDITIONS_MAX_LENGTH
from ..selectors import FORMER_PARTNER
from ..services.agreements import NOT_ONE_OF_YOURS
from .couples import PersonRefSerializer


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
            return {"name": str(FORMER_PARTNER), "is_me": False}
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


class AgreementTermsSerializer(serializers.Serializer):
    """What a boundary says, and when to look at it again."""

    decision = serializers.ChoiceField(choices=Agreement.Decision.choices)
    conditions = TextField(
        required=False,
        allow_blank=True,
        max_length=CONDITIONS_MAX_LENGTH,
        help_text=_("Needed for conditional"),
    )
    revisit_on = serializers.DateField(required=False, allow_null=True)


class AgreementProposeSerializer(AgreementTermsSerializer):
    behavior = WholeNumberField()
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
            return {"name": str(FORMER_PARTNER), "is_me": False}
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
            raise serializers.ValidationError({"behavior": [NOT_ONE_OF_YOURS]})
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


@extend_schema_view(
    get=extend_schema(
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
        summary="Every proposal, change, acceptance and withdrawal",
        description="Newest first, a page at a time. When you are not linked: the history of "
        "the link that ended last, where the other person shows as “a former partner”.",
    )
)
class AgreementHistoryView(PagedListView):
    serializer_class = AgreementEventSerializer
    model = AgreementEvent

    def get_items(self):
        wanted = {}
        for name in ("behavior", "couple"):
            value = self.request.query_params.get(name)
            wanted[name] = id_from_text(value)
            if value is not None and wanted[name] is None:
                raise serializers.ValidationError({name: [_("Give an id (a whole number).")]})
        self.couple = access.couple_to_read_or_404(self.request.user, wanted["couple"])
        return selectors.agreement_history(
            self.couple, wanted["behavior"], viewer=self.request.user
        )

    def get_serializer_context(self):
        couple = getattr(self, "couple", None)
        ended = couple is not None and couple.ended_at is not None
        return {**super().get_serializer_context(), "couple_ended": ended}
