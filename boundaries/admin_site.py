"""The Django admin, reached only through our own login and a second factor.

The admin's own login form would take a staff password directly, past allauth's rate limits
and without a second factor. Here it never takes a password: people are sent to allauth's
login, and staff must have set up a second factor and passed it in this very session.
"""

from allauth.account.decorators import secure_admin_login
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from .mfa import passed_second_factor


def _next_or_index(request) -> str:
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


@secure_admin_login
def admin_login(request, extra_context=None):
    """Only signed-in staff get this far (secure_admin_login sends everyone else to our login,
    or refuses them); what is left is the second factor."""
    target = _next_or_index(request)
    if not is_mfa_enabled(request.user):
        messages.info(request, _("The admin needs two-factor authentication. Set it up here."))
        return redirect(reverse("mfa_activate_totp"))
    if not passed_second_factor(request):
        return redirect(reverse("mfa_reauthenticate") + "?" + urlencode({"next": target}))
    return redirect(target)


class SecondFactorAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and passed_second_factor(request)

    def login(self, request, extra_context=None):
        return admin_login(request)
