"""Load test: a mixed load on gunicorn with production settings, PostgreSQL and Redis.

Partners save answers and read reports while a therapist reads the dashboard, for 60 s at
a concurrency that saturates the machine. Prints throughput, p50/p99 and the error count,
then checks the database: no lost and no duplicated answers.

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

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/commonground_loadtest"
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


def _person(name, **extra):
    from allauth.account.models import EmailAddress

    from boundaries.models import User

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
        {"token": _token_for(p), "checkin": checkin.pk, "behaviors": ids, "user": p.pk}
        for p in (a, b)
    ]


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


def _run_load(env, script: Path, args) -> tuple[dict, str]:
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
        return warm_up, wrk(args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=10)


def _report(plan: dict, warm_up: dict, out: str, args) -> int:
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
    return 1 if error_count or problems or socket_errors else 0


def main() -> int:
    args = _arguments()
    database = os.environ.get("LOADTEST_DATABASE_URL", DEFAULT_DB)
    ensure_database(database)
    static_root = tempfile.mkdtemp(prefix="cg-load-static-")
    cache = "redis://127.0.0.1:6379/14" if redis_answers() else f"filecache://{static_root}-cache"
    env = production_env(
        database=database,
        cache=cache,
        static_root=static_root,
        # The load is many requests from a few accounts on one address: lift the limits.
        API_THROTTLE_USER="1000000/min",
        API_THROTTLE_ANON="1000000/min",
    )
    collectstatic(env)
    plan = seed(args.couples)
    script = Path(static_root) / "mixed.lua"
    script.write_text(lua_script(plan))
    try:
        warm_up, out = _run_load(env, script, args)
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    return _report(plan, warm_up, out, args)


if __name__ == "__main__":
    sys.exit(main())
