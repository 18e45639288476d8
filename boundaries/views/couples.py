"""Linking up: invite, join with a code, open an invitation link, the partner page, unlink."""

from allauth.core.ratelimit import respond_429
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import selectors as assessment_selectors

from .. import selectors, services
from ..forms import InvitationForm, JoinForm, RhythmForm

PENDING_CODE_KEY = "pending_invitation_code"


@login_required
def invite(request):
    if selectors.current_couple(request.user) is not None:
        messages.info(request, _("You are already linked with your partner."))
        return redirect("couple")
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                inviter=request.user,
                email=form.cleaned_data["email"],
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if invitation.email_problem:
                messages.warning(request, invitation.email_problem)
            elif invitation.email:
                messages.success(request, _("Invitation sent to %s.") % invitation.email)
            else:
                messages.success(request, _("Your invitation code is ready to share."))
            return redirect("invite")
    invitation = selectors.pending_invitation(request.user)
    link = invitation and services.invitation_link(
        invitation, base_url=request.build_absolute_uri("/")
    )
    return render(
        request,
        "boundaries/invite.html",
        {"form": form, "invitation": invitation, "link": link},
    )


@login_required
@require_POST
def invite_cancel(request):
    if services.invitation_cancel(inviter=request.user):
        messages.success(request, _("Your invitation was cancelled. Its code no longer works."))
    return redirect("invite")


@login_required
def join(request):
    initial = {"code": request.GET.get("code", "")}
    form = JoinForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            couple = services.invitation_accept(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session.pop(PENDING_CODE_KEY, None)
            partner = selectors.partner_in(couple, request.user)
            messages.success(
                request, _("You are now linked with %(name)s.") % {"name": partner.name}
            )
            # On to what comes next for the two of you: the home page's next step.
            return redirect("home")
    return render(request, "boundaries/join.html", {"form": form})


def invitation_detail(request, code):
    """Where an emailed link lands. Shows who is inviting and how to accept."""
    invitation, paused = services.look_up_code(request, selectors.invitation_by_code, code)
    if paused:
        return respond_429(request)
    usable = invitation is not None and invitation.is_usable
    if usable and not request.user.is_authenticated:
        # Remembered so the home page can offer it after sign-up and email verification.
        request.session[PENDING_CODE_KEY] = invitation.code
    status = 200 if invitation is not None else 404
    already_linked = usable and selectors.current_couple(request.user) is not None
    return render(
        request,
        "boundaries/invitation_detail.html",
        {"invitation": invitation, "usable": usable, "already_linked": already_linked},
        status=status,
    )


@login_required
def couple(request):
    current = selectors.current_couple(request.user)
    if current is None:
        return redirect("invite")
    partner = selectors.partner_in(current, request.user)
    context = {
        "couple": current,
        "partner": partner,
        "rhythm_form": RhythmForm(initial={"checkin_every_weeks": current.checkin_every_weeks}),
        "next_checkin_due": assessment_selectors.next_checkin_due(current),
    }
    return render(request, "boundaries/couple.html", context)


@login_required
@require_POST
def couple_rhythm(request):
    form = RhythmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the rhythms."))
        return redirect("couple")
    try:
        services.couple_set_rhythm(
            user=request.user, every_weeks=form.cleaned_data["checkin_every_weeks"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("home")
    messages.success(request, _("Saved. You will both be reminded when a check-in is due."))
    return redirect("couple")


@login_required
def unlink(request):
    current = selectors.current_couple(request.user)
    if current is None:
        messages.info(request, _("You are not linked with a partner."))
        return redirect("home")
    if request.method == "POST":
        try:
            services.couple_unlink(user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("You are unlinked. Nothing is shared between you now."))
        return redirect("home")
    partner = selectors.partner_in(current, request.user)
    return render(request, "boundaries/unlink.html", {"partner": partner})
