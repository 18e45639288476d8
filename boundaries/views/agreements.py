"""Shared boundaries: the list in force, proposing, accepting, withdrawing, the history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.selectors import agreed_on_card, shared_conditions_on
from assessments.selectors.revisits import revisits_by_decision, revisits_due
from config.ids import id_from_text

from .. import access, selectors, services
from ..forms import AgreementForm
from ..models import Behavior
from ..models.agreements import CONDITIONS_MAX_LENGTH
from .pages import not_linked


def _agreement_form(request, couple, data=None, initial=None):
    # Every behavior of theirs, retired ones too: an agreement may stand on one.
    behaviors = Behavior.objects.visible_to(couple).select_related("category")
    return AgreementForm(data, behaviors=behaviors, initial=initial)


def _couple_to_read(request):
    """The couple a boundaries page shows: `?couple=` names an earlier one of the user's."""
    if "couple" not in request.GET:
        return access.couple_to_read_or_404(request.user)
    couple_id = id_from_text(request.GET["couple"])
    if couple_id is None:
        raise Http404(_("No such couple."))
    return access.couple_to_read_or_404(request.user, couple_id)


@login_required
def agreements(request):
    try:
        couple = _couple_to_read(request)
    except Http404:
        if "couple" in request.GET:
            raise
        # Never linked: what comes first, instead of a dead end.
        return not_linked(
            request,
            title=_("Our boundaries"),
            why=_(
                "Boundaries are agreed by the two of you: once your partner has joined, you "
                "can propose one and they can accept it."
            ),
        )
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
            "revisits": revisits_due(couple, request.user),
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


def _initial_from_link(request) -> tuple[dict, object]:
    """What the propose form starts from, by the link that opened it: a change to an
    agreement, a gray area's shared conditions, a card's agreement, or a behavior. No
    decision is chosen for anyone, except "OK if …" from conditions both named."""
    get = request.GET
    change_id = id_from_text(get.get("change") or request.POST.get("replaces"))
    if change_id is not None:
        changing = access.agreement_or_404(request.user, change_id)
        revisit = changing.revisit_on
        return {
            "behavior": changing.behavior_id,
            "decision": changing.decision,
            "conditions": changing.conditions,
            # A date that has come is no date to propose again.
            "revisit_on": revisit if revisit and revisit > timezone.localdate() else None,
            "replaces": changing.pk if changing.is_open else None,
        }, changing
    if "depends" in get:
        found = shared_conditions_on(request.user, get.get("checkin"), get["depends"])
        if found is None:
            return {}, None
        if not found[1]:
            return {"behavior": found[0]}, None
        return {
            "behavior": found[0],
            "decision": "conditional",
            "conditions": "; ".join(found[1]),
        }, None
    if "card" in get:
        # The link names the card, never the words, so they stay out of the browser's history.
        found = agreed_on_card(request.user, get.get("checkin"), get["card"])
        if found is None:
            return {}, None
        return {"behavior": found[0], "conditions": found[1][:CONDITIONS_MAX_LENGTH]}, None
    behavior_id = id_from_text(get.get("behavior"))
    return ({"behavior": behavior_id} if behavior_id is not None else {}), None


@login_required
def agreement_propose(request):
    couple = access.couple_for_user_or_404(request.user)
    initial, changing = _initial_from_link(request)
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


def _step(request, pk, service, done: str):
    """One step on a proposal (accept, withdraw), then back to the list with what happened."""
    access.agreement_or_404(request.user, pk)
    try:
        service(user=request.user, agreement_id=pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("agreements")


@login_required
@require_POST
def agreement_accept(request, pk):
    return _step(
        request,
        pk,
        services.agreement_accept,
        _("Accepted. This boundary is now in force for both of you."),
    )


@login_required
@require_POST
def agreement_withdraw(request, pk):
    return _step(request, pk, services.agreement_withdraw, _("Your proposal is withdrawn."))


@login_required
def agreement_history(request):
    couple = _couple_to_read(request)
    behavior = None
    if "behavior" in request.GET:
        behavior_id = id_from_text(request.GET["behavior"])
        if behavior_id is None:
            raise Http404(_("No such behavior."))
        behavior = get_object_or_404(Behavior.objects.visible_to(couple), pk=behavior_id)
    events = list(
        selectors.agreement_history(couple, behavior.pk if behavior else None, viewer=request.user)
    )
    # A revisit's decision links to the revisit: its answers, then and now. Not after the
    # couple ended: the partner's answers are not shared any more.
    revisits = revisits_by_decision(couple) if couple.is_active else {}
    for event in events:
        event.revisit_id = revisits.get((event.agreement_id, event.at))
    return render(
        request,
        "boundaries/agreement_history.html",
        {"events": events, "behavior": behavior, "couple": couple},
    )
