from django.apps import AppConfig


class BoundariesConfig(AppConfig):
    name = "boundaries"
    verbose_name = "People and boundaries"

    def ready(self):
        from . import languages, mfa, signals  # noqa: F401 - connects the receivers
