"""Request-level safety nets that apply to pages, the API and allauth's endpoints alike."""

import json
import time

import redis
from django.conf import settings
from django.contrib.auth import logout
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django_redis.exceptions import ConnectionInterrupted

from config.api_errors import error_response


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
            return error_response(
                400, "parse_error", gettext("The request body is nested too deeply.")
            )
        return None


class AllauthJsonBodyMiddleware:
    """allauth's headless endpoints read any body as JSON and expect it to be a JSON object.

    A body that is not JSON, not UTF-8, nested too deeply, holds an integer too long for
    Python to convert, or is JSON but not an object would reach allauth's parser (a 500).
    Each is the client's fault: a 400 in allauth's own error shape, before allauth runs.
    """

    PREFIX = "/_allauth/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # allauth reads a body on every method but these (DELETE too: ending a session).
        reads_body = request.method not in ("GET", "HEAD", "OPTIONS")
        if request.path.startswith(self.PREFIX) and reads_body:
            problem = self._problem(request.body)
            if problem:
                return JsonResponse(
                    {"status": 400, "errors": [{"message": problem, "code": "invalid"}]},
                    status=400,
                )
        return self.get_response(request)

    @staticmethod
    def _problem(body: bytes) -> str:
        if not body:
            return ""
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return gettext("The request body must be valid JSON.")
        if not isinstance(data, dict):
            return gettext("The request body must be a JSON object.")
        return ""


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


def idle_session_ended(session) -> bool:
    """Stamp a session as seen now; True, with the session ended, when it sat idle too long.

    The stamp is written at most once a minute, so busy pages do not rewrite the session on
    every request.
    """
    now = int(time.time())
    last_seen = session.get(IdleTimeoutMiddleware.key)
    if last_seen and now - last_seen > settings.IDLE_TIMEOUT_SECONDS:
        return True
    if not last_seen or now - last_seen >= 60:
        session[IdleTimeoutMiddleware.key] = now
    return False


def token_session_ended(session) -> bool:
    """For an API token's session, which no middleware saves: end it when it sat idle too
    long (True), else keep the fresh stamp."""
    if idle_session_ended(session):
        session.flush()
        return True
    if session.modified:
        session.save()
    return False


class IdleTimeoutMiddleware:
    """Log out a signed-in person after a stretch without any request (30 minutes by default).

    Browser sessions end here. So do API tokens on allauth's own endpoints
    (/_allauth/app/...), which load the token's session inside their views; the DRF API
    checks tokens in config.authentication.
    """

    key = "last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated and hasattr(request, "session")
        if signed_in and idle_session_ended(request.session):
            logout(request)
        token = request.headers.get("X-Session-Token")
        if token and request.path.startswith("/_allauth/app/"):
            self._check_token(token)
        return self.get_response(request)

    def _check_token(self, token):
        from allauth.headless import app_settings as headless_settings

        session = headless_settings.TOKEN_STRATEGY.lookup_session(token)
        if session is not None:
            token_session_ended(session)


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
            code, message = {
                404: ("not_found", gettext("Not found.")),
                405: ("method_not_allowed", gettext("Method not allowed.")),
            }.get(response.status_code, ("error", gettext("The request could not be handled.")))
            return error_response(response.status_code, code, message)
        return response


# What a database that stopped answering (or dropped the connection) raises.
DATABASE_OUTAGE = (OperationalError, InterfaceError)
# What the shared cache (Redis) raises while it cannot be reached or does not answer in time.
CACHE_OUTAGE = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    ConnectionInterrupted,  # django-redis's word for the two above
)
OUTAGE = DATABASE_OUTAGE + CACHE_OUTAGE


def calm_503(request, *, detail: str, template: str, retry_after: int) -> HttpResponse:
    """A 503 that says what happened: JSON for the API and allauth, a page for people."""
    if request.path.startswith("/api/"):
        response = error_response(503, "unavailable", detail)
    elif request.path.startswith("/_allauth/"):
        # allauth's own error shape, as its other answers have.
        body = {"status": 503, "errors": [{"message": detail, "code": "unavailable"}]}
        response = JsonResponse(body, status=503)
    else:
        response = HttpResponse(
            render_to_string(template), status=503, content_type="text/html; charset=utf-8"
        )
    response["Retry-After"] = str(retry_after)
    return response


def service_unavailable(request) -> HttpResponse:
    """The calm 503 for a database or cache outage."""
    return calm_503(
        request,
        detail=gettext("The service is briefly unavailable. Please try again in a minute."),
        template="503.html",
        retry_after=30,
    )


class ServiceUnavailableMiddleware:
    """While the database or the cache is down, say so calmly (503) instead of crashing; both
    reconnect by themselves on a later request once they are back.

    Without the cache, what needs it to stay safe (the rate limits on logins, sign-ups,
    password resets and code guesses; the version bumps that keep cached reports honest)
    answers 503, and the change is rolled back; pages that only read work on (sessions live
    in the database, reports are built afresh).

    This sees what views raise. A middleware that needs the database (loading the session
    and the user) fails before any view; config.views.server_error answers that the same way.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OUTAGE):
            return service_unavailable(request)
        return None


class UserLanguageMiddleware:
    """A signed-in person's pages come in the language their account keeps (see
    boundaries.languages); LocaleMiddleware, before this one, has chosen for everyone else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class UserTimeZoneMiddleware:
    """Dates and times on a signed-in person's pages are in their own time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            with timezone.override(user.zone):
                return self.get_response(request)
        return self.get_response(request)
