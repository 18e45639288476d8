"""A person's own data: the page, the download and deleting the account."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boundaries import selectors as boundary_selectors
from boundaries.mfa import passed_second_factor

from .. import privacy


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
