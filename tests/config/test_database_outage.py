"""PostgreSQL stops while the app runs, then comes back.

The test gets a PostgreSQL cluster of its own (the suite's must keep running), serves the
app from gunicorn with the production settings, stops the cluster under it and starts it
again: during the outage people get a calm 503 (JSON on the API) and never a 500, and
afterwards the same gunicorn serves them again by itself, with nothing committed lost.
"""

import json
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest

from tests.servers import call, free_port, manage, production_env, start_gunicorn, stop

DEMO_PASSWORD = "common-ground-demo"  # seed_demo's published password
ALEX = "alex@demo.example"
OUTAGE_SECONDS_TO_RECOVER = 20


def postgres_binaries() -> Path | None:
    """The newest of Debian's versioned folders, else the folder of pg_ctl on the PATH."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda pg_ctl: int(pg_ctl.parts[-3]) if pg_ctl.parts[-3].isdigit() else 0,
    )
    if versions:
        return versions[-1].parent
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


def has_user(name) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def skip_unless_ci(reason):
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the database outage test, but {reason}.")
    pytest.skip(reason)


class Cluster:
    """A throwaway PostgreSQL on a free loopback port, its files and socket in one folder.

    PostgreSQL refuses to run as root, so as root its tools run as the postgres user.
    """

    def __init__(self, binaries: Path, folder: Path):
        self.binaries = binaries
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()

    def url(self, database="postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def run(self, tool, *args, check=True):
        command = [str(self.binaries / tool), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        if check:
            log = self.folder / "postgres.log"
            detail = log.read_text() if log.exists() else ""
            assert done.returncode == 0, f"{tool}: {done.stdout}{done.stderr}{detail}"

    def init(self):
        self.run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    def start(self):
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder}"
        )
        log = str(self.folder / "postgres.log")
        self.run(
            "pg_ctl", "-D", str(self.data), "-l", log, "-o", options, "-w", "-t", "20", "start"
        )

    def stop(self, mode="fast", check=True):
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "20", "stop", check=check)


@pytest.fixture
def cluster():
    binaries = postgres_binaries()
    if binaries is None:
        skip_unless_ci("no PostgreSQL server binaries (initdb, pg_ctl) are installed")
    if os.geteuid() == 0 and not (shutil.which("runuser") and has_user("postgres")):
        skip_unless_ci("PostgreSQL refuses to run as root, and there is no postgres user to run as")
    folder = Path(tempfile.mkdtemp(prefix="cg-outage-"))
    cluster = Cluster(binaries, folder)
    try:
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        if (cluster.data / "postmaster.pid").exists():
            cluster.stop("immediate", check=False)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def app(cluster, tmp_path):
    """gunicorn on the cluster's database, migrated and seeded with the demo couple."""
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE commonground")
    url = cluster.url("commonground")
    env = production_env(tmp_path, url)
    manage(env, "migrate", "-v0")
    manage(env, "seed_demo", "--force")
    server, port = start_gunicorn(tmp_path, url)
    try:
        yield server, port, url
    finally:
        stop(server)


def cookie(response, name) -> str:
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return jar[name].value


def browser_login(port, email, password) -> str:
    """Sign in through the login form, as a browser does; the session cookie."""
    page, body = call(port, "GET", "/accounts/login/")
    csrf = cookie(page, "csrftoken")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body.decode()).group(1)
    form = {"csrfmiddlewaretoken": token, "login": email, "password": password}
    response, body = call(
        port,
        "POST",
        "/accounts/login/",
        body=urlencode(form),
        headers={
            "Cookie": f"csrftoken={csrf}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": "https://localhost/accounts/login/",
        },
    )
    assert response.status == 302, body
    return cookie(response, "sessionid")


def app_login(port, email, password):
    return call(
        port, "POST", "/_allauth/app/v1/auth/login", payload={"email": email, "password": password}
    )


def behaviors_of(url, checkin) -> list[int]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT behavior_id FROM assessments_checkinitem WHERE checkin_id = %s ORDER BY id",
            [checkin],
        )
        return [pk for (pk,) in rows]


def answers_in_database(url, checkin, email) -> list[tuple]:
    """(behavior, if_i_do, if_partner_does, note) of each stored answer, read directly."""
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT behavior_id, if_i_do, if_partner_does, note FROM assessments_answer"
            " JOIN boundaries_user ON boundaries_user.id = assessments_answer.user_id"
            " WHERE checkin_id = %s AND email = %s ORDER BY behavior_id",
            [checkin, email],
        ).fetchall()


def assert_calm(name, response, body):
    """The 503 of an outage: JSON on the API, the short-pause page for people."""
    assert response.status == 503, (name, body)
    if name == "health check":
        assert b"unreachable" in body
        return
    assert response.getheader("Retry-After") == "30", name
    if name.startswith("API"):
        assert response.getheader("Content-Type") == "application/json", name
        assert b"briefly unavailable" in body, name
    else:
        assert b"A short pause" in body, name


def test_the_app_rides_out_a_database_outage(app, cluster):
    server, port, url = app
    login, body = app_login(port, ALEX, DEMO_PASSWORD)
    assert login.status == 200, body
    api = {"X-Session-Token": json.loads(body)["meta"]["session_token"]}
    session = {"Cookie": f"sessionid={browser_login(port, ALEX, DEMO_PASSWORD)}"}
    started, body = call(port, "POST", "/api/v1/checkins/", headers=api)
    assert started.status == 201, body
    checkin = json.loads(body)["id"]
    answers_url = f"/api/v1/checkins/{checkin}/answers/"
    behaviors = behaviors_of(url, checkin)
    assert len(behaviors) >= 10
    saved = {}  # behavior -> what a 2xx answer to a save confirmed

    def save(pks, if_i_do, note):
        batch = [
            {"behavior": pk, "if_i_do": if_i_do, "if_partner_does": "depends", "note": note}
            for pk in pks
        ]
        response, body = call(port, "PUT", answers_url, payload=batch, headers=api)
        if 200 <= response.status < 300:
            saved.update({item["behavior"]: item for item in batch})
        return response, body

    # Each with what it answers while the database is up (the invitation code is unknown).
    requests = {
        "signed-in page": (200, lambda: call(port, "GET", "/", headers=session)),
        "page": (404, lambda: call(port, "GET", "/invite/ABCDEFGHJK/")),
        "API read": (200, lambda: call(port, "GET", answers_url, headers=api)),
        "API login": (200, lambda: app_login(port, ALEX, DEMO_PASSWORD)),
        "health check": (200, lambda: call(port, "GET", "/healthz", https=False)),
    }
    up = {(name, status) for name, (status, _) in requests.items()}

    def statuses():
        return {(name, send()[0].status) for name, (_, send) in requests.items()}

    # 1. Answers saved before the outage.
    for n in range(6):
        response, body = save(behaviors[n : n + 1], ["ok", "not_ok", "depends"][n % 3], "before")
        assert response.status == 200, body

    # 2. The outage: calm 503s, never a 500, and gunicorn keeps going.
    cluster.stop("fast")
    for _ in range(2):  # both workers, most likely
        for name, (_, send) in requests.items():
            assert_calm(name, *send())
    assert_calm("API write", *save(behaviors[9:10], "ok", "during"))
    assert server.poll() is None, "gunicorn must keep running"

    # 3. The database is back: the same gunicorn serves again by itself, within a bounded wait.
    cluster.start()
    deadline = time.monotonic() + OUTAGE_SECONDS_TO_RECOVER
    answers = statuses()
    while answers != up and time.monotonic() < deadline:
        time.sleep(0.5)
        answers = statuses()
    assert answers == up
    for _ in range(3):  # every worker, not just the first to reconnect
        assert statuses() == up
    # A restart between two requests goes unnoticed: no worker keeps a dead connection.
    cluster.stop("fast")
    cluster.start()
    for _ in range(3):
        assert statuses() == up
    home, body = call(port, "GET", "/", headers=session)
    assert home.status == 200
    assert b"Hello, Alex" in body, "still signed in"
    assert f"{len(saved)} of {len(behaviors)} answered".encode() in body
    response, body = save(behaviors[6:9], "not_ok", "after")
    assert response.status == 200, body
    assert server.poll() is None

    # 4. Every answer confirmed before and after is stored once, as saved; the refused one not.
    stored = answers_in_database(url, checkin, ALEX)
    stored_behaviors = [row[0] for row in stored]
    assert len(set(stored_behaviors)) == len(stored), "an answer is stored twice"
    assert behaviors[9] not in stored_behaviors, "the save refused during the outage"
    assert {row[0]: row[1:] for row in stored} == {
        pk: (item["if_i_do"], item["if_partner_does"], item["note"]) for pk, item in saved.items()
    }
