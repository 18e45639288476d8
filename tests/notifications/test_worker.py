"""The production path of mail: a request on gunicorn queues it in Redis, a real Celery
worker process sends it to a real (and slow) SMTP server on loopback."""

import os
import socket
import time
from types import SimpleNamespace

import pytest
import redis

from notifications.models import Email
from tests.factories import UserFactory
from tests.servers import (
    call,
    database_url,
    post_json,
    production_env,
    start_gunicorn,
    start_worker,
    stop,
)
from tests.smtp import SMTPServer

# The worker and gunicorn read what the test wrote, so it must be committed.
# One worker runs the module, so what it starts or builds once is started or built once.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.xdist_group("mail-path"),
]

BROKER = "redis://127.0.0.1:6379/12"


@pytest.fixture(scope="module")
def broker():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        if os.environ.get("CI"):
            pytest.fail("Redis must run on 127.0.0.1:6379 in CI (.ci/run starts it)")
        pytest.skip("no Redis on 127.0.0.1:6379")
    redis.Redis.from_url(BROKER).flushdb()
    yield BROKER
    redis.Redis.from_url(BROKER).flushdb()


@pytest.fixture(scope="module")
def smtp():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def mail_path(tmp_path_factory, django_db_setup, broker, smtp):
    """gunicorn and a real Celery worker with the production settings, logging JSON lines,
    sending to the SMTP server on loopback: started once for the module."""
    folder = tmp_path_factory.mktemp("mail-path")
    env = production_env(folder, database_url(), broker_url=broker)
    env.update(
        LOG_FORMAT="json",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp.port),
        EMAIL_USE_TLS="false",
        EMAIL_TIMEOUT="10",
    )
    server, port = start_gunicorn(folder, None, env=env)
    worker = start_worker(folder, env)
    try:
        yield SimpleNamespace(port=port, log=folder / "worker.log")
    finally:
        stop(worker)
        stop(server)


def wait_until(check, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_a_request_queues_mail_and_a_real_worker_delivers_it(mail_path, smtp):
    smtp.inbox.delay = 3  # a slow mail server, which no request may wait for
    person = UserFactory(email="reset.me@example.com")
    try:
        started = time.monotonic()
        response, body = post_json(
            mail_path.port, "/_allauth/app/v1/auth/password/request", {"email": person.email}
        )
        took = time.monotonic() - started
        assert response.status == 200, body
        assert took < 2.5, f"the request waited {took:.1f} s"
        [message] = smtp.inbox.wait_for(person.email, timeout=30)
    finally:
        smtp.inbox.delay = 0
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    assert "/accounts/password/reset/key/" in text.get_payload(decode=True).decode()
    assert wait_until(lambda: Email.objects.filter(status=Email.Status.SENT).exists())
    sent = Email.objects.get()
    assert sent.to == person.email
    assert sent.body_text == ""  # the reset link is not kept once it went out
    assert "notifications.tasks.deliver_email" in mail_path.log.read_text()
    assert person.email not in mail_path.log.read_text()


def test_one_request_can_be_followed_into_the_worker(mail_path, smtp):
    """With LOG_FORMAT=json, the request's log lines and the worker's lines for the mail it
    queued carry the same request id (the one the proxy sent, here)."""
    import json

    person = UserFactory(email="follow.me@example.com")
    before = len(mail_path.log.read_text())
    response, body = call(
        mail_path.port,
        "POST",
        "/_allauth/app/v1/auth/password/request",
        payload={"email": person.email},
        headers={"X-Request-ID": "proxy-id-0123456789"},
    )
    assert response.status == 200, body
    assert response.getheader("X-Request-ID") == "proxy-id-0123456789"
    smtp.inbox.wait_for(person.email, timeout=30)

    def since_then():
        return mail_path.log.read_text()[before:]

    assert wait_until(lambda: "succeeded" in since_then())
    lines = [json.loads(line) for line in since_then().splitlines() if line.startswith("{")]
    # What the task logs while it runs (here: that it succeeded) names the request; the
    # line saying it was received comes before, from the worker's consumer.
    ran = [
        line
        for line in lines
        if "deliver_email" in line["message"] and "succeeded" in line["message"]
    ]
    assert [line["request_id"] for line in ran] == ["proxy-id-0123456789"], lines
    assert person.email not in mail_path.log.read_text()
