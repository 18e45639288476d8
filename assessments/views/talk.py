"""Talking it through: the guided conversation, one card at a time."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..access import checkin_for_user_or_404
from ..models import CardProgress
from ..reports import report_for
from ..selectors import participations
from .reports import waiting_page


@login_required
def talk(request, pk):
    """Guided conversation: one card at a time, with the couple's shared progress."""
    checkin = checkin_for_user_or_404(request.user, pk)
    if checkin.is_open:
        return waiting_page(request, checkin)
    the_report = report_for(checkin, request.user)
    cards = the_report.cards
    if not cards:
        return render(request, "assessments/talk.html", {"report": the_report, "card": None})
    if "card" in request.GET:
        index = min(_card_number(request.GET["card"]), len(cards)) - 1
    else:
        # Coming back: the first card the two of you have not talked about yet.
        index = next((n for n, c in enumerate(cards) if not the_report.talked_about(c)), 0)
    card = cards[index]
    context = {
        "report": the_report,
        "card": card,
        "number": index + 1,
        "total": len(cards),
        "progress": the_report.progress.get(card.key),
        "talked": the_report.talked_count,
        "partners": [the_report.me, the_report.partner],
        "breaks": BREAKS,
    }
    return render(request, "assessments/talk.html", context)


@login_required
def talk_summary(request, pk):
    """The end of the conversation: what the two of you talked about and agreed, what is left,
    and each agreement a step away from being proposed as a boundary."""
    checkin = checkin_for_user_or_404(request.user, pk)
    if checkin.is_open:
        return waiting_page(request, checkin)
    the_report = report_for(checkin, request.user)
    talked, left = [], []
    for number, card in enumerate(the_report.cards, start=1):
        progress = the_report.progress.get(card.key)
        entry = {"card": card, "number": number, "agreed": progress.agreed if progress else ""}
        # Something agreed counts as talked about, ticked or not: nothing written is hidden.
        done = the_report.talked_about(card) or entry["agreed"]
        (talked if done else left).append(entry)
    context = {
        "report": the_report,
        "talked": talked,
        "left": left,
        "agreed": [entry for entry in talked if entry["agreed"]],
    }
    return render(request, "assessments/talk_summary.html", context)


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
    if request.POST.get("go") == "summary":
        return redirect("talk_summary", pk=pk)
    if request.POST.get("go") == "next":
        number += 1
    return redirect(f"{reverse('talk', args=[pk])}?card={number}")


def _card_number(raw) -> int:
    """A card number from a query or form, as a person or a stale link may give it."""
    try:
        return max(int(str(raw).strip()), 1)
    except (TypeError, ValueError):
        return 1


BREAKS = (20, 30, 60)  # minutes a couple can choose for "we need a break"


def _turn_change(request, progress, partners):
    """What one press of the turn panel changes: start, swap, pause or go on."""
    action, _colon, who = request.POST.get("turn_action", "").partition(":")
    if action == "start":
        speaker = next((p for p in partners if str(p.pk) == who), None)
        return {"speaker": speaker.pk if speaker else -1, "turn": 1, "paused_until": None}
    if action == "swap" and progress is not None and progress.speaker_id:
        other = next(p.pk for p in partners if p.pk != progress.speaker_id)
        return {"speaker": other, "turn": progress.turn + 1}
    if action == "pause":
        minutes = _card_number(request.POST.get("minutes"))
        minutes = minutes if minutes in BREAKS else BREAKS[0]
        return {"paused_until": timezone.now() + timedelta(minutes=minutes)}
    if action == "resume":
        return {"paused_until": None}
    return None


@login_required
@require_POST
def talk_turn(request, pk):
    """The turn panel: who speaks first, swap, a break, and coming back from it."""
    checkin = checkin_for_user_or_404(request.user, pk)
    number = _card_number(request.POST.get("number"))
    back = f"{reverse('talk', args=[pk])}?card={number}"
    key = request.POST.get("card", "")
    progress = CardProgress.objects.filter(checkin=checkin, card_key=key).first()
    partners = [p.user for p in participations(checkin)]
    changes = _turn_change(request, progress, partners)
    if changes is None:
        messages.error(request, _("That step is not one we know."))
        return redirect(back)
    try:
        services.card_progress_save(
            user=request.user,
            checkin=checkin,
            card_key=key,
            seen_version=request.POST.get("version", ""),
            **changes,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(back)
