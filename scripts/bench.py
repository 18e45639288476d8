"""Benchmark: the report page against a trivial view, served by one gunicorn in one run.

Production settings on PostgreSQL (and Redis for the cache when it answers), load from wrk
on loopback. Prints requests per second and p50/p99 latency of both, and their ratio.

    make bench            # or: .venv/bin/python scripts/bench.py --seconds 15 --behaviors 200
"""

import argparse
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/commonground_bench"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django() -> None:
    """Django in this process, against the benchmark's database, migrated."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed(behaviors: int) -> tuple[str, int]:
    """A couple with a completed check-in; returns a logged-in session cookie and its id."""
    setup_django()
    from django.test import Client

    alex, blair, couple = _linked_couple()
    _add_own_behaviors(couple, behaviors)
    checkin = _finished_checkin(alex, blair)
    client = Client()
    client.force_login(alex)
    return client.cookies["sessionid"].value, checkin.pk


def _linked_couple():
    from boundaries import services as boundary_services
    from boundaries.models import User

    suffix = secrets.token_hex(4)
    alex = User.objects.create_user(f"alex-{suffix}@bench.example", "bench pass phrase")
    blair = User.objects.create_user(f"blair-{suffix}@bench.example", "bench pass phrase")
    invitation = boundary_services.invitation_create(inviter=alex)
    return alex, blair, boundary_services.invitation_accept(user=blair, code=invitation.code)


def _add_own_behaviors(couple, behaviors: int) -> None:
    """Enough behaviors of the couple's own for the report to have `behaviors` rows."""
    from boundaries.models import Behavior, Category

    category = Category.objects.first()
    extra = max(0, behaviors - Behavior.objects.catalog().active().count())
    Behavior.objects.bulk_create(
        [
            Behavior(couple=couple, title_en=f"Bench behavior {n}", category=category)
            for n in range(extra)
        ]
    )


def _finished_checkin(alex, blair):
    """Both answer every behavior, with every kind of finding somewhere, and submit."""
    from assessments import selectors, services

    checkin = services.checkin_start(user=alex)
    ratings = ["ok", "not_ok", "depends"]
    for offset, person in enumerate((alex, blair)):
        answers = [
            {
                "behavior": pk,
                "if_i_do": ratings[(n + offset) % 3],
                "if_partner_does": ratings[(n * 2 + offset) % 3],
                "note": "depends on the day" if n % 5 == 0 else "",
            }
            for n, pk in enumerate(selectors.behavior_ids(checkin))
        ]
        services.answers_save(user=person, checkin=checkin, answers=answers)
        services.checkin_submit(user=person, checkin=checkin)
    return checkin


def production_env(*, database: str, cache: str, static_root: str, **extra: str) -> dict:
    """What docker-compose gives the web container, for a throwaway run on this machine; it
    is also put into this process's environment, so that seeding sees the same settings."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "MFA_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "DATABASE_URL": database,
        "CACHE_URL": cache,
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "STATIC_ROOT": static_root,
        # Tasks wait in each process's own queue: the bench measures pages, not mail.
        "CELERY_BROKER_URL": "memory://",
        **extra,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    os.environ.update(env)
    return env


def collectstatic(env: dict) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def start_gunicorn(env: dict, workers: int):
    """gunicorn as the Dockerfile starts it (config/gunicorn.py), with the given environment,
    on a free loopback port; (process, port). The access log is written as in production but
    to /dev/null, where a line per request would bury the results, or to the file named by
    BENCH_ACCESS_LOG (each line ends with the request's duration), to find the slow ones."""
    port = free_port()
    access_log = os.environ.get("BENCH_ACCESS_LOG")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "-b", f"127.0.0.1:{port}",
         "-w", str(workers), "--log-level", "warning"],
        cwd=ROOT, env=env,
        stdout=open(access_log, "w") if access_log else subprocess.DEVNULL,  # noqa: SIM115
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, port
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                sys.exit("gunicorn did not start")
            time.sleep(0.2)


def parse_wrk(out: str) -> dict:
    """Requests per second, p50/p99 in ms, and the non-2xx count from wrk --latency output."""

    def latency(label):
        value, unit = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def wrk(url: str, seconds: int, cookie: str | None, connections: int) -> dict:
    command = [
        "wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency",
        "-H", "X-Forwarded-Proto: https",
        url,
    ]  # fmt: skip
    if cookie:
        command[-1:-1] = ["-H", f"Cookie: sessionid={cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse_wrk(out)


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--behaviors", type=int, default=14)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk (or brew install wrk)")
    return args


def _measure(port: int, checkin_id: int, cookie: str, args) -> dict:
    """The three yardsticks, after a warm-up of the workers and the cache."""
    base = f"http://127.0.0.1:{port}"
    report_url = f"{base}/checkins/{checkin_id}/report/"
    load = {"cookie": cookie, "connections": args.connections}
    wrk(report_url, 2, **load)
    wrk(f"{base}/ping/", 2, **load)
    return {
        "trivial view": wrk(
            f"{base}/ping/", args.seconds, cookie=None, connections=args.connections
        ),
        "  signed in": wrk(f"{base}/ping/", args.seconds, **load),
        "report page": wrk(report_url, args.seconds, **load),
    }


def _print_results(results: dict, args, cache: str) -> None:
    print(
        f"\n{args.behaviors} behaviors, {args.workers} gunicorn workers, "
        f"cache {cache.split(':')[0]}, wrk 2 threads x {args.connections} connections, "
        f"{args.seconds} s each"
    )
    print(f"{'':14}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}")
    for name, result in results.items():
        print(
            f"{name:14}{result['rps']:>10.0f}{result['p50']:>10.2f}{result['p99']:>10.2f}"
            f"{result['errors']:>8}"
        )
    report = results["report page"]["rps"]
    print(f"report / trivial throughput: {report / results['trivial view']['rps']:.2f}")
    print(f"report / signed-in trivial throughput: {report / results['  signed in']['rps']:.2f}")


def main() -> int:
    args = _arguments()
    database = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    ensure_database(database)
    static_root = tempfile.mkdtemp(prefix="cg-bench-static-")
    cache = os.environ.get(
        "BENCH_CACHE_URL",
        "redis://127.0.0.1:6379/15" if redis_answers() else f"filecache://{static_root}-cache",
    )
    env = production_env(database=database, cache=cache, static_root=static_root)
    cookie, checkin_id = seed(args.behaviors)
    collectstatic(env)
    server, port = start_gunicorn(env, args.workers)
    try:
        results = _measure(port, checkin_id, cookie, args)
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(static_root, ignore_errors=True)
    _print_results(results, args, cache)
    return 1 if any(result["errors"] for result in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
