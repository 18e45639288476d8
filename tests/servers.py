"""Servers that tests start in their own processes, and plain HTTP to talk to them.

gunicorn here runs exactly as in production (production settings, whitenoise, hashed static
names); only the database, the mail backend and the cache are the test's.
"""

import http.client
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.subprocess_env import clean_env

ROOT = Path(__file__).resolve().parents[1]
SECRET = "prod-path-" + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
MFA_KEY = "fj8vUL4d2CYYgY3YjP_CUp-u1VuVhXGyrTI2W4ESGi0="


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call(
    port, method, path, *, payload=None, body=None, headers=None, https=True, host="localhost"
):
    """One HTTP request to 127.0.0.1:port; (response, body). payload is sent as JSON."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    sent = {"Host": host, **(headers or {})}
    if https:
        sent["X-Forwarded-Proto"] = "https"
    if payload is not None:
        body = json.dumps(payload)
        sent["Content-Type"] = "application/json"
    try:
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        return response, response.read()
    finally:
        conn.close()


def request(port, path, *, https=True, host="localhost"):
    return call(port, "GET", path, https=https, host=host)


def post_json(port, path, payload):
    return call(port, "POST", path, payload=payload)


def production_env(tmp_path, db_url, *, cache_url=None, broker_url=None) -> dict:
    """What docker-compose gives the web container, pointed at the test's database."""
    return clean_env(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=SECRET,
        MFA_ENCRYPTION_KEY=MFA_KEY,
        DATABASE_URL=db_url,
        ALLOWED_HOSTS="localhost",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        CACHE_URL=cache_url or f"filecache://{tmp_path / 'cache'}",
        STATIC_ROOT=str(tmp_path / "static"),
        # Each process's own queue: tasks are accepted and wait (no worker in these tests).
        CELERY_BROKER_URL=broker_url or "memory://",
    )


def manage(env, *args):
    """`manage.py <args>` in its own process; the completed process (it must succeed)."""
    command = [sys.executable, "manage.py", *args]
    done = subprocess.run(command, cwd=ROOT, env=env, timeout=120, capture_output=True, text=True)
    assert done.returncode == 0, f"manage.py {' '.join(args)}:\n{done.stdout}{done.stderr}"
    return done


def start_gunicorn(tmp_path, db_url, *, workers=2, cache_url=None, env=None):
    """gunicorn as the Dockerfile starts it (config/gunicorn.py) on a free loopback port;
    (process, port). Its access log (stdout) is in tmp_path/access.log, everything else it and
    Django log (stderr) in tmp_path/gunicorn.log."""
    port = free_port()
    env = env or production_env(tmp_path, db_url, cache_url=cache_url)
    manage(env, "collectstatic", "--noinput", "-v0")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py"]
        + ["-b", f"127.0.0.1:{port}", "-w", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=(tmp_path / "access.log").open("w"),
        stderr=(tmp_path / "gunicorn.log").open("w"),
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, port
        except OSError:
            if server.poll() is not None:
                raise AssertionError((tmp_path / "gunicorn.log").read_text()) from None
            time.sleep(0.2)
    server.kill()
    raise AssertionError("gunicorn did not start within 30 s")


def stop(server):
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def start_worker(tmp_path, env):
    """A Celery worker as docker-compose's `worker` service runs it; returns once it is
    ready to take tasks. Its log is tmp_path/worker.log."""
    log = tmp_path / "worker.log"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo",
         "--loglevel", "INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if "ready." in log.read_text():
            return worker
        if worker.poll() is not None:
            raise AssertionError(log.read_text())
        time.sleep(0.2)
    worker.kill()
    raise AssertionError("the worker did not start within 60 s:\n" + log.read_text())


def database_url() -> str:
    """The test database, as a URL for a server or worker in another process."""
    from django.db import connection

    settings = connection.settings_dict
    if settings["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(settings['NAME']).resolve()}"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    port = settings["PORT"] or 5432
    host = settings["HOST"] or "127.0.0.1"
    return f"postgres://{settings['USER']}{password}@{host}:{port}/{settings['NAME']}"
