import sys

from django.http import HttpResponse
from django.views import defaults
from django.views.decorators.http import require_safe

from config.middleware import OUTAGE, service_unavailable


@require_safe
def ping(request):
    """The smallest page Django can serve: the benchmark's yardstick for the report page."""
    return HttpResponse("ok", content_type="text/plain")


def server_error(request):
    """handler500: Django calls it for an exception nothing else answered, wherever it was
    raised. A database or cache outage met outside any view (the session middleware loading
    a signed-in person, say) still gets the calm 503, not a crash page."""
    if isinstance(sys.exc_info()[1], OUTAGE):
        return service_unavailable(request)
    return defaults.server_error(request)
