"""The API's shared plumbing: errors as JSON with a readable message per field."""

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
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


# JSON in means JSON types in: DRF would otherwise read 12 as "12", "7" as 7 and 1 as true,
# and a client's mistake would be saved instead of refused.


class TextField(serializers.CharField):
    """A JSON string, and nothing else, measured as sent (the services trim it, so a limit
    cannot be passed by padding with spaces and control characters)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class WholeNumberField(serializers.IntegerField):
    """A JSON integer, and nothing else (not "7", not 7.0, not true)."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class TrueFalseField(serializers.BooleanField):
    """A JSON true or false, and nothing else."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class JsonModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose text, number and yes/no fields take only those JSON types."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: TextField,
        models.TextField: TextField,
        models.IntegerField: WholeNumberField,
        models.PositiveIntegerField: WholeNumberField,
        models.BooleanField: TrueFalseField,
    }
