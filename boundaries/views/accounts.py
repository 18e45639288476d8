"""A person's own account page, and the quick exit that ends their session."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

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
