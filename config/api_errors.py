"""The API's one error shape, for the errors answered before DRF runs (see config.api)."""

from django.http import JsonResponse


def error_response(status_code: int, code: str, detail: str) -> JsonResponse:
    """{"type": …, "errors": [{"code", "detail", "attr": null}]}, as DRF's errors are."""
    kind = "server_error" if status_code >= 500 else "client_error"
    body = {"type": kind, "errors": [{"code": code, "detail": detail, "attr": None}]}
    return JsonResponse(body, status=status_code)
