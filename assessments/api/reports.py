"""The API of the comparison report."""

import json

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from boundaries.api.couples import PersonRefSerializer
from config.api import RefusedWithData
from config.schema import ErrorResponseSerializer

from .. import reports, selectors, services
from ..access import checkin_for_user_or_404
from ..comparison import Direction, Finding
from ..reports import report_for


@extend_schema_field(PersonRefSerializer)
class SideField(serializers.Field):
    """One side of the comparison ("a" or "b") as the person it is, from the viewer's side."""

    def to_representation(self, side):
        report = self.context["report"]
        person = report.sides[side]
        return {"name": person.name, "is_me": person.pk == report.me.pk}


class FindingNoteSerializer(serializers.Serializer):
    by = SideField(source="side")
    note = serializers.CharField(allow_blank=True)
    private = serializers.BooleanField(
        help_text=_("Its writer keeps it private: only they and a consenting therapist read it.")
    )
    kept_private = serializers.BooleanField(
        source="withheld", help_text=_("A private note: its words are not shown to you.")
    )


class CardNoteSerializer(serializers.Serializer):
    by = serializers.CharField(help_text=_("The name of whoever wrote it"))
    note = serializers.CharField(allow_blank=True)
    private = serializers.BooleanField(
        help_text=_("Its writer keeps it private: only they and a consenting therapist read it.")
    )
    kept_private = serializers.BooleanField(
        help_text=_("A private note: its words are not shown to you.")
    )


class ConditionsBySerializer(serializers.Serializer):
    by = SideField(source="side")
    conditions = serializers.ListField(child=serializers.CharField())


class FindingSerializer(serializers.Serializer):
    """A finding; the people it names depend on its type, and only those keys are there."""

    type = serializers.ChoiceField(choices=[f.value for f in Finding], source="finding.type.value")
    doer = SideField(required=False, help_text=_("clash, gray area: who would do it"))
    minder = SideField(required=False, help_text=_("clash: who would mind"))
    other = SideField(required=False, help_text=_("gray area: the other partner"))
    partner = SideField(required=False, help_text=_("double standard: whose answers differ"))
    notes = FindingNoteSerializer(many=True, required=False)
    conditions = ConditionsBySerializer(
        many=True, required=False, help_text=_("gray area: what each partner's depends on")
    )
    shared = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text=_("gray area: the conditions both named"),
    )

    def to_representation(self, instance):
        data = super().to_representation(instance)
        return {key: value for key, value in data.items() if value is not None}


class PartnerAnswersSerializer(serializers.Serializer):
    partner = SideField(source="side")
    if_i_do = serializers.CharField(source="answers.self")
    if_partner_does = serializers.CharField(source="answers.partner")
    note = serializers.CharField(source="answers.note", allow_blank=True)
    note_private = serializers.BooleanField(
        source="answers.private",
        help_text=_(
            "The note is private; a partner gets it blank, a consenting therapist reads it."
        ),
    )


class DirectionSerializer(serializers.Serializer):
    doer = SideField(source="side")
    outcome = serializers.ChoiceField(choices=[d.value for d in Direction], source="outcome.value")


class CardSerializer(serializers.Serializer):
    key = serializers.CharField()
    type = serializers.CharField()
    heading = serializers.CharField()
    said = serializers.CharField()
    notes = CardNoteSerializer(many=True, source="as_dict.notes")
    gut_check = serializers.CharField()
    reciprocity_check = serializers.CharField(source="reciprocity")
    questions = serializers.ListField(child=serializers.CharField())
    category_note = serializers.CharField(allow_blank=True)
    self_check = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), source="as_dict.self_check"
    )
    talked_about = serializers.SerializerMethodField()
    agreed = serializers.SerializerMethodField()
    version = serializers.SerializerMethodField()

    def _progress(self, card):
        return self.context["report"].progress.get(card.key)

    def get_talked_about(self, card) -> bool:
        progress = self._progress(card)
        return bool(progress and progress.talked_about_at)

    def get_agreed(self, card) -> str:
        progress = self._progress(card)
        return progress.agreed if progress else ""

    def get_version(self, card) -> str:
        progress = self._progress(card)
        return progress.version if progress else ""


class ReportBehaviorSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    category = serializers.CharField(source="category.slug")


class ReportItemSerializer(serializers.Serializer):
    """One row of the report: a behavior, both partners' answers, what they show, the cards."""

    behavior = ReportBehaviorSerializer()
    answers = PartnerAnswersSerializer(source="sides", many=True)
    directions = DirectionSerializer(
        many=True,
        help_text=_("Each partner doing it: clash, gray_area, lines_up or doer_stricter."),
    )
    findings = FindingSerializer(many=True)
    prompts = CardSerializer(source="cards", many=True)


class CategoryScoreSerializer(serializers.Serializer):
    slug = serializers.CharField(source="category.slug")
    name = serializers.CharField(source="category.name")
    score = serializers.FloatField(min_value=0, max_value=1)
    clashes = serializers.IntegerField()
    strength = serializers.BooleanField(source="is_strength")
    growth_area = serializers.BooleanField(source="is_growth_area")


class ScoresSerializer(serializers.Serializer):
    overall = serializers.FloatField(min_value=0, max_value=1)
    by_category = serializers.DictField(child=serializers.FloatField())


class ChangesSerializer(serializers.Serializer):
    previous_checkin = serializers.IntegerField(source="previous.pk")
    previous_overall = serializers.FloatField()
    new_clashes = serializers.ListField(child=serializers.IntegerField(), source="new_clash_ids")
    resolved = serializers.ListField(child=serializers.IntegerField(), source="resolved_ids")


class ReportSerializer(serializers.Serializer):
    """The report as the API gives it, read straight from the one Report of reports.build."""

    checkin = serializers.IntegerField(source="checkin.pk")
    completed_at = serializers.DateTimeField(source="checkin.completed_at")
    scores = ScoresSerializer(source="comparison.scores")
    categories = CategoryScoreSerializer(many=True)
    items = ReportItemSerializer(source="rows", many=True)
    changes = ChangesSerializer(allow_null=True)


def report_data(report) -> dict:
    """The report as plain JSON data, from the viewer's side (what the API sends and caches)."""
    data = ReportSerializer(report, context={"report": report}).data
    # Plain lists and dicts keep well in the cache; DRF's return types do not.
    return json.loads(JSONRenderer().render(data))


class ReportNotReadySerializer(ErrorResponseSerializer):
    """The report is not ready: the error, and who is yet to submit."""

    waiting_for = serializers.ListField(
        child=serializers.CharField(), help_text="The names of those yet to submit."
    )


class ReportView(APIView):
    @extend_schema(
        responses={200: ReportSerializer, 409: ReportNotReadySerializer},
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
            raise RefusedWithData(
                services.ReportNotReady().messages[0],
                code="not_ready",
                status_code=status.HTTP_409_CONFLICT,
                data={"waiting_for": waiting},
            )

        def build():
            return report_data(report_for(checkin, request.user))

        return Response(reports.cached(checkin, request.user, "api", build))
