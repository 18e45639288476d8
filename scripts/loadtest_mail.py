"""The load test's mail: a slow SMTP server on loopback (it takes SMTP_DELAY seconds per
message, as a busy mail provider might, and counts what arrives), the Celery worker that
sends to it, and the checks that every email arrived once and no request waited for one."""

import asyncio
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import redis
from aiosmtpd.controller import Controller

BROKER = "redis://127.0.0.1:6379/13"
SMTP_DELAY = 0.5


class SlowSink:
    def __init__(self, delay: float):
        self.delay = delay
        self.received: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        self.received.extend(envelope.rcpt_tos)
        return "250 OK"


def start_sink(delay: float) -> tuple[Controller, SlowSink, int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    sink = SlowSink(delay)
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, sink, port


def start_mail() -> tuple[Controller, SlowSink, dict]:
    """The sink, an empty queue, and the settings that point the app at both."""
    redis.Redis.from_url(BROKER).flushdb()
    controller, sink, port = start_sink(SMTP_DELAY)
    return (
        controller,
        sink,
        {
            "CELERY_BROKER_URL": BROKER,
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(port),
            "EMAIL_USE_TLS": "false",
        },
    )


def time_proposals(port: int, plan: dict, count: int = 20) -> float:
    """The median time of a request that queues an email (a proposal), one at a time on the
    quiet server: it is well under the SMTP server's half second, as no request sends mail."""
    import http.client
    import statistics

    saver = next(s for s in plan["savers"] if s["proposes"])
    times = []
    for n in range(count):
        body = json.dumps({"behavior": saver["behaviors"][n % 3], "decision": "not_ok"})
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        started = time.monotonic()
        conn.request("POST", "/api/v1/agreements/", body=body, headers={
            "X-Session-Token": saver["token"], "X-Forwarded-Proto": "https",
            "Content-Type": "application/json", "Host": "127.0.0.1",
        })  # fmt: skip
        response = conn.getresponse()
        response.read()
        times.append((time.monotonic() - started) * 1000)
        conn.close()
        if response.status != 201:
            sys.exit(f"a proposal failed: {response.status}")
    return statistics.median(times)


def start_worker(env) -> subprocess.Popen:
    """A Celery worker as docker-compose's `worker` service runs it (two processes)."""
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", "2",
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle"],
        cwd=Path(__file__).resolve().parent.parent, env=env,
    )  # fmt: skip
    return worker


def wait_for_mail(sink, since, timeout=120) -> dict:
    """Once the load is over: wait until the outbox has nothing left to send; what it says
    of this run's emails."""
    from notifications.models import Email

    deadline = time.monotonic() + timeout
    ours = Email.objects.filter(created_at__gte=since)
    waiting = ours.filter(status__in=[Email.Status.PENDING, Email.Status.SENDING])
    while waiting.exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    return {
        "queued": ours.count(),
        "sent": ours.filter(status=Email.Status.SENT).count(),
        "left": waiting.count(),
        "arrived": len(sink.received),
    }


def mail_problems(mail: dict) -> list[str]:
    problems = []
    if not mail["queued"]:
        problems.append("no email was queued")
    if mail["left"] or mail["sent"] != mail["queued"]:
        problems.append(f"{mail['queued'] - mail['sent']} emails not delivered")
    if mail["arrived"] != mail["sent"]:
        problems.append(f"{mail['arrived']} arrived for {mail['sent']} sent")
    return problems
