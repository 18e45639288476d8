"""The API of check-ins: start, status, answers, submit, the private flag."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from boundaries.access import couple_for_user_or_404
from config.api import RefusedWithData, TextField, TrueFalseField, WholeNumberField

from .. import selectors, services
from ..access import checkin_for_user_or_404
from ..models import Answer, Rating
from ..services.checkins import MAX_ANSWERS_PER_SAVE
from .refusals import CheckInOpenSerializer, SurveyIncompleteSerializer


class PartnerStatusSerializer(serializers.Serializer):
    name = serializers.CharField(source="user.name")
    is_me = serializers.SerializerMethodField()
    submitted = serializers.BooleanField(source="has_submitted")
    submitted_at = serializers.DateTimeField(allow_null=True)

    def get_is_me(self, participation) -> bool:
        return participation.user_id == self.context["request"].user.pk


class CheckInSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.SerializerMethodField(help_text=_("open, or complete once both submit"))
    started_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    partners = PartnerStatusSerializer(source="participations.all", many=True)

    def get_status(self, checkin) -> str:
        return "open" if checkin.is_open else "complete"


class MyProgressSerializer(serializers.Serializer):
    answered = serializers.IntegerField()
    total = serializers.IntegerField()
    submitted = serializers.BooleanField()
    cannot_answer_honestly = serializers.BooleanField(
        help_text=_("Your private flag; your partner never sees it.")
    )


class CheckInDetailSerializer(CheckInSerializer):
    me = serializers.SerializerMethodField()

    def get_me(self, checkin) -> MyProgressSerializer:
        survey = self.context["survey"]
        return {
            "answered": survey.answered,
            "total": survey.total,
            "submitted": survey.participation.has_submitted,
            "cannot_answer_honestly": survey.participation.cannot_answer_honestly,
        }


class AnswerSerializer(serializers.ModelSerializer):
    private = serializers.BooleanField(
        source="note_private", help_text=_("The note is private: your partner never sees it.")
    )

    conditions = serializers.ListField(
        child=serializers.CharField(), help_text=_("What an “It depends” depends on: keys.")
    )

    class Meta:
        model = Answer
        fields = [
            "behavior",
            "if_i_do",
            "if_partner_does",
            "note",
            "private",
            "conditions",
            "updated_at",
        ]


RATING_REFUSED = _("must be one of ok, not_ok or depends.")


class RatingField(serializers.ChoiceField):
    """Documented as the three ratings; parsed as text here, and which texts are ratings is
    the service's rule (its message names the behavior)."""

    def __init__(self):
        super().__init__(
            choices=Rating.choices,
            required=False,
            allow_blank=True,
            allow_null=True,
            error_messages={"invalid_choice": RATING_REFUSED},
        )

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        return data


class AnswerInputSerializer(serializers.Serializer):
    """One answer as an API client sends it, parsed: the service then checks it against the
    round (the behavior is part of it, the note's length and characters)."""

    default_error_messages = {"invalid": _("expected an object.")}

    behavior = WholeNumberField(
        error_messages={"invalid": _("must be a number."), "required": _("is missing.")}
    )
    if_i_do = RatingField()
    if_partner_does = RatingField()
    note = TextField(
        required=False,
        allow_blank=True,
        allow_null=True,
        error_messages={"invalid": _("must be text.")},
        help_text=_("At most 1,000 characters, counted after trimming."),
    )
    conditions = serializers.JSONField(
        required=False,
        help_text=_(
            "With an “It depends” only: a list of condition keys (GET /api/v1/conditions/)."
        ),
    )
    private = TrueFalseField(
        required=False,
        help_text=_(
            "Keep the note private: your partner never sees it, a consenting therapist does."
        ),
    )


def parsed_answers(data) -> list[dict]:
    """The answers of a request body, or a 400 naming each one that cannot be read."""
    if not isinstance(data, list) or not data:
        raise serializers.ValidationError({"answers": [_("Send a list of one or more answers.")]})
    if len(data) > MAX_ANSWERS_PER_SAVE:
        raise serializers.ValidationError({"answers": [_("Too many answers in one request.")]})
    parsed = AnswerInputSerializer(data=data, many=True)
    if parsed.is_valid():
        return [
            {key: "" if value is None else value for key, value in item.items()}
            for item in parsed.validated_data
        ]
    problems = []
    found = parsed.errors
    # DRF gives a list's errors as a list, or as a dict keyed by position for only the bad ones.
    by_position = sorted(found.items()) if isinstance(found, dict) else enumerate(found)
    for position, errors in by_position:
        where = _("Answer %(n)d") % {"n": position + 1}
        if not isinstance(errors, dict):  # the answer was null, not an object
            errors = {api_settings.NON_FIELD_ERRORS_KEY: [_("expected an object.")]}
        for field, messages in errors.items():
            what = "" if field == api_settings.NON_FIELD_ERRORS_KEY else f" “{field}”"
            problems += [f"{where}:{what} {message}" for message in messages]
    raise serializers.ValidationError({"answers": problems})


def _checkins_for(request):
    couple = couple_for_user_or_404(request.user)
    return selectors.checkins_of(couple)


class CheckInListView(APIView):
    @extend_schema(responses={200: CheckInSerializer(many=True)}, summary="Your check-ins")
    def get(self, request):
        checkins = _checkins_for(request)
        return Response(CheckInSerializer(checkins, many=True, context={"request": request}).data)

    @extend_schema(
        request=None,
        responses={201: CheckInSerializer, 409: CheckInOpenSerializer},
        summary="Start a check-in",
        description="400 when you are not linked with a partner; 409, with the open "
        "check-in's id, when one is open already.",
    )
    def post(self, request):
        try:
            checkin = services.checkin_start(user=request.user)
        except services.CheckInAlreadyOpen as already:
            raise RefusedWithData(
                already.messages[0],
                code="checkin_open",
                status_code=status.HTTP_409_CONFLICT,
                data={"checkin": already.checkin.pk},
            ) from None
        checkin = checkin_for_user_or_404(request.user, checkin.pk)
        data = CheckInSerializer(checkin, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)


class CheckInDetailView(APIView):
    @extend_schema(responses={200: CheckInDetailSerializer}, summary="A check-in's status")
    def get(self, request, pk):
        checkin = checkin_for_user_or_404(request.user, pk)
        survey = selectors.survey_for(checkin, request.user)
        context = {"request": request, "survey": survey}
        return Response(CheckInDetailSerializer(checkin, context=context).data)


class AnswersView(APIView):
    @extend_schema(responses={200: AnswerSerializer(many=True)}, summary="My answers")
    def get(self, request, pk):
        checkin = checkin_for_user_or_404(request.user, pk)
        answers = selectors.my_answers(checkin, request.user)
        return Response(AnswerSerializer(answers, many=True).data)

    @extend_schema(
        request=AnswerInputSerializer(many=True),
        responses={200: AnswerSerializer(many=True)},
        summary="Save some of my answers",
        description="Upserts the listed answers; fields left out keep their saved value.",
    )
    def put(self, request, pk):
        try:
            answers = parsed_answers(request.data)
        except serializers.ValidationError:
            checkin_for_user_or_404(request.user, pk)  # a stranger learns nothing, not even this
            raise
        # The service looks the check-in up as it locks it (a 404 for anyone who may not see
        # it, as checkin_for_user_or_404 answers): one query less on every save.
        saved = services.answers_save(user=request.user, checkin=pk, answers=answers)
        return Response(AnswerSerializer(saved, many=True).data)


class SubmitView(APIView):
    @extend_schema(
        request=None,
        responses={
            200: CheckInSerializer,
            400: SurveyIncompleteSerializer,
        },
        summary="Submit my answers",
        description="Locks my answers. Submitting again changes nothing.",
    )
    def post(self, request, pk):
        checkin = checkin_for_user_or_404(request.user, pk)
        try:
            services.checkin_submit(user=request.user, checkin=checkin)
        except services.SurveyIncomplete as incomplete:
            missing = [{"id": b.pk, "title": b.title} for b in incomplete.missing]
            raise RefusedWithData(
                incomplete.messages[0],
                code="incomplete",
                status_code=status.HTTP_400_BAD_REQUEST,
                data={"missing": missing},
            ) from None
        checkin = checkin_for_user_or_404(request.user, pk)
        return Response(CheckInSerializer(checkin, context={"request": request}).data)


class PrivateFlagView(APIView):
    @extend_schema(
        request=inline_serializer(
            "PrivateFlag", {"cannot_answer_honestly": serializers.BooleanField()}
        ),
        responses={200: MyProgressSerializer},
        summary="“I can't answer this honestly right now” (private)",
    )
    def put(self, request, pk):
        checkin = checkin_for_user_or_404(request.user, pk)
        value = (
            request.data.get("cannot_answer_honestly") if isinstance(request.data, dict) else None
        )
        if not isinstance(value, bool):
            raise serializers.ValidationError(
                {"cannot_answer_honestly": [_("Send true or false.")]}
            )
        services.checkin_set_private_flag(user=request.user, checkin=checkin, value=value)
        survey = selectors.survey_for(checkin, request.user)
        detail = CheckInDetailSerializer(checkin, context={"request": request, "survey": survey})
        return Response(detail.data["me"])


class ConditionSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class ConditionListView(APIView):
    @extend_schema(
        responses={200: ConditionSerializer(many=True)},
        summary="What “It depends” can depend on",
    )
    def get(self, request):
        return Response(ConditionSerializer(selectors.conditions(), many=True).data)
