"""The therapist's review pages: client couples, one couple, a report, all notes.

Every page that shows couple data goes through boundaries.access.client_couple_or_404,
which checks consent and the second factor on each request and logs the look."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from boundaries import access as boundary_access
from boundaries import selectors as boundary_selectors
from boundaries.forms import ClientInvitationForm, SessionNoteForm
from boundaries.models import (
    AccessLogEntry,
    SessionNote,
    TherapistInvitation,
    TherapistLink,
    TherapistProfile,
)
from boundaries.services import therapists as therapist_services
from boundaries.views.therapists import clients_page
from safety.selectors import concerns_for_therapist

from .. import reports
from ..models import CheckIn, Participation
from . import selectors as review
from .selectors import clean_query


@clients_page
def dashboard(request):
    therapist = boundary_access.clients_therapist_or_404(request)
    if not TherapistProfile.objects.filter(user=therapist).exists():
        return redirect("therapist_profile")
    query = clean_query(request.GET.get("q", ""))
    sort = request.GET.get("sort", "activity")
    page, rows = review.dashboard(
        therapist, query=query, sort=sort, page=request.GET.get("page", 1)
    )
    therapist_services.log_list_view(therapist, [row.couple_id for row in rows])
    invitations = TherapistInvitation.objects.filter(
        therapist=therapist, used_at=None, expires_at__gt=timezone.now()
    )[:5]
    return render(
        request,
        "review/dashboard.html",
        {
            "page": page,
            "rows": rows,
            "query": query,
            "sort": sort,
            "invitations": invitations,
            "form": ClientInvitationForm(),
        },
    )


@login_required
def couple_detail(request, couple_id):
    # Writing a note is a look at the notes, as through the API.
    what = AccessLogEntry.What.NOTES if request.method == "POST" else AccessLogEntry.What.COUPLE
    couple = boundary_access.client_couple_or_404(request, couple_id, what=what)
    therapist = request.user
    checkins = list(
        CheckIn.objects.filter(couple=couple, completed_at__isnull=False).order_by("-completed_at")
    )
    flags = Participation.objects.filter(
        checkin__couple=couple, cannot_answer_honestly=True, checkin__completed_at__isnull=False
    ).select_related("user", "checkin")
    note_form = SessionNoteForm(request.POST or None)
    if request.method == "POST" and note_form.is_valid():
        therapist_services.note_add(
            therapist=therapist, couple=couple, text=note_form.cleaned_data["text"]
        )
        messages.success(request, _("Note saved. Only you can see it."))
        return redirect("therapist_couple", couple_id=couple.pk)
    current = boundary_selectors.agreements_current(couple)
    return render(
        request,
        "review/couple.html",
        {
            "couple": couple,
            "people": [
                m.user for m in couple.memberships.filter(left_at=None).select_related("user")
            ],
            "checkins": checkins,
            "flags": flags,
            "concerns": concerns_for_therapist(couple, therapist),
            "in_force": [a for a in current if a.is_in_force],
            "waiting": [a for a in current if a.is_open],
            "history": boundary_selectors.agreement_history(couple)[:50],
            "notes": SessionNote.objects.filter(therapist=therapist, couple=couple),
            "note_form": note_form,
            "print": request.GET.get("print") == "1",
        },
    )


@login_required
def couple_report(request, couple_id, checkin_id):
    couple, checkin = review.client_report_or_404(request, couple_id, checkin_id)
    therapist = request.user

    def build():
        context = {"report": reports.report_for(checkin, therapist)}
        return render_to_string("assessments/includes/report_body.html", context)

    body = reports.cached(checkin, therapist, "therapist", build)
    return render(
        request,
        "review/report.html",
        {"couple": couple, "body": mark_safe(body)},  # noqa: S308 - our own template's output
    )


@clients_page
def notes(request):
    """All of the therapist's notes, also about couples who have since ended access."""
    therapist = boundary_access.clients_therapist_or_404(request)
    all_notes = SessionNote.objects.filter(therapist=therapist).order_by("couple_id", "-created_at")
    # Each couple by the note the therapist gave the code they connected with.
    labels = dict(
        TherapistLink.objects.filter(therapist=therapist, invitation__isnull=False).values_list(
            "couple_id", "invitation__label"
        )
    )
    notes_list = list(all_notes)
    for note in notes_list:
        label = labels.get(note.couple_id)
        note.label = (
            f"{label} (#{note.couple_id})" if label else _("Couple #%(n)d") % {"n": note.couple_id}
        )
    return render(request, "review/notes.html", {"notes": notes_list})
