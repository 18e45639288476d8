"""Check-ins in the API: the same services as the survey pages, as JSON."""

import json

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from boundaries.access import couple_for_user_or_404
from boundaries.api.couples import PersonRefSerializer
from config.api import TextField, TrueFalseField, WholeNumberField

from . import reports, selectors, services
from .access import checkin_for_user_or_404
from .comparison import Direction, Finding
from .models import NOTE_MAX_LENGTH, Answer, Rating
from .reports import report_for


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
    class Meta:
        model = Answer
        fields = ["behavior", "if_i_do", "if_partner_does", "note", "updated_at"]


class AnswerInputSerializer(serializers.Serializer):
    """Documents the input; the service checks it, so pages and API refuse the same things."""

    behavior = WholeNumberField()
    if_i_do = serializers.ChoiceField(choices=Rating.choices, required=False, allow_blank=True)
    if_partner_does = serializers.ChoiceField(
        choices=Rating.choices, required=False, allow_blank=True
    )
    note = TextField(max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True)


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
        responses={
            201: CheckInSerializer,
            409: OpenApiResponse(description="A check-in is open already; its id is returned"),
            400: OpenApiResponse(description="Not linked with a partner"),
        },
        summary="Start a check-in",
    )
    def post(self, request):
        try:
            checkin = services.checkin_start(user=request.user)
        except services.CheckInAlreadyOpen as already:
            return Response(
                {"detail": already.messages[0], "checkin": already.checkin.pk},
                status=status.HTTP_409_CONFLICT,
            )
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
        responses={200: AnswerSerializer(many=True), 400: OpenApiResponse(description="Refused")},
        summary="Save some of my answers",
        description="Upserts the listed answers; fields left out keep their saved value.",
    )
    def put(self, request, pk):
        checkin = checkin_for_user_or_404(request.user, pk)
        saved = services.answers_save(user=request.user, checkin=checkin, answers=request.data)
        return Response(AnswerSerializer(saved, many=True).data)


class SubmitView(APIView):
    @extend_schema(
        request=None,
        responses={
            200: CheckInSerializer,
            400: inline_serializer(
                "SurveyIncomplete",
                {
                    "detail": serializers.CharField(),
                    "missing": inline_serializer(
                        "MissingBehavior",
                        {"id": serializers.IntegerField(), "title": serializers.CharField()},
                        many=True,
                    ),
                },
            ),
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
            return Response(
                {"detail": incomplete.messages[0], "missing": missing},
                status=status.HTTP_400_BAD_REQUEST,
            )
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


class FindingSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=[f.value for f in Finding])
    doer = PersonRefSerializer(required=False, help_text=_("clash, gray area: who would do it"))
    minder = PersonRefSerializer(required=False, help_text=_("clash: who would mind"))
    other = PersonRefSerializer(required=False, help_text=_("gray area: the other partner"))
    partner = PersonRefSerializer(
        required=False, help_text=_("double standard: whose own two answers differ")
    )
    notes = inline_serializer(
        "FindingNote",
        {"by": PersonRefSerializer(), "note": serializers.CharField()},
        many=True,
        required=False,
    )


class PartnerAnswersSerializer(serializers.Serializer):
    partner = PersonRefSerializer()
    if_i_do = serializers.CharField()
    if_partner_does = serializers.CharField()
    note = serializers.CharField(allow_blank=True)


class CardSerializer(serializers.Serializer):
    key = serializers.CharField()
    type = serializers.CharField()
    heading = serializers.CharField()
    said = serializers.CharField()
    notes = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    gut_check = serializers.CharField()
    reciprocity_check = serializers.CharField()
    questions = serializers.ListField(child=serializers.CharField())
    category_note = serializers.CharField(allow_blank=True)
    self_check = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    talked_about = serializers.BooleanField()
    agreed = serializers.CharField(allow_blank=True)
    version = serializers.CharField(allow_blank=True)


class ReportItemSerializer(serializers.Serializer):
    behavior = inline_serializer(
        "ReportBehavior",
        {
            "id": serializers.IntegerField(),
            "title": serializers.CharField(),
            "category": serializers.CharField(),
        },
    )
    answers = PartnerAnswersSerializer(many=True)
    directions = inline_serializer(
        "Direction",
        {
            "doer": PersonRefSerializer(),
            "outcome": serializers.ChoiceField(choices=[d.value for d in Direction]),
        },
        many=True,
        help_text=_("Each partner doing it: clash, gray_area, lines_up or doer_stricter."),
    )
    findings = FindingSerializer(many=True)
    prompts = CardSerializer(many=True)


class CategoryScoreSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    score = serializers.FloatField(min_value=0, max_value=1)
    clashes = serializers.IntegerField()
    strength = serializers.BooleanField()
    growth_area = serializers.BooleanField()


class ReportSerializer(serializers.Serializer):
    checkin = serializers.IntegerField()
    completed_at = serializers.DateTimeField()
    scores = inline_serializer(
        "ReportScores",
        {
            "overall": serializers.FloatField(min_value=0, max_value=1),
            "by_category": serializers.DictField(child=serializers.FloatField()),
        },
    )
    categories = CategoryScoreSerializer(many=True)
    items = ReportItemSerializer(many=True)
    changes = inline_serializer(
        "ReportChanges",
        {
            "previous_checkin": serializers.IntegerField(),
            "previous_overall": serializers.FloatField(),
            "new_clashes": serializers.ListField(child=serializers.IntegerField()),
            "resolved": serializers.ListField(child=serializers.IntegerField()),
        },
        allow_null=True,
    )


def report_data(report) -> dict:
    """The report as plain data for the API, from the viewer's side."""
    people = {"a": None, "b": None}
    a_is_me = report.rows[0].mine is report.rows[0].result.a if report.rows else True
    people["a"], people["b"] = (
        (report.me, report.partner) if a_is_me else (report.partner, report.me)
    )

    def ref(side):
        person = people[side]
        return {"name": person.name, "is_me": person.pk == report.me.pk}

    def finding_data(finding, result):
        data = {"type": finding.type.value}
        if finding.type in (Finding.CLASH, Finding.GRAY_AREA):
            data["doer"] = ref(finding.doer)
            data["minder" if finding.type == Finding.CLASH else "other"] = ref(finding.other)
        if finding.type == Finding.GRAY_AREA:
            answers = {"a": result.a, "b": result.b}
            data["notes"] = [
                {"by": ref(side), "note": answers[side].note}
                for side in (finding.doer, finding.other)
                if answers[side].note
            ]
        if finding.type == Finding.DOUBLE_STANDARD:
            data["partner"] = ref(finding.doer)
        return data

    def card_data(card):
        progress = report.progress.get(card.key)
        return {
            **card.as_dict(),
            "talked_about": bool(progress and progress.talked_about_at),
            "agreed": progress.agreed if progress else "",
            "version": progress.version if progress else "",
        }

    items = []
    for row in report.rows:
        result = row.result
        items.append(
            {
                "behavior": {
                    "id": row.behavior.pk,
                    "title": row.behavior.title,
                    "category": row.behavior.category.slug,
                },
                "answers": [
                    {
                        "partner": ref(side),
                        "if_i_do": answers.self,
                        "if_partner_does": answers.partner,
                        "note": answers.note,
                    }
                    for side, answers in (("a", result.a), ("b", result.b))
                ],
                "directions": [
                    {"doer": ref(side), "outcome": result.directions[side].value}
                    for side in ("a", "b")
                ],
                "findings": [finding_data(f, result) for f in result.findings],
                "prompts": [card_data(card) for card in row.cards],
            }
        )
    changes = report.changes
    return {
        "checkin": report.checkin.pk,
        "completed_at": report.checkin.completed_at,
        "scores": {
            "overall": report.comparison.scores.overall,
            "by_category": report.comparison.scores.by_category,
        },
        "categories": [
            {
                "slug": c.category.slug,
                "name": c.category.name,
                "score": c.score,
                "clashes": c.clashes,
                "strength": c.is_strength,
                "growth_area": c.is_growth_area,
            }
            for c in report.categories
        ],
        "items": items,
        "changes": changes
        and {
            "previous_checkin": changes.previous.pk,
            "previous_overall": changes.previous_overall,
            "new_clashes": [b.pk for b in changes.new_clashes],
            "resolved": [b.pk for b in changes.resolved],
        },
    }


class ReportView(APIView):
    @extend_schema(
        responses={
            200: ReportSerializer,
            409: inline_serializer(
                "ReportNotReady",
                {
                    "detail": serializers.CharField(),
                    "waiting_for": serializers.ListField(child=serializers.CharField()),
                },
            ),
        },
        summary="The comparison report",
        description=(
            "Opens when both partners have submitted (409 until then). Items come in report "
            "order: clashes first, then gray areas, double standards, agreements."
        ),
    )
    def get(self, request, pk):
        checkin = checkin_for_user_or_404(request.user, pk)
        if checkin.is_open:
            waiting = [
                p.user.name for p in selectors.participations(checkin) if not p.has_submitted
            ]
            return Response(
                {"detail": services.ReportNotReady().messages[0], "waiting_for": waiting},
                status=status.HTTP_409_CONFLICT,
            )

        def build():
            data = ReportSerializer(report_data(report_for(checkin, request.user))).data
            # Plain lists and dicts keep well in the cache; DRF's return types do not.
            return json.loads(JSONRenderer().render(data))

        return Response(reports.cached(checkin, request.user, "api", build))


class CardProgressInputSerializer(serializers.Serializer):
    card = TextField(max_length=64)
    talked_about = TrueFalseField(required=False)
    agreed = TextField(required=False, allow_blank=True, trim_whitespace=False)
    version = TextField(
        required=False,
        allow_blank=True,
        help_text=_("The card's version when you read it; refused if your partner saved since."),
    )


class CardProgressOutputSerializer(serializers.Serializer):
    card = serializers.CharField(source="card_key")
    talked_about = serializers.SerializerMethodField()
    agreed = serializers.CharField()
    version = serializers.CharField()

    def get_talked_about(self, progress) -> bool:
        return progress.talked_about_at is not None


class CardProgressView(APIView):
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
        changes = {name: data[name] for name in ("talked_about", "agreed") if name in data}
        try:
            progress = services.card_progress_save(
                user=request.user,
                checkin=checkin,
                card_key=data["card"],
                seen_version=data.get("version"),
                **changes,
            )
        except services.ReportNotReady as not_ready:
            return Response({"detail": not_ready.messages[0]}, status=status.HTTP_409_CONFLICT)
        except services.StaleCard as stale:
            return Response({"detail": stale.messages[0]}, status=status.HTTP_409_CONFLICT)
        return Response(CardProgressOutputSerializer(progress).data)
