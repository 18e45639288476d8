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
            return JsonResponse({"detail": "Method not allowed."}, status=405)
        if database_is_up():
            return JsonResponse({"status": "ok", "database": "ok"})
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
