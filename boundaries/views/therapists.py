"""Therapist access, both sides: a therapist signs up, keeps a profile and makes client codes;
a couple connects with a code, consents, ends access, and reads the log of every look."""

from functools import wraps

from allauth.account.decorators import reauthentication_required
from allauth.account.models import EmailAddress
from allauth.core.ratelimit import respond_429
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import access, selectors, services
from ..adapters import SIGNUP_AS_KEY
from ..forms import ClientInvitationForm, TherapistProfileForm
from ..models import TherapistProfile
from ..services import therapists as therapist_services


@login_required
def therapists(request):
    """Connected therapists, consent, revocation, and the log of every look at our data."""
    couple = access.couple_for_user_or_404(request.user)
    preview = None
    code = request.GET.get("code", "").strip()
    if code:
        preview, paused = services.look_up_code(
            request, therapist_services.invitation_by_code, code
        )
        if paused:
            return respond_429(request)
        if preview is None or not preview.is_usable:
            messages.error(request, _("We could not find a usable code like that."))
            preview = None
    links = selectors.therapist_links(couple)
    partner = selectors.partner_in(couple, request.user)
    return render(
        request,
        "boundaries/therapists.html",
        {
            "links": links,
            "preview": preview,
            "will_see": therapist_services.WILL_SEE,
            "will_not_see": therapist_services.WILL_NOT_SEE,
            "log": selectors.access_log(couple)[:100],
            "me": request.user,
            "partner_name": partner.name if partner else "",
        },
    )


@login_required
@require_POST
def therapist_connect(request):
    access.couple_for_user_or_404(request.user)
    return _connect(request)


@reauthentication_required
def _connect(request):
    # Granting a therapist access to private data asks for the password again.
    try:
        therapist_services.connect(user=request.user, code=request.POST.get("code", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("You consented. The therapist sees your reports once your partner consents too."),
        )
    return redirect("therapists")


@login_required
@require_POST
def therapist_consent(request, pk):
    access.therapist_link_or_404(request.user, pk)
    return _consent(request, pk)


@reauthentication_required
def _consent(request, pk):
    therapist_services.consent(user=request.user, link_id=pk)
    messages.success(request, _("You consented."))
    return redirect("therapists")


@login_required
@require_POST
def therapist_revoke(request, pk):
    access.therapist_link_or_404(request.user, pk)
    therapist_services.revoke(user=request.user, link_id=pk)
    messages.success(request, _("Access ended. The therapist can no longer see anything of yours."))
    return redirect("therapists")


# The therapist's own pages: signing up as a therapist, the profile, client codes ----------


def clients_page(view):
    """A therapist's own page with client data or codes (the dashboard, notes, new codes).

    access.clients_therapist_or_404 decides (for the API too); here a therapist who has not
    passed the second factor in this session is told how to, instead of a bare 404. A page
    about one couple stays a plain 404 then, as for anyone who may not see that couple.
    """

    @login_required
    @wraps(view)
    def page(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except access.SecondFactorNeeded as needed:
            return _second_factor_page(request, needed.step)

    return page


def _second_factor_page(request, step):
    if step == "setup":
        verified = EmailAddress.objects.filter(user=request.user, verified=True).exists()
        return render(request, "boundaries/needs_mfa.html", {"email_verified": verified})
    # After the code, back to the page asked for (a form that was sent: its page).
    back = request.get_full_path() if request.method == "GET" else reverse("therapist_dashboard")
    kinds = set(Authenticator.objects.filter(user=request.user).values_list("type", flat=True))
    return render(
        request,
        "boundaries/needs_mfa_login.html",
        {
            "next": back,
            "has_app": Authenticator.Type.TOTP in kinds,
            "has_passkey": Authenticator.Type.WEBAUTHN in kinds,
        },
    )


def therapist_signup(request):
    """The therapists' own way in: the same sign-up, remembered as a therapist account."""
    if request.user.is_authenticated:
        return redirect("therapist_dashboard")
    if request.method == "POST":
        request.session[SIGNUP_AS_KEY] = "therapist"
        return redirect(reverse("account_signup") + "?next=" + reverse("therapist_profile"))
    return render(request, "boundaries/therapist_signup.html")


@require_POST
def therapist_signup_cancel(request):
    request.session.pop(SIGNUP_AS_KEY, None)
    return redirect("account_signup")


def _therapist(request):
    if not request.user.is_therapist:
        raise Http404(_("Not a therapist account."))
    return request.user


@login_required
def profile(request):
    therapist = _therapist(request)
    instance = TherapistProfile.objects.filter(user=therapist).first()
    form = TherapistProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        therapist_services.profile_save(user=therapist, **form.cleaned_data)
        messages.success(request, _("Your profile is saved. Couples see it before consenting."))
        return redirect("therapist_dashboard")
    return render(request, "boundaries/therapist_profile.html", {"form": form})


@require_POST
@clients_page
def invitation_create(request):
    therapist = access.clients_therapist_or_404(request)
    form = ClientInvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = therapist_services.invitation_create(
                therapist=therapist, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("New client code: %(code)s. Give it to the couple.")
                % {"code": invitation.display_code},
            )
    return redirect("therapist_dashboard")
