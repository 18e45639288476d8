"""`/healthz` for load balancers and docker-compose: the database and the cache.

Answered in middleware, before host validation and the HTTPS redirect, because the
probes call it by IP address over plain HTTP from inside the network.
"""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse

logger = logging.getLogger(__name__)


def cache_is_up() -> bool:
    from django.core.cache import cache

    from config.middleware import CACHE_OUTAGE

    try:
        cache.get("healthz")  # a round trip to the cache server, if there is one
    except CACHE_OUTAGE:
        logger.warning("Health check: cache unreachable")
        return False
    return True


def database_is_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("Health check: database unreachable")
        return False


class HealthCheckMiddleware:
    path = "/healthz"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.rstrip("/") != self.path:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return self._locked_down(JsonResponse({"detail": "Method not allowed."}, status=405))
        return self._locked_down(self._report())

    @staticmethod
    def _report() -> JsonResponse:
        """200 while the database answers: without the cache the app still serves pages
        (logins and changes answer a calm 503), so a load balancer should keep sending
        people here; the body says "degraded" so that monitoring notices."""
        database, cache = database_is_up(), cache_is_up()
        body = {
            "status": "ok" if database and cache else ("degraded" if database else "error"),
            "database": "ok" if database else "unreachable",
            "cache": "ok" if cache else "unreachable",
        }
        return JsonResponse(body, status=200 if database else 503)

    @staticmethod
    def _locked_down(response):
        # Answered before the security middleware, so the headers every response carries are
        # set here; nothing on this answer may load, frame or be kept.
        response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
        response["X-Content-Type-Options"] = "nosniff"
        response["X-Frame-Options"] = "DENY"
        response["Referrer-Policy"] = "same-origin"
        response["Cache-Control"] = "no-store"
        return response
