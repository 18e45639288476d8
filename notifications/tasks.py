"""Background work: thin wrappers around the services, safe to run twice."""

from celery import shared_task

from . import services


@shared_task(bind=True, acks_late=True, ignore_result=True)
def deliver_email(self, email_id: int) -> None:
    retry_in = services.email_deliver(email_id=email_id)
    if retry_in is not None and not self.request.is_eager:
        # With a worker, try again after the pause. Without a broker (development), the
        # task ran right after the request's commit; the next send_due_notifications run
        # tries again, so no request waits through the pauses.
        raise self.retry(countdown=retry_in, max_retries=None)


@shared_task(ignore_result=True)
def send_due_notifications() -> None:
    services.send_due()


@shared_task(ignore_result=True)
def housekeeping() -> None:
    services.housekeeping()
