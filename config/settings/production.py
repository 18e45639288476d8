"""Production: HTTPS only, no default secret, mail verification required.

Chosen with DJANGO_SETTINGS_MODULE=config.settings.production.
"""

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CACHES, env

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env("SECRET_KEY", default="")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a long random value (50+ characters), for example the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(64))'`."
    )

ACCOUNT_EMAIL_VERIFICATION = "mandatory"

# Sign-up needs a verification email, so production must say where mail goes; printing it
# to the console is allowed only when asked for by name (e.g. to try docker-compose).
EMAIL_BACKEND = env("EMAIL_BACKEND", default="")
if not EMAIL_BACKEND:
    raise ImproperlyConfigured(
        "Set EMAIL_BACKEND (and EMAIL_HOST etc.), e.g. "
        "django.core.mail.backends.smtp.EmailBackend: people must receive verification emails."
    )

# Cached reports are invalidated by version tokens kept in the cache, and the rate limits on
# logins, sign-ups, password resets and code guesses count there: every web worker must see
# the same cache, and one that forgets everything (dummy) would switch the limits off.
if any(kind in CACHES["default"]["BACKEND"].lower() for kind in ("locmem", "dummy")):
    raise ImproperlyConfigured(
        "Set CACHE_URL to a cache all web workers share, e.g. redis://redis:6379/0, or "
        "filecache:///var/tmp/commonground-cache for a single machine."
    )

# Mail is sent by the worker, never inside a request: production needs a broker.
if not env("CELERY_BROKER_URL", default=""):
    raise ImproperlyConfigured(
        "Set CELERY_BROKER_URL to the broker the worker reads, e.g. redis://redis:6379/1, and "
        "run `celery -A config worker` and `celery -A config beat` beside the web servers."
    )

# Authenticator secrets are encrypted with a key that lives outside the database.
MFA_ENCRYPTION_KEY = env.list("MFA_ENCRYPTION_KEY", default=[])
try:
    [Fernet(key) for key in MFA_ENCRYPTION_KEY or [""]]
except ValueError:
    raise ImproperlyConfigured(
        "Set MFA_ENCRYPTION_KEY to a Fernet key (older keys may follow, comma-separated), "
        "for example the output of `python -c "
        "'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`."
    ) from None

# HTTPS: the app sits behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
