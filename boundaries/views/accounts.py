"""A person's own account page, the language chooser, and the quick exit that ends their
session."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from .. import services
from ..forms import NameForm


@csrf_exempt  # sent by navigator.sendBeacon as the page is left; it can only log out
@require_POST
def quick_exit(request):
    """Quick exit: the session ends at once. The page has already gone to another site."""
    logout(request)
    return HttpResponse(status=204)


@login_required
def account(request):
    form = NameForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update_name(user=request.user, display_name=form.cleaned_data["display_name"])
        messages.success(request, _("Your name is saved."))
        return redirect("account")
    return render(request, "boundaries/account.html", {"form": form})


@require_POST
def language_choose(request):
    """The chooser at the foot of every page. Everyone gets Django's language cookie and is
    sent back to the page they were on; a signed-in person's account keeps the choice too,
    so that their pages on any device, and their emails, come in it."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        # Not one of ours (Django would keep any it has words for): back, nothing changed.
        back = request.POST.get("next", "")
        safe = url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        return redirect(back if safe else "/")
    if request.user.is_authenticated:
        services.user_update_language(user=request.user, language=language)
    return set_language(request)
