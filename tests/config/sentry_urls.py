"""A page that fails, for tests/config/test_sentry.py, beside the app's own URLs."""

from django.urls import include, path


def fails(request):
    note = request.POST.get("note", "")
    raise ValueError(f"could not save {note!r} from /invite/ABCDEFGHJK/?code=SECRET")


urlpatterns = [path("fails/", fails), path("", include("config.urls"))]
