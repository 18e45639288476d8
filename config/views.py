import sys

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views import defaults
from django.views.decorators.http import require_safe
from drf_spectacular.views import SpectacularSwaggerSplitView

from config.middleware import OUTAGE, service_unavailable

_swagger = SpectacularSwaggerSplitView.as_view(url_name="api-schema")


def api_docs(request, *args, **kwargs):
    """The browsable API docs are for developers: in development, or for staff. (Swagger UI
    is not built for everyone: it nests buttons and misses contrast.) The schema itself,
    /api/schema/, stays open for API clients."""
    if not (settings.DEBUG or request.user.is_staff):
        raise Http404
    return _swagger(request, *args, **kwargs)


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
