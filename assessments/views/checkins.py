"""Check-ins: the list, starting one, the survey, submitting, the private flag."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boundaries import selectors as boundary_selectors
from boundaries.views.pages import not_linked
from safety import selectors as safety_selectors

from .. import selectors, services
from ..access import checkin_for_user_or_404
from ..forms import answers_from_post, with_posted
from ..models import Rating


@login_required
def checkin_list(request):
    couple = boundary_selectors.current_couple(request.user)
    if couple is None:
        return not_linked(
            request,
            title=_("Your check-ins"),
            why=_(
                "A check-in is something the two of you do, each on your own: once your "
                "partner has joined, either of you can start one."
            ),
        )
    checkins = list(selectors.checkins_of(couple))
    return render(
        request,
        "assessments/checkin_list.html",
        {"checkins": checkins, "open_checkin": next((c for c in checkins if c.is_open), None)},
    )


@login_required
@require_POST
def checkin_start(request):
    try:
        checkin = services.checkin_start(user=request.user)
    except services.CheckInAlreadyOpen as already:
        messages.info(request, already.messages[0])
        return redirect("checkin", pk=already.checkin.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("home")
    return redirect("checkin", pk=checkin.pk)


def _survey_page(request, checkin, *, errors=(), missing=(), status=200, posted=()):
    survey = selectors.survey_for(checkin, request.user)
    if posted:
        survey = with_posted(survey, posted)
    if survey.participation.has_submitted:
        return _status_page(request, checkin, survey)
    context = {
        "checkin": checkin,
        "survey": survey,
        "ratings": Rating.choices,
        "conditions": selectors.conditions(),
        "errors": errors,
        "missing": missing,
    }
    return render(request, "assessments/survey.html", context, status=status)


def _status_page(request, checkin, survey):
    people = selectors.participations(checkin)
    partner = next((p for p in people if p.user_id != request.user.pk), None)
    return render(
        request,
        "assessments/checkin_status.html",
        {"checkin": checkin, "survey": survey, "partner_participation": partner},
    )


@login_required
def checkin_detail(request, pk):
    checkin = checkin_for_user_or_404(request.user, pk)
    if request.method != "POST":
        return _survey_page(request, checkin)
    survey = selectors.survey_for(checkin, request.user)
    answers = answers_from_post(request.POST, survey)
    try:
        if answers:
            services.answers_save(user=request.user, checkin=checkin, answers=answers)
        if "private_flag_shown" in request.POST:
            flag = request.POST.get("cannot_answer_honestly") == "on"
            if flag != survey.participation.cannot_answer_honestly:
                services.checkin_set_private_flag(user=request.user, checkin=checkin, value=flag)
    except ValidationError as error:
        return _survey_page(request, checkin, errors=error.messages, status=400, posted=answers)
    if request.POST.get("action") == "submit":
        return _submit(request, checkin)
    messages.success(request, _("Your answers are saved. Come back any time to go on."))
    return redirect(reverse("checkin", args=[checkin.pk]) + "#progress")


@login_required
@require_POST
def checkin_submit(request, pk):
    return _submit(request, checkin_for_user_or_404(request.user, pk))


def _submit(request, checkin):
    # Before the answers go in: the private safety check, once per check-in (it can be
    # skipped, and never stops anyone from submitting).
    survey = selectors.survey_for(checkin, request.user)
    ready = not survey.missing and not survey.participation.has_submitted
    if ready and safety_selectors.check_of(request.user, checkin) is None:
        return redirect("safety_check", pk=checkin.pk)
    try:
        services.checkin_submit(user=request.user, checkin=checkin)
    except services.SurveyIncomplete as incomplete:
        return _survey_page(
            request, checkin, errors=incomplete.messages, missing=incomplete.missing, status=400
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("checkin", pk=checkin.pk)


@login_required
@require_POST
def checkin_private_flag(request, pk):
    checkin = checkin_for_user_or_404(request.user, pk)
    value = request.POST.get("cannot_answer_honestly") == "on"
    services.checkin_set_private_flag(user=request.user, checkin=checkin, value=value)
    if value:
        messages.success(request, _("Noted, privately. Your partner will not see this."))
    else:
        messages.success(request, _("Your private note is cleared."))
    return redirect("checkin", pk=checkin.pk)
