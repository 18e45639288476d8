"""The API for revisiting boundaries: which are due, my blind answers, both once both have
answered, and the decision."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from boundaries import access as boundary_access
from boundaries.api.agreements import AgreementTermsSerializer
from boundaries.models import Agreement

from .. import services
from ..reports.answers import as_answers
from ..selectors import revisits as revisit_selectors
from ..selectors.revisits import RevisitState
from .checkins import AnswerInputSerializer


class RevisitAnswerSerializer(serializers.Serializer):
    if_i_do = serializers.CharField()
    if_partner_does = serializers.CharField()
    note = serializers.CharField(help_text=_("Blank when it is the partner's private note."))
    private = serializers.BooleanField()
    conditions = serializers.ListField(child=serializers.CharField())
    answered_at = serializers.DateTimeField()


def _answer(answer, *, hide_private: bool, at: str = "answered_at") -> dict | None:
    """A revisit's answer, or a check-in's (`at="updated_at"`), as the reader may see it."""
    shown = as_answers(answer, hide_note=hide_private)
    if shown is None:
        return None
    return {
        "if_i_do": shown.self,
        "if_partner_does": shown.partner,
        "note": shown.note,
        "private": shown.private,
        "conditions": list(shown.conditions),
        "answered_at": getattr(answer, at),
    }


class EarlierSerializer(serializers.Serializer):
    check_in = serializers.IntegerField()
    completed_at = serializers.DateTimeField()
    mine = RevisitAnswerSerializer(allow_null=True)
    partner = RevisitAnswerSerializer(allow_null=True)


class RevisitAgreementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    behavior = serializers.IntegerField(source="behavior_id")
    behavior_title = serializers.CharField(source="behavior.title")
    decision = serializers.CharField()
    conditions = serializers.CharField()
    revisit_on = serializers.DateField(allow_null=True)
    last_revisited_at = serializers.DateTimeField(allow_null=True)


class RevisitSerializer(serializers.Serializer):
    """A revisit as I may see it: blind (only mine, and whether my partner has answered)
    until both have answered; then both, and our answers from the last check-in."""

    agreement = RevisitAgreementSerializer()
    state = serializers.ChoiceField(
        choices=["not_due", "to_answer", "waiting_for_me", "waiting_for_partner", "to_decide"],
        help_text=_("not_due: nothing to answer now."),
    )
    due_on = serializers.DateField(allow_null=True)
    mine = serializers.SerializerMethodField()
    partner_answered = serializers.BooleanField()
    partner = serializers.SerializerMethodField()
    earlier = serializers.SerializerMethodField()

    @extend_schema_field(RevisitAnswerSerializer(allow_null=True))
    def get_mine(self, state):
        return _answer(state.mine, hide_private=False)

    @extend_schema_field(RevisitAnswerSerializer(allow_null=True))
    def get_partner(self, state):
        return _answer(state.partner_answer, hide_private=True)

    @extend_schema_field(EarlierSerializer(allow_null=True))
    def get_earlier(self, state):
        if not state.both_answered:
            return None
        # The list reads them for every revisit at once (its context); one revisit, here.
        earlier = self.context.get("earlier")
        found = earlier.get(state.agreement.pk) if earlier is not None else None
        checkin, answers = found or revisit_selectors.earlier_answers(state)
        if checkin is None:
            return None
        me = state.viewer_id
        partner = next((a for user_id, a in answers.items() if user_id != me), None)
        return {
            "check_in": checkin.pk,
            "completed_at": checkin.completed_at,
            "mine": _answer(answers.get(me), hide_private=False, at="updated_at"),
            "partner": _answer(partner, hide_private=True, at="updated_at"),
        }


class RevisitInputSerializer(AnswerInputSerializer):
    """My blind answers, in the shape of a survey answer; fields left out keep their value."""

    behavior = None


class RevisitListView(APIView):
    @extend_schema(
        responses={200: RevisitSerializer(many=True)},
        summary="Boundaries due for another look, and revisits in progress",
    )
    def get(self, request):
        couple = boundary_access.couple_for_user_or_404(request.user)
        states = revisit_selectors.revisits_due(couple, request.user)
        both = [state for state in states if state.both_answered]
        context = {"earlier": revisit_selectors.earlier_answers_of(both)}
        return Response(RevisitSerializer(states, many=True, context=context).data)


def _current(request, pk):
    agreement = boundary_access.agreement_or_404(request.user, pk)
    state = revisit_selectors.revisit_of(agreement, request.user)
    return state or RevisitState(agreement, None, request.user.pk, due=False)


class RevisitView(APIView):
    @extend_schema(responses={200: RevisitSerializer}, summary="A boundary's revisit")
    def get(self, request, pk):
        return Response(RevisitSerializer(_current(request, pk)).data)

    @extend_schema(
        request=RevisitInputSerializer,
        responses={200: RevisitSerializer},
        summary="Give or change my blind answers",
        description="Until both have answered; then the answers are final. Sending the "
        "same answers again changes nothing.",
    )
    def put(self, request, pk):
        boundary_access.agreement_or_404(request.user, pk)
        parsed = RevisitInputSerializer(data=request.data)
        parsed.is_valid(raise_exception=True)
        answer = {k: "" if v is None else v for k, v in parsed.validated_data.items()}
        services.revisit_answer(user=request.user, agreement_id=pk, answer=answer)
        return Response(RevisitSerializer(_current(request, pk)).data)


class RevisitDecisionSerializer(AgreementTermsSerializer):
    """The decision; with "change", the new terms (as a proposal takes them)."""

    outcome = serializers.ChoiceField(choices=["renew", "change", "lapse"])
    decision = serializers.ChoiceField(
        choices=Agreement.Decision.choices, required=False, help_text=_("With change.")
    )


class DecidedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    outcome = serializers.CharField()
    decided_at = serializers.DateTimeField()
    proposal = serializers.IntegerField(
        source="proposal_id", allow_null=True, help_text=_("The change proposed, if any.")
    )


class RevisitDecisionView(APIView):
    @extend_schema(
        request=RevisitDecisionSerializer,
        responses={200: DecidedSerializer},
        summary="Decide: renew, change (a new proposal) or let it lapse",
        description="Once both have answered. The same decision sent twice changes nothing.",
    )
    def post(self, request, pk):
        boundary_access.agreement_or_404(request.user, pk)
        parsed = RevisitDecisionSerializer(data=request.data)
        parsed.is_valid(raise_exception=True)
        revisit = services.revisit_decide(
            user=request.user, agreement_id=pk, **parsed.validated_data
        )
        return Response(DecidedSerializer(revisit).data)
