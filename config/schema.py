"""OpenAPI schema touches shared by every endpoint: the one error shape, and when it comes."""

from rest_framework import serializers

ERROR_TYPES = [
    ("validation_error", "Validation error"),
    ("client_error", "Client error"),
    ("server_error", "Server error"),
]


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text="A word for the kind of error that stays the same across versions: "
        "required, invalid, not_found, not_authenticated, permission_denied, throttled, …"
    )
    detail = serializers.CharField(help_text="What went wrong, in words a person can read.")
    attr = serializers.CharField(
        allow_null=True,
        help_text="For a validation error, the field it is about, nested fields joined "
        'with dots ("answers.0.note"; "non_field_errors" for the request as a whole). '
        "Null for every other error.",
    )


class ErrorResponseSerializer(serializers.Serializer):
    """Every error the API answers, whatever its status."""

    type = serializers.ChoiceField(choices=ERROR_TYPES)
    errors = ErrorSerializer(many=True)


COMMON = {
    "400": "The request was refused; the errors say why, field by field.",
    "401": "Not logged in: send X-Session-Token or a session cookie.",
    "403": "Not allowed.",
    "404": "Not found, or not yours to see.",
    "409": "Not possible in the current state; the errors say why.",
    "413": "The request body is too large.",
    "429": "Too many requests; try again after Retry-After seconds.",
    "503": "Briefly unavailable; try again after Retry-After seconds.",
}
ERROR_REF = {"$ref": "#/components/schemas/ErrorResponse"}


def add_error_responses(result, generator, request, public):
    """Every operation can answer with every error above, in the one shape; say so (the
    schema class adds the shape where it can tell; this fills in the rest, and the words)."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for code, text in COMMON.items():
                response = responses.setdefault(code, {})
                response["description"] = text
                # An operation may name a richer body (the shape plus a field of its own).
                response.setdefault("content", {"application/json": {"schema": ERROR_REF}})
    return result
