"""Settings for the test suite: fast hashing, mail kept in memory."""

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, env

DEBUG = False
SECRET_KEY = "test-only-key-" + "x" * 40
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Mail goes out at once whatever the hour the suite runs; the quiet-hours tests turn them on.
QUIET_HOURS = None
MFA_ENCRYPTION_KEY = ["fj8vUL4d2CYYgY3YjP_CUp-u1VuVhXGyrTI2W4ESGi0="]
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="optional")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A file, not memory, so that a server started by a test (gunicorn) can read the same database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".pytest-db.sqlite3")}

# Serve static files straight from the source folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Passkeys on http://127.0.0.1 and the test servers (production is https only).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
