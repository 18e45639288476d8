"""The export's part for a therapist: their profile, client codes, client couples, notes."""

from django.utils.translation import gettext_lazy

from boundaries.models import SessionNote, TherapistInvitation, TherapistLink, TherapistProfile

from .values import at as _at


def therapist_side(user, *, with_client_data: bool) -> dict:
    """A therapist's own records: profile, client codes and their labels, links and notes.

    Notes are the writer's: a partner's export never holds a therapist's note about them.
    What concerns clients is there only for a session that passed the second factor, as on
    the therapist's pages.
    """
    profile = TherapistProfile.objects.filter(user=user).first()
    mine = {
        "therapist_profile": profile
        and {
            "name": profile.name,
            "credentials": profile.credentials,
            "practice": profile.practice,
            "licensed_in": profile.licensed_in,
            "contact_email": profile.contact_email,
        },
    }
    if user.is_therapist and not with_client_data:
        return {**mine, "left_out": str(CLIENT_DATA_LEFT_OUT)}
    return {**mine, **_therapist_clients(user)}


CLIENT_DATA_LEFT_OUT = gettext_lazy(
    "Your client codes, client couples and session notes are left out: this session did not "
    "log in with your second factor. Log in with your authenticator code and download again."
)


def _therapist_clients(user) -> dict:
    return {
        "my_client_invitations": [
            # The label is the therapist's own words; the code is left out, as for partners.
            {
                "label": i.label,
                "created_at": _at(i.created_at),
                "expires_at": _at(i.expires_at),
                "used_at": _at(i.used_at),
            }
            for i in TherapistInvitation.objects.filter(therapist=user).order_by("created_at")
        ],
        "my_client_couples": [
            {
                "couple": link.couple_id,
                "label": link.invitation.label if link.invitation else "",
                "connected_at": _at(link.created_at),
                "revoked_at": _at(link.revoked_at),
            }
            for link in TherapistLink.objects.filter(therapist=user)
            .select_related("invitation")
            .order_by("created_at", "pk")
        ],
        "my_session_notes": [
            {"couple": n.couple_id, "at": _at(n.created_at), "text": n.text}
            for n in SessionNote.objects.filter(therapist=user).order_by("created_at", "pk")
        ],
    }
