"""The API's shared plumbing: errors as JSON with a readable message per field."""

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        return Response(
            {"detail": "The request is too large. Notes can be at most 1000 characters."},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    # Services raise Django's ValidationError so pages and API share one rule; the API
    # shows it the way DRF shows its own: {"field": ["message"], "non_field_errors": [...]}.
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=serializers.as_serializer_error(exc))
    return drf_exception_handler(exc, context)
