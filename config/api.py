"""The API's shared plumbing: every error in one shape, and JSON types in.

Every 4xx (and the 503 of an outage) is {"type": …, "errors": [{"code", "detail", "attr"}]}
(drf-standardized-errors): one error per field for a validation error, with the field's
path in "attr" ("answers.0.note"); one error with "attr": null otherwise.
"""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_standardized_errors.formatter import ExceptionFormatter
from drf_standardized_errors.handler import ExceptionHandler
from rest_framework import exceptions, generics, serializers, status
from rest_framework.pagination import PageNumberPagination


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request is too large. Notes can be at most 1000 characters.")
    default_code = "too_large"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Not possible in the current state.")
    default_code = "conflict"


class RefusedWithData(exceptions.APIException):
    """A refusal that hands the client something beside the errors, e.g. the id of the
    check-in that is open already: {"type": …, "errors": […], "checkin": 12}."""

    def __init__(self, detail: str, *, code: str, status_code: int, data: dict):
        super().__init__(detail=detail, code=code)
        self.status_code = status_code
        self.data = data


class ApiExceptionFormatter(ExceptionFormatter):
    def run(self):
        return {**super().run(), **getattr(self.exc, "data", {})}


class ApiExceptionHandler(ExceptionHandler):
    def convert_known_exceptions(self, exc):
        if isinstance(exc, RequestDataTooBig):
            return RequestTooLarge()
        # Services raise Django's ValidationError so pages and API share one rule; the API
        # reports it field by field, as it does DRF's own.
        if isinstance(exc, DjangoValidationError):
            return exceptions.ValidationError(detail=serializers.as_serializer_error(exc))
        # As DRF does, a refusal keeps the words it was raised with ("You have no invitation
        # waiting."), where the library would put its own.
        if isinstance(exc, Http404):
            return exceptions.NotFound(*exc.args)
        if isinstance(exc, PermissionDenied):
            return exceptions.PermissionDenied(*exc.args)
        return super().convert_known_exceptions(exc)

    def should_not_handle(self, exc):
        # Anything else (a database outage, a bug) goes on to Django as before: the calm 503,
        # the 500 page, the error log and error tracking.
        return not isinstance(exc, exceptions.APIException)


class Pages(PageNumberPagination):
    """Lists that grow over time come a page at a time, newest first:
    {"count", "next", "previous", "results"}; ?page=2, ?page_size= up to 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_page_message = _("There is no such page.")
    page_query_description = "Which page: 1 (the newest) or more."
    page_size_query_description = "How many on a page: 1 to 200 (more counts as 200)."

    def paginate_queryset(self, queryset, request, view=None):
        # A page and a page size are whole numbers from 1, said so with a 400 that names the
        # parameter (DRF would quietly fall back to the first page of 50 instead).
        wrong = {
            name: [_("Give a whole number of 1 or more.")]
            for name in (self.page_query_param, self.page_size_query_param)
            if name in request.query_params and not _counting_number(request.query_params[name])
        }
        if wrong:
            raise exceptions.ValidationError(wrong)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters


def _counting_number(text: str) -> bool:
    return text.isascii() and text.isdigit() and int(text) >= 1


class PagedListView(generics.ListAPIView):
    """A list that grows over time, a page at a time: name the `model` and say in
    `get_items` which rows the asker may see (the access check goes there too)."""

    pagination_class = Pages
    model = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema, made without a request
            return self.model.objects.none()
        return self.get_items()

    def get_items(self):
        raise NotImplementedError


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
