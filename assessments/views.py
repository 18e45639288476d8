"""Check-in pages. Views parse and render; the services hold the rules."""

import secrets

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boundaries import selectors as boundary_selectors
from boundaries.access import couple_for_user_or_404
from boundaries.mfa import passed_second_factor
from boundaries.views.couples import PENDING_CODE_KEY

from . import privacy, reports, selectors, services
from .access import checkin_for_user_or_404
from .forms import answers_from_post, with_posted
from .models import Rating
from .reports import report_for


@login_required
def checkin_list(request):
    couple = couple_for_user_or_404(request.user)
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


def _checkin_state(user, couple) -> dict:
    """Where the couple's latest round stands, for the home page's next step."""
    checkin = selectors.latest_checkin(couple)
    if checkin is None:
        return {"checkin": None}
    people = selectors.participations(checkin)
    mine = next((p for p in people if p.user_id == user.pk), None)
    answered, total = (0, 0)
    if checkin.is_open and mine is not None and not mine.has_submitted:
        answered, total = selectors.progress(checkin, user)
    return {
        "checkin": checkin,
        "my_participation": mine,
        "partner_participation": next((p for p in people if p.user_id != user.pk), None),
        "answered": answered,
        "total": total,
    }


def home(request):
    if not request.user.is_authenticated:
        return render(request, "boundaries/landing.html")
    if request.user.is_therapist:
        return redirect("therapist_dashboard")
    couple = boundary_selectors.current_couple(request.user)
    pending_code = request.session.get(PENDING_CODE_KEY)
    waiting = None
    if couple is None and pending_code:
        waiting = boundary_selectors.invitation_by_code(pending_code)
        if waiting is None or not waiting.is_usable or waiting.inviter_id == request.user.pk:
            request.session.pop(PENDING_CODE_KEY, None)
            waiting = None
    if couple is None and waiting is None:
        waiting = boundary_selectors.invitation_for_my_email(request.user)
    partner = couple and boundary_selectors.partner_in(couple, request.user)
    context = {
        "couple": couple,
        "partner_name": partner.name if partner else "",
        "invitation": couple is None and boundary_selectors.pending_invitation(request.user),
        "invitation_for_me": waiting,
        "agreements_due": boundary_selectors.agreements_due(couple) if couple else [],
        **_checkin_state(request.user, couple),
    }
    return render(request, "home.html", context)


def _waiting_page(request, checkin):
    people = selectors.participations(checkin)
    return render(
        request,
        "assessments/report_waiting.html",
        {"checkin": checkin, "people": people, "me": request.user},
    )


@login_required
def report(request, pk):
    checkin = checkin_for_user_or_404(request.user, pk)
    if checkin.is_open:
        return _waiting_page(request, checkin)

    def page(csrf_token=None):
        context = {"body": report_body()}
        if csrf_token:
            context["csrf_token"] = csrf_token
        return render_to_string("assessments/report.html", context, request=request)

    def report_body():
        context = {"report": report_for(checkin, request.user)}
        return mark_safe(render_to_string("assessments/includes/report_body.html", context))  # noqa: S308

    if len(get_messages(request)):
        # A message to show once: render this response afresh, around it.
        return HttpResponse(page())

    def cached_page():
        # A stand-in nobody can know or type takes the place of the per-request CSRF token.
        stand_in = secrets.token_hex(16)
        return stand_in, page(stand_in)

    stand_in, html = reports.cached(checkin, request.user, "page", cached_page)
    return HttpResponse(html.replace(stand_in, get_token(request)))


@login_required
def talk(request, pk):
    """Guided conversation: one card at a time, with the couple's shared progress."""
    checkin = checkin_for_user_or_404(request.user, pk)
    if checkin.is_open:
        return _waiting_page(request, checkin)
    the_report = report_for(checkin, request.user)
    cards = the_report.cards
    if not cards:
        return render(request, "assessments/talk.html", {"report": the_report, "card": None})
    if "card" in request.GET:
        index = min(_card_number(request.GET["card"]), len(cards)) - 1
    else:
        # Coming back: the first card the two of you have not talked about yet.
        index = next((n for n, c in enumerate(cards) if not _talked(the_report, c)), 0)
    card = cards[index]
    context = {
        "report": the_report,
        "card": card,
        "number": index + 1,
        "total": len(cards),
        "progress": the_report.progress.get(card.key),
        "talked": sum(1 for c in cards if _talked(the_report, c)),
    }
    return render(request, "assessments/talk.html", context)


def _talked(the_report, card) -> bool:
    progress = the_report.progress.get(card.key)
    return bool(progress and progress.talked_about_at)


@login_required
@require_POST
def talk_mark(request, pk):
    checkin = checkin_for_user_or_404(request.user, pk)
    number = _card_number(request.POST.get("number"))
    try:
        services.card_progress_save(
            user=request.user,
            checkin=checkin,
            card_key=request.POST.get("card", ""),
            talked_about=request.POST.get("talked_about") == "on",
            agreed=request.POST.get("agreed", ""),
            seen_version=request.POST.get("version", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{reverse('talk', args=[pk])}?card={number}")
    messages.success(request, _("Saved for both of you."))
    if request.POST.get("go") == "next":
        number += 1
    return redirect(f"{reverse('talk', args=[pk])}?card={number}")


def _card_number(raw) -> int:
    """A card number from a query or form, as a person or a stale link may give it."""
    try:
        return max(int(str(raw).strip()), 1)
    except (TypeError, ValueError):
        return 1


@login_required
def my_data(request):
    past = boundary_selectors.past_couples(request.user)
    return render(request, "account/my_data.html", {"past_couples": past})


@login_required
def my_data_export(request):
    data = privacy.export_for(request.user, with_client_data=passed_second_factor(request))
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="common-ground-my-data.json"'
    return response


@login_required
@require_POST
def account_delete(request):
    return _account_delete(request)


@reauthentication_required
def _account_delete(request):
    if request.POST.get("confirm") != "delete":
        messages.error(request, _("Tick the box to confirm that you want to delete everything."))
        return redirect("my_data")
    user = request.user
    logout(request)
    privacy.account_delete(user=user)
    messages.success(request, _("Your account and your answers are deleted."))
    return redirect("home")
