"""The comparison report of a finished check-in."""

import secrets

from django.contrib.auth.decorators import login_required
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .. import reports, selectors
from ..access import checkin_for_user_or_404
from ..reports import report_for


def waiting_page(request, checkin):
    people = selectors.participations(checkin)
    return render(
        request,
        "assessments/report_waiting.html",
        {"checkin": checkin, "people": people, "me": request.user},
    )


@login_required
def report(request, pk):
    has_message = bool(len(get_messages(request)))
    # A copy this worker kept, while the viewer may still see it (see kept_copy): no query.
    kept = None if has_message else reports.kept_copy(request.user, pk)
    if kept is None:
        checkin = checkin_for_user_or_404(request.user, pk)
        if checkin.is_open:
            return waiting_page(request, checkin)
        if has_message:
            # A message to show once: render this response afresh, around it.
            return HttpResponse(_page(request, checkin))

        def cached_page():
            # A stand-in nobody can know or type takes the place of the per-request CSRF
            # token. Kept encoded: a request neither decodes nor encodes the whole page.
            stand_in = secrets.token_hex(16)
            return stand_in.encode(), _page(request, checkin, stand_in).encode()

        kept = reports.cached(checkin, request.user, "html", cached_page)
    stand_in, html = kept
    return HttpResponse(html.replace(stand_in, get_token(request).encode()))


def _page(request, checkin, csrf_token=None):
    context = {"report": report_for(checkin, request.user)}
    body = render_to_string("assessments/includes/report_body.html", context)
    context = {"body": mark_safe(body)}  # noqa: S308
    if csrf_token:
        context["csrf_token"] = csrf_token
    return render_to_string("assessments/report.html", context, request=request)
