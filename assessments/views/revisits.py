"""Revisiting a boundary: answering blind, seeing it side by side, deciding; and reading a
revisit that was decided."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from boundaries import access as boundary_access
from boundaries.forms import AgreementTermsForm, RenewForm
from boundaries.selectors import partner_in

from .. import selectors, services
from ..forms import revisit_answer_from_post
from ..models import Rating, Revisit, RevisitAnswer
from ..reports.answers import as_answers
from ..selectors import revisits as revisit_selectors


def _due_or_redirect(request, agreement):
    """The revisit of a boundary that is due, or where to go instead: the revisit that
    was just decided, else the boundaries."""
    state = revisit_selectors.revisit_of(agreement, request.user)
    if state is not None:
        return state, None
    done = agreement.revisits.filter(decided_at__isnull=False).order_by("-decided_at").first()
    if done is not None:
        return None, redirect("revisit_detail", done.pk)
    messages.info(request, _("This boundary is not due for another look."))
    return None, redirect("agreements")


def _page(request, state, *, answer=None, errors=(), renew=None, change=None, status=200):
    couple = boundary_access.couple_for_user_or_404(request.user)
    partner = partner_in(couple, request.user)
    context = {
        "state": state,
        "agreement": state.agreement,
        "behavior": state.agreement.behavior,
        "partner": partner,
        "answer": answer or state.mine,
        "my_answers": as_answers(state.mine),
        "errors": errors,
        "ratings": Rating.choices,
        "conditions": selectors.conditions(),
    }
    if state.both_answered:
        context["checkin"], context["sides"] = revisit_selectors.side_by_side(
            state, [request.user, partner]
        )
        context["renew_form"] = renew or RenewForm(prefix="renew")
        context["change_form"] = change or AgreementTermsForm(
            prefix="change",
            initial={
                "decision": state.agreement.decision,
                "conditions": state.agreement.conditions,
            },
        )
    return render(request, "assessments/revisit.html", context, status=status)


def _posted_answer(posted: dict, mine) -> RevisitAnswer:
    """The answer as posted, to show again after a refusal: nothing typed is lost."""
    shown = RevisitAnswer(
        if_i_do=getattr(mine, "if_i_do", ""),
        if_partner_does=getattr(mine, "if_partner_does", ""),
        note=getattr(mine, "note", ""),
        conditions=getattr(mine, "conditions", []),
        note_private=getattr(mine, "note_private", False),
    )
    for field in ("if_i_do", "if_partner_does", "note", "conditions"):
        if field in posted:
            setattr(shown, field, posted[field])
    shown.note_private = posted.get("private", shown.note_private)
    return shown


@login_required
def agreement_revisit(request, pk):
    """Answer blind (GET shows the questions; POST saves), wait for the partner, or, once both
    have answered, see everything side by side and decide."""
    agreement = boundary_access.agreement_or_404(request.user, pk)
    state, elsewhere = _due_or_redirect(request, agreement)
    if elsewhere is not None:
        return elsewhere
    if request.method != "POST":
        return _page(request, state)
    posted = revisit_answer_from_post(request.POST, agreement.behavior_id)
    try:
        services.revisit_answer(user=request.user, agreement_id=agreement.pk, answer=posted)
    except ValidationError as error:
        answer = _posted_answer(posted, state.mine)
        return _page(request, state, answer=answer, errors=error.messages, status=400)
    state = revisit_selectors.revisit_of(agreement, request.user)
    if state.both_answered:
        messages.success(request, _("You have both answered. Here is everything side by side."))
    else:
        messages.success(request, _("Your answers are saved. Nobody sees them yet."))
    return redirect("agreement_revisit", agreement.pk)


@login_required
@require_POST
def agreement_revisit_decide(request, pk):
    """Renew, change or let lapse, once both have answered. A refusal shows the page again
    with what was typed and why."""
    agreement = boundary_access.agreement_or_404(request.user, pk)
    outcome = request.POST.get("outcome", "")
    renew = RenewForm(request.POST if outcome == "renew" else None, prefix="renew")
    change = AgreementTermsForm(request.POST if outcome == "change" else None, prefix="change")
    form = {"renew": renew, "change": change}.get(outcome)
    errors = []
    if form is None or form.is_valid():
        terms = form.cleaned_data if form is not None else {}
        try:
            revisit = services.revisit_decide(
                user=request.user, agreement_id=agreement.pk, outcome=outcome, **terms
            )
        except ValidationError as error:
            if form is not None and hasattr(error, "error_dict"):
                form.add_error(None, error)
            else:
                errors = error.messages
        else:
            messages.success(request, str(DECIDED[revisit.outcome]))
            return redirect("revisit_detail", revisit.pk)
    state, elsewhere = _due_or_redirect(request, agreement)
    if elsewhere is not None:
        return elsewhere
    return _page(request, state, errors=errors, renew=renew, change=change, status=400)


DECIDED = {
    Revisit.Outcome.RENEWED: gettext_lazy("Renewed. The boundary stays in force for both of you."),
    Revisit.Outcome.CHANGED: gettext_lazy(
        "Your change is proposed. The boundary stays as it is until your partner accepts it."
    ),
    Revisit.Outcome.LAPSED: gettext_lazy(
        "The boundary is no longer in force. The history keeps it."
    ),
}


@login_required
def revisit_detail(request, pk):
    """A revisit that was decided: the agreement then, both partners' answers, the outcome."""
    # The current couple only: after an unlink, the former partner's answers are theirs.
    couple = boundary_access.couple_for_user_or_404(request.user)
    state = revisit_selectors.decided_revisit(couple, pk, request.user)
    if state is None:
        raise Http404(_("No such revisit."))
    others = [a.user for a in state.revisit.answers.all() if a.user_id != request.user.pk]
    checkin, sides = revisit_selectors.side_by_side(state, [request.user, *others])
    return render(
        request,
        "assessments/revisit_detail.html",
        {"state": state, "revisit": state.revisit, "checkin": checkin, "sides": sides},
    )
