"""The Celery app. Its settings are Django's CELERY_* settings (config/settings/base.py):
with no CELERY_BROKER_URL, tasks run at once in the process that enqueues them."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.development")

app = Celery("commonground")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
