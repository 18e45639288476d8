"""The private safety check through the API: the questions and my own answers; answering.

Mine only: a partner reads the same questions and their own answers, never mine, and a
stranger gets a 404 (the check-in is not theirs)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.access import checkin_for_user_or_404

from . import selectors, services
from .questions import CHOICES, QUESTIONS


class ChoiceSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


class QuestionSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.CharField()
    choices = ChoiceSerializer(many=True)


class ResourceSerializer(serializers.Serializer):
    name = serializers.CharField()
    how_to_reach = serializers.CharField()
    region = serializers.CharField()


class SafetyCheckInput(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(),
        help_text=_(
            "Question key to one of: no, sometimes, yes, rather_not_say. Any may be left out."
        ),
    )

    def validate(self, attrs):
        unknown = set(self.initial_data) - {"answers"}
        if unknown:
            raise serializers.ValidationError(_("Send only “answers”."))
        return attrs


def _questions():
    choices = [{"value": value, "label": str(label)} for value, label in CHOICES]
    return [{"key": key, "text": str(text), "choices": choices} for key, text in QUESTIONS]


class SafetyCheckView(APIView):
    @extend_schema(
        responses={
            200: inline_serializer(
                "SafetyCheck",
                {
                    "questions": QuestionSerializer(many=True),
                    "answers": serializers.DictField(
                        child=serializers.CharField(), allow_null=True
                    ),
                },
            )
        },
        summary="The private safety check, and my own answers",
    )
    def get(self, request, pk):
        checkin = checkin_for_user_or_404(request.user, pk)
        check = selectors.check_of(request.user, checkin)
        answers = check.answers if check is not None and not check.skipped else None
        return Response({"questions": _questions(), "answers": answers})

    @extend_schema(
        request=SafetyCheckInput,
        responses={
            200: inline_serializer(
                "SafetyCheckResult",
                {
                    "concern": serializers.BooleanField(),
                    "resources": ResourceSerializer(many=True),
                },
            )
        },
        summary="Answer the private safety check",
        description=(
            "Nothing the partner can see changes. With a concern, the answer lists where to "
            "turn; submitting stays the person's own choice."
        ),
    )
    def put(self, request, pk):
        checkin = checkin_for_user_or_404(request.user, pk)
        body = SafetyCheckInput(data=request.data if isinstance(request.data, dict) else None)
        body.is_valid(raise_exception=True)
        check = services.safety_check_answer(
            user=request.user, checkin=checkin, answers=body.validated_data["answers"]
        )
        resources = selectors.resources() if check.concern else []
        return Response(
            {"concern": check.concern, "resources": ResourceSerializer(resources, many=True).data}
        )
