from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Check-ins and reports"

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
