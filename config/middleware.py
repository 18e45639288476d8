"""Request-level safety nets that apply to pages, the API and allauth's endpoints alike."""

from django.http import JsonResponse


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
