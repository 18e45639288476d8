from django.http import HttpResponse
from django.views.decorators.http import require_safe


@require_safe
def ping(request):
    """The smallest page Django can serve: the benchmark's yardstick for the report page."""
    return HttpResponse("ok", content_type="text/plain")
