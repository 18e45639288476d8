"""The "What's new" list, a person's notification settings, and the one-click way out of an
email kind that every email links to."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import NotificationSettingsForm
from .kinds import Kind, kinds_for

LIST_LENGTH = 50


@login_required
def notification_list(request):
    notifications = list(selectors.visible_notifications(request.user)[:LIST_LENGTH])
    return render(request, "notifications/list.html", {"notifications": notifications})


@login_required
@require_POST
def notifications_read(request):
    services.notifications_mark_read(user=request.user)
    return redirect("home" if request.POST.get("next") == "home" else "notification_list")


@login_required
def notification_settings(request):
    choices = services.settings_of(request.user)
    form = NotificationSettingsForm(request.POST or None, user=request.user, choices=choices)
    if request.method == "POST" and form.is_valid():
        services.notification_settings_update(
            user=request.user,
            emails=form.emails(),
            discreet_subjects=form.cleaned_data["discreet_subjects"],
            time_zone=form.cleaned_data["time_zone"],
        )
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notification_settings")
    return render(request, "notifications/settings.html", {"form": form})


@csrf_exempt  # mail programs post here without a form of ours; the signed link is the key
def unsubscribe(request, token):
    found = services.read_unsubscribe_token(token)
    person = found and get_user_model().objects.filter(pk=found[0], is_active=True).first()
    kind = found and Kind(found[1])
    if not person or kind not in kinds_for(person):
        raise Http404(_("This link does not work any more."))
    done = False
    if request.method == "POST":
        services.notification_settings_update(user=person, emails={str(kind): False})
        done = True
    return render(request, "notifications/unsubscribe.html", {"kind": kind, "done": done})
