"""What the couple rates: the catalog by category, and the couple's own behaviors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import access, selectors, services
from ..forms import BehaviorForm


@login_required
def behavior_list(request):
    couple = selectors.current_couple(request.user)
    form = BehaviorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.behavior_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Added. It joins your next check-in."))
            return redirect("behavior_list")
    behaviors = list(selectors.behaviors_for(couple))
    retired = couple and list(
        couple.own_behaviors.filter(retired_at__isnull=False).select_related("category")
    )
    return render(
        request,
        "boundaries/behavior_list.html",
        {"couple": couple, "behaviors": behaviors, "retired": retired or [], "form": form},
    )


@login_required
def behavior_edit(request, pk):
    behavior = access.own_behavior_or_404(request.user, pk)
    form = BehaviorForm(request.POST or None, instance=behavior)
    if request.method == "POST" and form.is_valid():
        try:
            services.behavior_update(behavior=behavior, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("behavior_list")
    return render(request, "boundaries/behavior_edit.html", {"form": form, "behavior": behavior})


@login_required
@require_POST
def behavior_retire(request, pk):
    behavior = access.own_behavior_or_404(request.user, pk)
    services.behavior_retire(behavior=behavior)
    messages.success(
        request, _("“%s” leaves your next check-ins; earlier ones keep it.") % behavior.title
    )
    return redirect("behavior_list")
