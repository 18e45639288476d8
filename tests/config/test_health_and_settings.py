import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.subprocess_env import clean_env

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMN"


def run_manage(*args, **env):
    defaults = {
        "DATABASE_URL": "sqlite:///:memory:",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "CACHE_URL": "filecache:///tmp/commonground-check-cache",
        "MFA_ENCRYPTION_KEY": "fj8vUL4d2CYYgY3YjP_CUp-u1VuVhXGyrTI2W4ESGi0=",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/1",
    }
    environment = clean_env(**{**defaults, **env})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    # Answered before the security middleware, it still carries the locked-down headers.
    assert response["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_healthz_answers_any_host_name(client):
    # Probes call it by IP address; it must not need ALLOWED_HOSTS.
    assert client.get("/healthz", HTTP_HOST="10.1.2.3:8000").status_code == 200


def test_production_settings_pass_the_deploy_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="commonground.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("key", [None, "short", "django-insecure-" + "x" * 60])
def test_production_refuses_to_start_without_a_real_secret_key(key):
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.production"}
    if key is not None:
        env["SECRET_KEY"] = key
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/about/", "/accounts/login/", "/accounts/signup/"])
def test_pages_load_nothing_from_other_sites(client, url):
    html = client.get(url).content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    foreign = [s for s in sources if s.startswith(("http:", "https:", "//"))]
    # The one outside address is the quick-exit link, which a person follows on purpose.
    assert foreign == ["https://www.wikipedia.org/"]


def test_production_refuses_to_start_without_a_mail_backend():
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=STRONG_KEY,
        EMAIL_BACKEND="",
    )
    assert result.returncode != 0
    assert "Set EMAIL_BACKEND" in result.stderr


def test_production_refuses_to_start_without_a_broker():
    """Without one, mail would be sent inside requests."""
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=STRONG_KEY,
        CELERY_BROKER_URL="",
    )
    assert result.returncode != 0
    assert "Set CELERY_BROKER_URL" in result.stderr


@pytest.mark.parametrize("cache", ["locmemcache://", "dummycache://"])
def test_production_refuses_a_cache_that_would_switch_rate_limits_off(cache):
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=STRONG_KEY,
        CACHE_URL=cache,
    )
    assert result.returncode != 0
    assert "Set CACHE_URL" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/partner/invite/", "/api/v1/behaviors/", "/account/"])
def test_pages_for_signed_in_people_are_never_stored(client, single, url):
    client.force_login(single)
    response = client.get(url)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_every_setting_from_the_environment_is_documented():
    """Someone deploying reads the README's Configuration table, so nothing is left out."""
    import re

    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    sources = [*(ROOT / "config" / "settings").glob("*.py"), ROOT / "config" / "gunicorn.py"]
    names = set()
    for source in sources:
        text = source.read_text()
        names |= set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]+)\"", text))
        names |= set(re.findall(r"os\.environ\.get\(\s*\"([A-Z][A-Z0-9_]+)\"", text))
    compose = (ROOT / "docker-compose.yml").read_text()
    names |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]+)", compose))
    assert len(names) > 20
    missing = sorted(name for name in names if f"`{name}`" not in table)
    assert missing == []
    # .env.example lists every one of them too, set or commented out.
    example = (ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, re.MULTILINE))
    assert sorted(names - listed) == []


def test_compose_runs_web_containers_behind_the_one_proxy_it_trusts():
    import yaml

    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    web, migrate, proxy = services["web"], services["migrate"], services["proxy"]
    assert web["environment"]["ALLAUTH_TRUSTED_PROXY_COUNT"] == "${ALLAUTH_TRUSTED_PROXY_COUNT:-1}"
    assert "ports" not in web, "only the proxy may reach the web containers"
    assert web["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert migrate["environment"] == web["environment"]
    assert "migrate" in migrate["command"] and "migrate" not in web["command"]
    assert "443:443" in proxy["ports"]
    mounted = [volume.split(":")[0] for volume in proxy["volumes"]]
    assert "./deploy/Caddyfile" in mounted and (ROOT / "deploy" / "Caddyfile").exists()


def test_make_run_asks_new_people_to_confirm_their_address_as_production_does():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.ACCOUNT_EMAIL_VERIFICATION)",
        DJANGO_SETTINGS_MODULE="config.settings.development",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "mandatory"
