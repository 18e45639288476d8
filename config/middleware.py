"""Request-level safety nets that apply to pages, the API and allauth's endpoints alike."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control


class NestingLimitMiddleware:
    """A body nested thousands of levels deep exhausts Python's JSON parser.

    DRF and allauth only expect ValueError from it; the RecursionError would become a 500.
    It is the client's fault, so it gets a 400.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RecursionError):
            return JsonResponse({"detail": "The request body is nested too deeply."}, status=400)
        return None


class PrivatePagesMiddleware:
    """Nothing shown to a signed-in person is kept by the browser or any cache on the way.

    Answers, reports, notes and agreements are as private as health data; on a shared
    device, "back" after logging out must not bring them back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True, max_age=0)
        return response


class IdleTimeoutMiddleware:
    """Log out a signed-in person after a stretch without any request (30 minutes by default).

    The last-seen time is written at most once a minute, so busy pages do not rewrite the
    session on every request.
    """

    key = "last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last_seen = request.session.get(self.key)
            if last_seen and now - last_seen > settings.IDLE_TIMEOUT_SECONDS:
                logout(request)
            elif not last_seen or now - last_seen >= 60:
                request.session[self.key] = now
        return self.get_response(request)


class ApiJsonErrorsMiddleware:
    """Under /api/, an error Django answers itself (no such URL, wrong method) is JSON too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith("/api/v1/")
            and response.status_code >= 400
            and response.get("Content-Type", "").startswith("text/html")
        ):
            message = {404: "Not found.", 405: "Method not allowed."}.get(
                response.status_code, "The request could not be handled."
            )
            return JsonResponse({"detail": message}, status=response.status_code)
        return response


class DatabaseUnavailableMiddleware:
    """While the database is down, say so calmly (503) instead of crashing; Django reconnects
    by itself on a later request once it is back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        if request.path.startswith(("/api/", "/_allauth/")):
            response = JsonResponse(
                {"detail": "The service is briefly unavailable. Please try again in a minute."},
                status=503,
            )
        else:
            response = HttpResponse(
                render_to_string("503.html"), status=503, content_type="text/html; charset=utf-8"
            )
        response["Retry-After"] = "30"
        return response
