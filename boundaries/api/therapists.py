"""The API of therapist access: a therapist's client codes, and the couple's side
(connect, preview, consent, end access, the access log)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import PagedListView, TextField

from .. import access as boundary_access
from .. import mfa
from .. import selectors as boundary_selectors
from .. import services as boundary_services
from ..access import couple_for_user_or_404, therapist_link_or_404
from ..models import AccessLogEntry, TherapistLink
from ..services import therapists as therapist_services


class ClientInvitationInput(serializers.Serializer):
    label = TextField(required=False, allow_blank=True, max_length=80, default="")


class ClientInvitationView(APIView):
    @extend_schema(
        request=ClientInvitationInput,
        responses={
            201: inline_serializer(
                "ClientInvitation",
                {"code": serializers.CharField(), "expires_at": serializers.DateTimeField()},
            )
        },
        summary="A code for a client couple",
    )
    def post(self, request):
        boundary_access.clients_therapist_or_404(request)
        data = ClientInvitationInput(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = therapist_services.invitation_create(
            therapist=request.user, label=data.validated_data["label"]
        )
        return Response(
            {"code": invitation.display_code, "expires_at": invitation.expires_at},
            status=status.HTTP_201_CREATED,
        )


REAUTH_NOTE = (
    "Asks for a recent password confirmation: POST /_allauth/app/v1/auth/reauthenticate "
    'with {"password": ...} and the same X-Session-Token first, or the answer is 403 with '
    'code "reauthentication_required".'
)


REAUTH_REFUSED = _(
    "Granting a therapist access asks for your password again: send it to "
    "POST /_allauth/app/v1/auth/reauthenticate, then repeat this request."
)


def _require_fresh_password(request):
    if not mfa.session_recently_reauthenticated(request):
        raise exceptions.PermissionDenied(REAUTH_REFUSED, code="reauthentication_required")


class TherapistCardSerializer(serializers.Serializer):
    """What a couple sees of a therapist: the professional profile, nothing else."""

    name = serializers.CharField()
    credentials = serializers.CharField()
    practice = serializers.CharField()
    licensed_in = serializers.CharField()
    contact_email = serializers.CharField()


class TherapistLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    therapist = TherapistCardSerializer(source="therapist.therapist_profile")
    status = serializers.SerializerMethodField(
        help_text=_("active, waiting (for consent) or revoked")
    )
    i_consented = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)

    def get_status(self, link) -> str:
        if link.revoked_at:
            return "revoked"
        return "active" if len(link.consented_ids) >= 2 else "waiting"

    def get_i_consented(self, link) -> bool:
        return self.context["request"].user.pk in link.consented_ids


class CoupleTherapistsView(APIView):
    @extend_schema(responses={200: TherapistLinkSerializer(many=True)}, summary="Your therapists")
    def get(self, request):
        couple = couple_for_user_or_404(request.user)
        links = boundary_selectors.therapist_links(couple)
        return Response(
            TherapistLinkSerializer(links, many=True, context={"request": request}).data
        )

    @extend_schema(
        request=inline_serializer("TherapistCode", {"code": serializers.CharField()}),
        responses={201: TherapistLinkSerializer},
        summary="Connect with a therapist's code, and consent",
        description="The therapist sees your data once your partner consents too. " + REAUTH_NOTE,
    )
    def post(self, request):
        couple_for_user_or_404(request.user)
        _require_fresh_password(request)
        code = request.data.get("code") if isinstance(request.data, dict) else None
        if not isinstance(code, str):
            raise serializers.ValidationError({"code": [_("Send the therapist's code.")]})
        link = therapist_services.connect(user=request.user, code=code)
        link = TherapistLink.objects.prefetch_related("consents").get(pk=link.pk)
        data = TherapistLinkSerializer(link, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)


class TherapistCodeInput(serializers.Serializer):
    code = TextField(
        max_length=100, help_text=_("The therapist's code; spaces and dashes are fine.")
    )


class CoupleTherapistPreviewView(APIView):
    @extend_schema(
        request=TherapistCodeInput,
        responses={
            200: inline_serializer(
                "TherapistPreview",
                {
                    "therapist": TherapistCardSerializer(),
                    "code_expires_at": serializers.DateTimeField(),
                    "will_see": serializers.ListField(child=serializers.CharField()),
                    "will_not_see": serializers.ListField(child=serializers.CharField()),
                },
            )
        },
        summary="Who a therapist's code belongs to, before you consent",
        description="Changes nothing. The code travels in the body, so it stays out of URLs "
        "and logs. Unknown codes count towards a limit per address (429 after too many).",
    )
    def post(self, request):
        couple_for_user_or_404(request.user)
        data = TherapistCodeInput(data=request.data)
        data.is_valid(raise_exception=True)
        invitation, paused = boundary_services.look_up_code(
            request._request, therapist_services.invitation_by_code, data.validated_data["code"]
        )
        if paused:
            raise exceptions.Throttled(wait=60 * 60)
        if invitation is None or not invitation.is_usable:
            raise serializers.ValidationError(
                {"code": [_("We could not find a usable code like that.")]}
            )
        return Response(
            {
                "therapist": TherapistCardSerializer(invitation.therapist.therapist_profile).data,
                "code_expires_at": invitation.expires_at,
                "will_see": [str(item) for item in therapist_services.WILL_SEE],
                "will_not_see": [str(item) for item in therapist_services.WILL_NOT_SEE],
            }
        )


class CoupleTherapistConsentView(APIView):
    @extend_schema(
        request=None,
        responses={200: TherapistLinkSerializer},
        summary="Consent",
        description=REAUTH_NOTE,
    )
    def post(self, request, pk):
        therapist_link_or_404(request.user, pk)
        _require_fresh_password(request)
        link = therapist_services.consent(user=request.user, link_id=pk)
        link = TherapistLink.objects.prefetch_related("consents").get(pk=link.pk)
        return Response(TherapistLinkSerializer(link, context={"request": request}).data)


class CoupleTherapistRevokeView(APIView):
    @extend_schema(request=None, responses={200: TherapistLinkSerializer}, summary="End access")
    def post(self, request, pk):
        couple_for_user_or_404(request.user)
        link = therapist_services.revoke(user=request.user, link_id=pk)
        link = TherapistLink.objects.prefetch_related("consents").get(pk=link.pk)
        return Response(TherapistLinkSerializer(link, context={"request": request}).data)


class AccessLogEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    therapist = serializers.CharField(source="therapist_name")
    what = serializers.ChoiceField(
        choices=AccessLogEntry.What.choices, help_text=_("What was looked at, as a stable code")
    )
    what_label = serializers.CharField(source="get_what_display", help_text=_("The same, in words"))
    allowed = serializers.BooleanField()


@extend_schema_view(
    get=extend_schema(
        summary="Every look at your data by a therapist, and every refused attempt",
        description="Newest first, a page at a time.",
    )
)
class AccessLogView(PagedListView):
    serializer_class = AccessLogEntrySerializer
    model = AccessLogEntry

    def get_items(self):
        return boundary_selectors.access_log(couple_for_user_or_404(self.request.user))
