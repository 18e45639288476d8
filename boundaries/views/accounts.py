"""A person's own account page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..forms import NameForm


@login_required
def account(request):
    form = NameForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update_name(user=request.user, display_name=form.cleaned_data["display_name"])
        messages.success(request, _("Your name is saved."))
        return redirect("account")
    return render(request, "boundaries/account.html", {"form": form})
