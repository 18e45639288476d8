"""The private safety check before submitting, the support page it leads to, and the page on
using Common Ground safely. Each is the person's own: nothing here reaches the partner."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import selectors as checkin_selectors
from assessments import services as checkin_services
from assessments.access import checkin_for_user_or_404
from boundaries.selectors import consented_links

from . import selectors, services
from .questions import CHOICES, QUESTIONS, labelled


def _submit(request, checkin):
    try:
        checkin_services.checkin_submit(user=request.user, checkin=checkin)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("checkin", pk=checkin.pk)


def _check_page(request, checkin, answers, *, errors=(), status=200):
    questions = [{"key": key, "text": text, "answer": answers.get(key)} for key, text in QUESTIONS]
    context = {"checkin": checkin, "questions": questions, "choices": CHOICES, "errors": errors}
    return render(request, "safety/check.html", context, status=status)


@login_required
def safety_check(request, pk):
    """Offered once per check-in, between "Submit my answers" and submitting."""
    checkin = checkin_for_user_or_404(request.user, pk)
    survey = checkin_selectors.survey_for(checkin, request.user)
    # Only for a finished survey that is not in yet: nothing is recorded before that.
    if survey.participation.has_submitted or survey.missing:
        return redirect("checkin", pk=checkin.pk)
    check = selectors.check_of(request.user, checkin)
    if request.method != "POST":
        return _check_page(request, checkin, check.answers if check else {})
    if request.POST.get("go") == "skip":
        services.safety_check_skip(user=request.user, checkin=checkin)
        return _submit(request, checkin)
    answers = {key: request.POST[key] for key, _text in QUESTIONS if request.POST.get(key)}
    try:
        check = services.safety_check_answer(user=request.user, checkin=checkin, answers=answers)
    except ValidationError as error:
        return _check_page(request, checkin, {}, errors=error.messages, status=400)
    if check.concern:
        return redirect("safety_support", pk=checkin.pk)
    return _submit(request, checkin)


@login_required
def safety_support(request, pk):
    checkin = checkin_for_user_or_404(request.user, pk)
    check = selectors.check_of(request.user, checkin)
    survey = checkin_selectors.survey_for(checkin, request.user)
    context = {
        "checkin": checkin,
        "check": check,
        "answered": labelled(check.answers) if check else [],
        "submitted": survey.participation.has_submitted,
        "resources": selectors.resources(),
        "therapist_names": [
            link.therapist.therapist_profile.name for link in consented_links(checkin.couple)
        ],
    }
    return render(request, "safety/support.html", context)


@login_required
@require_POST
def safety_share(request, pk):
    checkin = checkin_for_user_or_404(request.user, pk)
    share = request.POST.get("share") == "1"
    try:
        services.safety_check_share(
            user=request.user,
            checkin=checkin,
            share=share,
            with_answers=request.POST.get("with_answers") == "on",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Your therapist can now see that you raised a concern.")
            if share
            else _("Taken back. Your therapist no longer sees it."),
        )
    return redirect("safety_support", pk=checkin.pk)


def using_safely(request):
    """For everyone, signed in or not: history, sessions, quick exit, unlinking quietly."""
    return render(request, "safety/using_safely.html", {"resources": selectors.resources()})
