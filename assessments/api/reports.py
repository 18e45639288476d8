"""The API of the comparison report."""

import json

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from boundaries.api.couples import PersonRefSerializer

from .. import reports, selectors, services
from ..access import checkin_for_user_or_404
from ..comparison import Direction, Finding
from ..reports import report_for


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
