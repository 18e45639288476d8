"""Load test: a mixed load on gunicorn with production settings, PostgreSQL and Redis, and
a Celery worker sending mail to a slow SMTP server on loopback.

Partners save answers, read reports and propose boundaries (each proposal emails the other
partner) while a therapist reads the dashboard, for 60 s at a concurrency that saturates
the machine. Prints throughput, p50/p99 and the error count, then checks the database (no
lost and no duplicated answers) and the mail (every email queued arrived, once; the SMTP
server's half second per message never shows in the requests' latency).

    make loadtest          # or: .venv/bin/python scripts/loadtest.py --seconds 60 --couples 20
"""

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scripts.bench import (  # noqa: E402
    collectstatic,
    ensure_database,
    parse_wrk,
    production_env,
    redis_answers,
    setup_django,
    start_gunicorn,
)
from scripts.mail_sink import start_sink  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/commonground_loadtest"
BROKER = "redis://127.0.0.1:6379/13"
SMTP_DELAY = 0.5
PASSWORD = "load test pass phrase"  # noqa: S105 - throwaway accounts in a throwaway database


RUN = secrets.token_hex(3)
THERAPIST_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - a throwaway test account


def seed(couples: int) -> dict:
    """Couples mid check-in, one couple with a finished report, a therapist of them all."""
    setup_django()
    therapist = _therapist()
    report = _couple_with_report(therapist)
    savers = [saver for n in range(1, couples + 1) for saver in _couple_saving(n, therapist)]
    return {
        "savers": savers,
        "report": report,
        "therapist": _token_for(therapist, THERAPIST_SECRET),
    }


def _daytime_zone() -> str:
    """A time zone where it is the middle of the day now, so that no email of the run waits
    for the end of the quiet hours (21:00 to 08:00 local)."""
    import zoneinfo
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    for hours in range(-12, 15):
        name = f"Etc/GMT{-hours:+d}" if hours else "Etc/UTC"  # Etc/GMT-2 is UTC+2
        if 10 <= now.astimezone(zoneinfo.ZoneInfo(name)).hour <= 16:
            return name
    return "Etc/UTC"


def _person(name, **extra):
    from allauth.account.models import EmailAddress

    from boundaries.models import User

    extra.setdefault("time_zone", _daytime_zone())
    user = User.objects.create_user(f"{name}-{RUN}@load.example", PASSWORD, **extra)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _token_for(user, totp_secret=None) -> str:
    """An API token, logged in as a real client would (with the code, for the therapist)."""
    from django.core.cache import cache
    from django.test import Client

    from boundaries.mfa import totp_code

    # Dozens of logins from one address within a minute is exactly what allauth's rate
    # limit stops; this cache (its own Redis database) holds nothing else yet.
    cache.clear()
    # As the real server sees it: HTTPS behind the proxy, on the allowed host.
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    response = client.post(
        "/_allauth/app/v1/auth/login",
        {"email": user.email, "password": PASSWORD},
        content_type="application/json",
    )
    if response.get("Content-Type") != "application/json":
        sys.exit(f"login for the load test failed: {response.status_code} {response.content[:300]}")
    token = response.json()["meta"]["session_token"]
    if not totp_secret:
        return token
    second = client.post(
        "/_allauth/app/v1/auth/2fa/authenticate",
        {"code": totp_code(totp_secret)},
        content_type="application/json",
        HTTP_X_SESSION_TOKEN=token,
    ).json()
    # Completing the login starts a new session, with a new token.
    return second["meta"].get("session_token", token)


def _therapist():
    from boundaries.mfa import totp_set_up
    from boundaries.models import User
    from boundaries.services import therapists as therapist_services

    therapist = _person("therapist", kind=User.Kind.THERAPIST)
    totp_set_up(therapist, THERAPIST_SECRET)
    therapist_services.profile_save(
        user=therapist,
        name="Dr. Load",
        credentials="LMFT",
        practice="Load",
        licensed_in="Loopback",
        contact_email=therapist.email,
    )
    return therapist


def _couple_in_checkin(n: int, therapist):
    """(a, b, check-in): a linked couple who let the therapist in and started a check-in."""
    from assessments import services
    from boundaries import services as linking
    from boundaries.services import therapists as therapist_services

    a, b = _person(f"a{n}"), _person(f"b{n}")
    linking.invitation_accept(user=b, code=linking.invitation_create(inviter=a).code)
    code = therapist_services.invitation_create(therapist=therapist).code
    link = therapist_services.connect(user=a, code=code)
    therapist_services.consent(user=b, link_id=link.pk)
    return a, b, services.checkin_start(user=a)


def _couple_with_report(therapist) -> dict:
    """The couple whose finished report is read during the load."""
    from assessments import selectors, services

    a, b, checkin = _couple_in_checkin(0, therapist)
    answers = [
        {"behavior": pk, "if_i_do": "ok", "if_partner_does": "depends"}
        for pk in selectors.behavior_ids(checkin)
    ]
    for person in (a, b):
        services.answers_save(user=person, checkin=checkin, answers=answers)
        services.checkin_submit(user=person, checkin=checkin)
    return {"token": _token_for(a), "checkin": checkin.pk}


def _couple_saving(n: int, therapist) -> list[dict]:
    """Both partners of a couple mid check-in, who save answers during the load."""
    from assessments import selectors

    a, b, checkin = _couple_in_checkin(n, therapist)
    ids = selectors.behavior_ids(checkin)
    return [
        {"token": _token_for(p), "checkin": checkin.pk, "behaviors": ids, "user": p.pk,
         "proposes": p == a}
        for p in (a, b)
    ]  # fmt: skip


LUA = """
local requests = {}
local n = 0
%s
request = function()
  n = n + 1
  local r = requests[(n %% #requests) + 1]
  return wrk.format(r[1], r[2], r[3], r[4])
end
"""


def lua_script(plan: dict) -> str:
    lines = []

    def add(method, path, token, body=None):
        headers = {
            "X-Session-Token": token,
            "X-Forwarded-Proto": "https",
            "Content-Type": "application/json",
        }
        header_lua = "{" + ", ".join(f'["{k}"]="{v}"' for k, v in headers.items()) + "}"
        # A JSON text as a Lua string literal: JSON's string escapes are valid Lua ones.
        body_lua = json.dumps(json.dumps(body)) if body is not None else "nil"
        lines.append(f'table.insert(requests, {{"{method}", "{path}", {header_lua}, {body_lua}}})')

    ratings = ["ok", "not_ok", "depends"]
    for index, saver in enumerate(plan["savers"]):
        for n, behavior in enumerate(saver["behaviors"]):
            body = [
                {
                    "behavior": behavior,
                    "if_i_do": ratings[(n + index) % 3],
                    "if_partner_does": ratings[n % 3],
                }
            ]
            add("PUT", f"/api/v1/checkins/{saver['checkin']}/answers/", saver["token"], body)
        if saver["proposes"]:  # each proposal emails the partner, through the worker
            proposal = {"behavior": saver["behaviors"][index % 3], "decision": "ok"}
            add("POST", "/api/v1/agreements/", saver["token"], proposal)
        # Between saves: read the finished report, and the therapist reads the dashboard.
        add("GET", f"/api/v1/checkins/{plan['report']['checkin']}/report/", plan["report"]["token"])
        add("GET", "/api/v1/therapist/couples/?sort=activity", plan["therapist"])
    return LUA % "\n".join(lines)


def check_database(plan: dict) -> list[str]:
    """Every saver's answers exist once per behavior: none lost, none duplicated."""
    from django.db.models import Count

    from assessments.models import Answer

    problems = []
    for saver in plan["savers"]:
        rows = Answer.objects.filter(checkin_id=saver["checkin"], user_id=saver["user"])
        counts = dict(rows.values_list("behavior_id").annotate(n=Count("pk")))
        missing = [pk for pk in saver["behaviors"] if pk not in counts]
        doubled = [pk for pk, n in counts.items() if n > 1]
        if missing:
            problems.append(f"user {saver['user']}: {len(missing)} answers lost")
        if doubled:
            problems.append(f"user {saver['user']}: {len(doubled)} answers duplicated")
    return problems


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=5, help="seconds of load not measured")
    parser.add_argument("--couples", type=int, default=20)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk (or brew install wrk)")
    return args


def _run_load(env, script: Path, args, plan) -> tuple[dict, str]:
    """(the warm-up's figures, wrk's output of the measured run) against gunicorn."""
    server, port = start_gunicorn(env, args.workers)

    def wrk(seconds):
        return subprocess.run(
            ["wrk", "-t2", f"-c{args.connections}", f"-d{seconds}s", "--latency",
             "-s", str(script), f"http://127.0.0.1:{port}"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip

    try:
        # Each worker's first requests open its database connection and fill its caches;
        # that start-up is not what the figures are about, but its errors would count.
        warm_up = parse_wrk(wrk(args.warmup)) if args.warmup else {"errors": 0}
        out = wrk(args.seconds)
        warm_up["proposal_ms"] = _time_proposals(port, plan)
        return warm_up, out
    finally:
        server.terminate()
        server.wait(timeout=10)


def _time_proposals(port: int, plan: dict, count: int = 20) -> float:
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


def _report(plan: dict, warm_up: dict, out: str, args, mail: dict) -> int:
    """Print the figures and the database check; the exit status (1 on any error)."""
    result = parse_wrk(out)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    error_count = result["errors"] + warm_up["errors"]
    socket_errors = re.search(r"Socket errors: (.*)", out)
    problems = check_database(plan)
    print(
        f"\nmixed load: {len(plan['savers'])} partners saving answers, one reading a report, "
        f"a therapist reading the dashboard of {args.couples + 1} couples"
    )
    print(f"{args.workers} gunicorn workers, wrk 2 threads x {args.connections} connections, "
          f"{args.seconds} s after {args.warmup} s of warm-up")  # fmt: skip
    print(f"requests: {total}, {result['rps']:.0f} req/s, p50 {result['p50']:.1f} ms, "
          f"p99 {result['p99']:.1f} ms")  # fmt: skip
    print(f"errors: {error_count} non-2xx" + (f"; socket {socket_errors.group(1)}"
                                               if socket_errors else ""))  # fmt: skip
    print("database: " + ("no lost or duplicated answers" if not problems else "; ".join(problems)))
    trouble = mail_problems(mail)
    print(
        f"mail: {mail['queued']} emails queued, {mail['sent']} sent by the worker, "
        f"{mail['arrived']} arrived at an SMTP server taking {SMTP_DELAY} s each"
        + (f"; {'; '.join(trouble)}" if trouble else "; none lost, none twice")
    )
    print(
        f"a request that queues an email (a proposal), after the load: median "
        f"{warm_up['proposal_ms']:.0f} ms, while the SMTP server takes {SMTP_DELAY * 1000:.0f} ms"
    )
    return 1 if error_count or problems or socket_errors or trouble else 0


def main() -> int:
    args = _arguments()
    database = os.environ.get("LOADTEST_DATABASE_URL", DEFAULT_DB)
    ensure_database(database)
    static_root = tempfile.mkdtemp(prefix="cg-load-static-")
    cache = "redis://127.0.0.1:6379/14" if redis_answers() else f"filecache://{static_root}-cache"
    if not redis_answers():
        sys.exit("Redis is needed on 127.0.0.1:6379 (the worker's broker)")
    import redis

    redis.Redis.from_url(BROKER).flushdb()
    controller, sink, smtp_port = start_sink(SMTP_DELAY)
    env = production_env(
        database=database,
        cache=cache,
        static_root=static_root,
        # The load is many requests from a few accounts on one address: lift the limits.
        API_THROTTLE_USER="1000000/min",
        API_THROTTLE_ANON="1000000/min",
        CELERY_BROKER_URL=BROKER,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        EMAIL_USE_TLS="false",
    )
    collectstatic(env)
    from datetime import UTC, datetime

    since = datetime.now(UTC)
    plan = seed(args.couples)
    script = Path(static_root) / "mixed.lua"
    script.write_text(lua_script(plan))
    worker = start_worker(env)
    try:
        warm_up, out = _run_load(env, script, args, plan)
        mail = wait_for_mail(sink, since)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        controller.stop()
        shutil.rmtree(static_root, ignore_errors=True)
    return _report(plan, warm_up, out, args, mail)


if __name__ == "__main__":
    sys.exit(main())
