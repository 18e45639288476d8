"""Local development: debug on, mail printed to the console.

Email verification is mandatory here too, as in production: with it optional, signing up with
an address that already has an account would say so, and tell anyone who has an account.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# An empty value (a .env copied from .env.example, not filled in) counts as unset here.
SECRET_KEY = env("SECRET_KEY", default="") or "development-only-key-never-use-in-production"
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
MFA_ENCRYPTION_KEY = [key for key in env.list("MFA_ENCRYPTION_KEY", default=[]) if key] or [
    "f2Zjy_rc0D-wvU6TMYQiX1lg0Zos71QEy9Kr9GQvYFc="
]

# Serve static files straight from the source folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Passkeys on http://127.0.0.1 and the test servers (production is https only).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
