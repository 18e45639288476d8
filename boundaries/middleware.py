"""Middleware about people and their accounts: domain errors as 404s, and the second factor
that guards changes to the second factor."""

from types import SimpleNamespace

from allauth.headless import app_settings as headless_settings
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth import get_user
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found

from .errors import NotFound
from .mfa import passed_second_factor


class DomainErrorsMiddleware:
    """A service's NotFound is a 404, exactly like any other: a page for people, and JSON
    under /api/ (config.middleware.ApiJsonErrorsMiddleware turns the page into JSON)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFound):
            return page_not_found(request, Http404(str(exception)))
        return None


class SecondFactorGuardMiddleware:
    """Once an account has a second factor, changing it (new recovery codes, seeing them,
    removing or replacing the authenticator) needs a session that passed it.

    Otherwise the password alone would be enough after all: a session opened with it could
    confirm the password again, make recovery codes and use one as its "second factor".
    """

    PAGES = "/accounts/2fa/"
    OPEN_PAGES = ("/accounts/2fa/authenticate/", "/accounts/2fa/reauthenticate/")
    API = "/_allauth/app/v1/account/authenticators"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path.startswith(self.PAGES) and not path.startswith(self.OPEN_PAGES):
            if self._needs_code(request):
                query = urlencode({"next": request.get_full_path()})
                return redirect(reverse("mfa_reauthenticate") + "?" + query)
        elif path.startswith(self.API) and self._needs_code(self._token_request(request)):
            message = _("Enter a code from your authenticator app first, then try again.")
            return JsonResponse(
                {"status": 403, "errors": [{"message": message, "code": "second_factor_required"}]},
                status=403,
            )
        return self.get_response(request)

    @staticmethod
    def _needs_code(request) -> bool:
        user = request.user
        return user.is_authenticated and is_mfa_enabled(user) and not passed_second_factor(request)

    @staticmethod
    def _token_request(request):
        """The request as allauth's app endpoints will see it: the token's session and user."""
        token = request.headers.get("X-Session-Token")
        session = headless_settings.TOKEN_STRATEGY.lookup_session(token) if token else None
        if session is None:
            return request
        holder = SimpleNamespace(session=session, auth=session)
        holder.user = get_user(holder)
        return holder
