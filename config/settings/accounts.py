"""django-allauth's settings: email is the login, our adapter, forms and words, two-factor.
Part of base.py; development, test and production change what they need after it."""

import environ

env = environ.Env()

# Security notices from allauth: password or email changed, second factor added or removed.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# django-allauth: email is the login; no usernames.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "boundaries.forms.SignupExtraForm"
ACCOUNT_ADAPTER = "boundaries.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    name: f"boundaries.account_forms.{form}"
    for name, form in [
        ("login", "LoginForm"),
        ("change_password", "ChangePasswordForm"),
        ("set_password", "SetPasswordForm"),
        ("reset_password", "ResetPasswordForm"),
        ("reset_password_from_key", "ResetPasswordKeyForm"),
        ("add_email", "AddEmailForm"),
    ]
}
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Common Ground: "
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False  # this session stays; every other one ends
# Changing the email address (and so where a password reset goes) asks for the password again.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# Confirming it is you takes the password or the authenticator, never a code by email: an
# inbox is sometimes shared with the very person the confirmation keeps out.
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
HEADLESS_CLIENTS = ("app",)
HEADLESS_TOKEN_STRATEGY = "config.authentication.OneQuerySessionTokenStrategy"  # noqa: S105
# Passkeys (WebAuthn) for everyone: to log in without a password, and as a second factor.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
# A browser reaches a development server over plain http://127.0.0.1; production is https.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False
MFA_FORMS = {"add_webauthn": "boundaries.account_forms.PasskeyAddForm"}
MFA_TOTP_ISSUER = "Common Ground"
MFA_TOTP_TOLERANCE = 1  # one 30-second step either way, for phones whose clocks drift
MFA_ADAPTER = "boundaries.mfa.MFAAdapter"
# Fernet keys that encrypt authenticator secrets at rest, newest first (older ones still
# decrypt, for rotation). Development and tests set their own; production requires one.
MFA_ENCRYPTION_KEY = env.list("MFA_ENCRYPTION_KEY", default=[])
HEADLESS_ONLY = False
