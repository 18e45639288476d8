"""`/healthz` for load balancers and docker-compose.

Answered in middleware, before host validation and the HTTPS redirect, because the
probes call it by IP address over plain HTTP from inside the network.
"""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse

logger = logging.getLogger(__name__)


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
        if database_is_up():
            return self._locked_down(JsonResponse({"status": "ok", "database": "ok"}))
        return self._locked_down(
            JsonResponse({"status": "error", "database": "unreachable"}, status=503)
        )

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
