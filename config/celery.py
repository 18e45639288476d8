"""The Celery app. Its settings are Django's CELERY_* settings (config/settings/base.py):
with no CELERY_BROKER_URL, tasks run at once in the process that enqueues them."""

import os

from celery import Celery
from celery.signals import before_task_publish, task_postrun, task_prerun

from config import request_id

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.development")

app = Celery("commonground")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# The request that queued a task names it in the worker's log lines too.
@before_task_publish.connect
def _send_request_id(headers=None, **kwargs):
    if headers is not None:
        headers[request_id.HEADER] = request_id.current.get()


@task_prerun.connect
def _adopt_request_id(task=None, **kwargs):
    if task is None:
        return
    sent = task.request.get(request_id.HEADER) or (task.request.headers or {}).get(
        request_id.HEADER
    )
    # Run in-process (no broker), a task is part of the request that queued it.
    here = request_id.current.get()
    value = request_id.adopt(sent) if sent else (here if here != "-" else request_id.adopt(None))
    task.request.request_id_token = request_id.current.set(value)


@task_postrun.connect
def _drop_request_id(task=None, **kwargs):
    token = getattr(task.request, "request_id_token", None) if task is not None else None
    if token is not None:
        request_id.current.reset(token)
