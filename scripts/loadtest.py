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
    start_gunicorn,
)
from scripts.loadtest_mail import (  # noqa: E402
    SMTP_DELAY,
    mail_problems,
    start_mail,
    start_worker,
    time_proposals,
    wait_for_mail,
)
from scripts.loadtest_seed import seed  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/commonground_loadtest"


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


def save_share(script: str) -> float:
    """The share of the mix's requests that save answers: each wrk thread goes round the
    list in order, so the measured requests keep it (to within one round)."""
    return script.count('{"PUT", ') / script.count("table.insert(requests")


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
        warm_up["proposal_ms"] = time_proposals(port, plan)
        return warm_up, out
    finally:
        server.terminate()
        server.wait(timeout=10)


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
    share = plan["save_share"]
    print(f"saves of answers: {share:.0%} of the mix, about {total * share:.0f}, "
          f"{result['rps'] * share:.1f} per second")  # fmt: skip
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
    if not redis_answers():
        sys.exit("Redis is needed on 127.0.0.1:6379 (the cache and the worker's broker)")
    static_root = tempfile.mkdtemp(prefix="cg-load-static-")
    controller, sink, mail_settings = start_mail()
    env = production_env(
        database=database,
        cache="redis://127.0.0.1:6379/14",
        static_root=static_root,
        # The load is many requests from a few accounts on one address: lift the limits.
        API_THROTTLE_USER="1000000/min",
        API_THROTTLE_ANON="1000000/min",
        **mail_settings,
    )
    collectstatic(env)
    from datetime import UTC, datetime

    since = datetime.now(UTC)
    plan = seed(args.couples)
    script = Path(static_root) / "mixed.lua"
    script.write_text(lua_script(plan))
    plan["save_share"] = save_share(script.read_text())
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
