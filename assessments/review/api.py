"""The therapist's API: client couples, one couple, a report, private session notes."""

from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from boundaries import access as boundary_access
from boundaries import selectors as boundary_selectors
from boundaries.api.agreements import AgreementSerializer
from boundaries.models import AccessLogEntry, SessionNote
from boundaries.services import therapists as therapist_services
from config.api import JsonModelSerializer, PagedListView
from safety.selectors import concerns_for_therapist

from .. import reports
from ..api.reports import ReportSerializer, report_data
from ..models import CheckIn, Participation
from . import selectors as review


class ClientRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="couple_id")
    names = serializers.SerializerMethodField()
    label = serializers.CharField(source="invitation.label", default="")
    checkin_status = serializers.SerializerMethodField()
    latest_clashes = serializers.IntegerField(allow_null=True)
    open_proposals = serializers.IntegerField()
    agreements_due = serializers.IntegerField(source="due")
    last_activity = serializers.DateTimeField(allow_null=True)
    safety_concern = serializers.BooleanField(
        help_text="A partner raised a safety concern privately and let you know."
    )

    def get_names(self, row) -> list[str]:
        return [person.name for person in row.people]

    def get_checkin_status(self, row) -> str:
        """none, complete, or open with n of 2 submitted ("open:1")."""
        if row.latest_id is None:
            return "none"
        return "complete" if row.latest_completed else f"open:{row.submitted}"


class ClientListQuery(serializers.Serializer):
    """The dashboard's search, sort and page; anything else is refused with a 400."""

    q = serializers.CharField(required=False, allow_blank=True, default="")
    sort = serializers.ChoiceField(choices=list(review.SORTS), required=False, default="activity")
    page = serializers.IntegerField(required=False, min_value=1, default=1)


class ClientListView(APIView):
    @extend_schema(
        parameters=[ClientListQuery],
        responses={
            200: inline_serializer(
                "ClientPage",
                {
                    "count": serializers.IntegerField(),
                    "page": serializers.IntegerField(),
                    "pages": serializers.IntegerField(),
                    "results": ClientRowSerializer(many=True),
                },
            )
        },
        summary="Your client couples",
        operation_id="therapist_couples_list",
    )
    def get(self, request):
        therapist = boundary_access.clients_therapist_or_404(request)
        params = ClientListQuery(data=request.query_params.dict())
        params.is_valid(raise_exception=True)
        page, rows = review.dashboard(
            therapist,
            query=review.clean_query(params.validated_data["q"]),
            sort=params.validated_data["sort"],
            page=params.validated_data["page"],
        )
        therapist_services.log_list_view(therapist, [row.couple_id for row in rows])
        return Response(
            {
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "results": ClientRowSerializer(rows, many=True).data,
            }
        )


class ClientCheckInSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    completed_at = serializers.DateTimeField()
    agreement_score = serializers.FloatField(allow_null=True)
    clash_count = serializers.IntegerField(allow_null=True)


class ClientDetailView(APIView):
    @extend_schema(
        responses={
            200: inline_serializer(
                "ClientCouple",
                {
                    "id": serializers.IntegerField(),
                    "names": serializers.ListField(child=serializers.CharField()),
                    "checkins": ClientCheckInSerializer(many=True),
                    "agreements": AgreementSerializer(many=True),
                    "safety_concerns": serializers.ListField(
                        child=inline_serializer(
                            "SharedSafetyConcern",
                            {
                                "partner": serializers.CharField(),
                                "checkin": serializers.IntegerField(),
                                "at": serializers.DateTimeField(),
                                "answers": serializers.DictField(
                                    child=serializers.CharField(), allow_null=True
                                ),
                            },
                        ),
                        help_text="Concerns a partner raised privately and chose to let you know.",
                    ),
                    "cannot_answer_honestly": serializers.ListField(
                        child=inline_serializer(
                            "PrivateFlagEntry",
                            {
                                "name": serializers.CharField(),
                                "checkin": serializers.IntegerField(),
                            },
                        )
                    ),
                },
            )
        },
        summary="One client couple, read-only",
    )
    def get(self, request, couple_id):
        couple = boundary_access.client_couple_or_404(
            request, couple_id, what=AccessLogEntry.What.COUPLE
        )
        checkins = CheckIn.objects.filter(couple=couple, completed_at__isnull=False).order_by(
            "-completed_at"
        )
        flags = Participation.objects.filter(
            checkin__couple=couple,
            checkin__completed_at__isnull=False,
            cannot_answer_honestly=True,
        ).select_related("user")
        return Response(
            {
                "id": couple.pk,
                "names": [p.name for p in boundary_selectors.partners_of(couple)],
                "checkins": ClientCheckInSerializer(checkins, many=True).data,
                "agreements": AgreementSerializer(
                    boundary_selectors.agreements_current(couple),
                    many=True,
                    context={"request": request},
                ).data,
                "cannot_answer_honestly": [
                    {"name": f.user.name, "checkin": f.checkin_id} for f in flags
                ],
                "safety_concerns": [
                    {key: c[key] for key in ("partner", "checkin", "at", "answers")}
                    for c in concerns_for_therapist(couple, request.user)
                ],
            }
        )


class ClientReportView(APIView):
    @extend_schema(responses={200: ReportSerializer}, summary="A client couple's report")
    def get(self, request, couple_id, checkin_id):
        _couple, checkin = review.client_report_or_404(request, couple_id, checkin_id)
        therapist = request.user

        def build():
            return report_data(reports.report_for(checkin, therapist))

        return Response(reports.cached(checkin, therapist, "therapist-api", build))


class NoteSerializer(JsonModelSerializer):
    class Meta:
        model = SessionNote
        fields = ["id", "text", "created_at"]
        read_only_fields = ["id", "created_at"]


@extend_schema_view(
    get=extend_schema(summary="Your private notes", description="A page at a time.")
)
class ClientNotesView(PagedListView):
    serializer_class = NoteSerializer
    model = SessionNote

    def get_items(self):
        couple = boundary_access.client_couple_or_404(
            self.request, self.kwargs["couple_id"], what=AccessLogEntry.What.NOTES
        )
        notes = SessionNote.objects.filter(therapist=self.request.user, couple=couple)
        return notes.order_by("-created_at", "-pk")

    @extend_schema(request=NoteSerializer, responses={201: NoteSerializer}, summary="Add a note")
    def post(self, request, couple_id):
        couple = boundary_access.client_couple_or_404(
            request, couple_id, what=AccessLogEntry.What.NOTES
        )
        serializer = NoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = therapist_services.note_add(
            therapist=request.user, couple=couple, text=serializer.validated_data["text"]
        )
        return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)
