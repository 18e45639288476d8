"""Pages about people and their ties. Views parse and render; services hold the rules."""

import re

from allauth.account.decorators import reauthentication_required
from allauth.core.ratelimit import respond_429
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access, selectors, services
from .forms import AgreementForm, BehaviorForm, InvitationForm, JoinForm, NameForm
from .models import Agreement, Behavior
from .services import therapists as therapist_services

PENDING_CODE_KEY = "pending_invitation_code"


def about(request):
    return render(request, "pages/about.html")


def privacy_page(request):
    return render(request, "pages/privacy.html")


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
            services.invitation_accept(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session.pop(PENDING_CODE_KEY, None)
            messages.success(request, _("You are now linked with your partner."))
            return redirect("couple")
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
    return render(request, "boundaries/couple.html", {"couple": current, "partner": partner})


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


@login_required
def account(request):
    form = NameForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update_name(user=request.user, display_name=form.cleaned_data["display_name"])
        messages.success(request, _("Your name is saved."))
        return redirect("account")
    return render(request, "boundaries/account.html", {"form": form})


@login_required
def behavior_list(request):
    couple = selectors.current_couple(request.user)
    form = BehaviorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.behavior_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Added. It joins your next check-in."))
            return redirect("behavior_list")
    behaviors = list(selectors.behaviors_for(couple))
    retired = couple and list(
        couple.own_behaviors.filter(retired_at__isnull=False).select_related("category")
    )
    return render(
        request,
        "boundaries/behavior_list.html",
        {"couple": couple, "behaviors": behaviors, "retired": retired or [], "form": form},
    )


@login_required
def behavior_edit(request, pk):
    behavior = access.own_behavior_or_404(request.user, pk)
    form = BehaviorForm(request.POST or None, instance=behavior)
    if request.method == "POST" and form.is_valid():
        try:
            services.behavior_update(behavior=behavior, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("behavior_list")
    return render(request, "boundaries/behavior_edit.html", {"form": form, "behavior": behavior})


@login_required
@require_POST
def behavior_retire(request, pk):
    behavior = access.own_behavior_or_404(request.user, pk)
    services.behavior_retire(behavior=behavior)
    messages.success(
        request, _("“%s” leaves your next check-ins; earlier ones keep it.") % behavior.title
    )
    return redirect("behavior_list")


# Shared boundary agreements -------------------------------------------------------------


def _agreement_form(request, couple, data=None, initial=None):
    # Every behavior of theirs, retired ones too: an agreement may stand on one.
    behaviors = Behavior.objects.visible_to(couple).select_related("category")
    return AgreementForm(data, behaviors=behaviors, initial=initial)


def _id_param(raw) -> int | None:
    """An id from a query string, or None for anything that is not a plain, sane number."""
    raw = (raw or "").strip()
    return int(raw) if re.fullmatch(r"[0-9]{1,18}", raw) else None


def _couple_to_read(request):
    """The couple a boundaries page shows: `?couple=` names an earlier one of the user's."""
    if "couple" not in request.GET:
        return access.couple_to_read_or_404(request.user)
    couple_id = _id_param(request.GET["couple"])
    if couple_id is None:
        raise Http404("No such couple.")
    return access.couple_to_read_or_404(request.user, couple_id)


@login_required
def agreements(request):
    couple = _couple_to_read(request)
    if not couple.is_active:
        return _past_agreements(request, couple)
    current = selectors.agreements_current(couple)
    in_force = [a for a in current if a.is_in_force]
    waiting = [a for a in current if a.is_open]
    return render(
        request,
        "boundaries/agreements.html",
        {
            "in_force": in_force,
            "waiting_for_me": [a for a in waiting if a.proposed_by_id != request.user.pk],
            "waiting_for_partner": [a for a in waiting if a.proposed_by_id == request.user.pk],
            "partner": selectors.partner_in(couple, request.user),
        },
    )


def _past_agreements(request, couple):
    """A couple that ended: what was in force then, to read and print; nothing to change."""
    in_force = [a for a in selectors.agreements_current(couple) if a.is_in_force]
    return render(
        request,
        "boundaries/agreements_past.html",
        {"couple": couple, "in_force": selectors.as_former_member(in_force, request.user)},
    )


@login_required
def agreement_propose(request):
    couple = access.couple_for_user_or_404(request.user)
    initial = {"decision": Agreement.Decision.NOT_OK}
    changing = None
    change_id = _id_param(request.GET.get("change") or request.POST.get("replaces"))
    behavior_id = _id_param(request.GET.get("behavior"))
    if change_id is not None:
        changing = access.agreement_or_404(request.user, change_id)
        revisit = changing.revisit_on
        initial.update(
            behavior=changing.behavior_id,
            decision=changing.decision,
            conditions=changing.conditions,
            # A date that has come is no date to propose again.
            revisit_on=revisit if revisit and revisit > timezone.localdate() else None,
            replaces=changing.pk if changing.is_open else None,
        )
    elif behavior_id is not None:
        initial["behavior"] = behavior_id
    form = _agreement_form(request, couple, request.POST or None, initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_propose(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Proposed. It is in force once your partner accepts it."))
            return redirect("agreements")
    return render(
        request, "boundaries/agreement_propose.html", {"form": form, "changing": changing}
    )


@login_required
@require_POST
def agreement_accept(request, pk):
    access.agreement_or_404(request.user, pk)
    try:
        services.agreement_accept(user=request.user, agreement_id=pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Accepted. This boundary is now in force for both of you."))
    return redirect("agreements")


@login_required
@require_POST
def agreement_withdraw(request, pk):
    access.agreement_or_404(request.user, pk)
    try:
        services.agreement_withdraw(user=request.user, agreement_id=pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your proposal is withdrawn."))
    return redirect("agreements")


@login_required
def agreement_history(request):
    couple = _couple_to_read(request)
    behavior = None
    if "behavior" in request.GET:
        behavior_id = _id_param(request.GET["behavior"])
        if behavior_id is None:
            raise Http404("No such behavior.")
        behavior = get_object_or_404(Behavior.objects.visible_to(couple), pk=behavior_id)
    events = selectors.agreement_history(
        couple, behavior.pk if behavior else None, viewer=request.user
    )
    return render(
        request,
        "boundaries/agreement_history.html",
        {"events": events, "behavior": behavior, "couple": couple},
    )


# The couple's side of therapist access ----------------------------------------------------


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
