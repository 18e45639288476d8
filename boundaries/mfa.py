"""The second factor: who passed it in this session, and how its secrets are kept.

Therapists (for client data) and staff (for the admin) need a session that passed a second
factor, not only an account that has one: a session opened with the password alone, before an
authenticator was added, stays a password-only session.
"""

import base64
import time
from functools import cache
from types import SimpleNamespace

from allauth.account import app_settings as account_settings
from allauth.account.authentication import get_authentication_records
from allauth.account.signals import authentication_step_completed
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.twofactor.totp import TOTP
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ImproperlyConfigured
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

# Whose second factor this session passed, and with which authenticator; written when allauth
# says it happened. Tied to the authenticator: once that one is removed, the session has to
# pass the new one.
SESSION_KEY = "second_factor_passed"


def mark(user, authenticator_id) -> dict:
    return {"user": str(user.pk), "authenticator": authenticator_id}


@receiver(authentication_step_completed)
def _remember_second_factor(sender, request, user, method, **kwargs):
    if method == "mfa" and request is not None and user is not None:
        request.session[SESSION_KEY] = mark(user, kwargs.get("id"))


@receiver(authenticator_added)
def _setting_up_is_passing(sender, request, user, authenticator, **kwargs):
    """Turning on an authenticator app takes a code from it, and adding a passkey takes the
    device's fingerprint, face or PIN: this session has shown it has the factor, so it need
    not log in again before it sees client data."""
    shown = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
    if request is not None and authenticator.type in shown:
        request.session[SESSION_KEY] = mark(user, authenticator.pk)


def session_of(request) -> SessionBase:
    """The session behind a request: the API token's session, or else the browser's."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, SessionBase) else request.session


def session_recently_reauthenticated(request) -> bool:
    """Did this session confirm the password (or a second factor) again in the last minutes?

    Pages ask through allauth's decorator; API clients call allauth's
    /_allauth/app/v1/auth/reauthenticate with their token, which records it in the token's
    session, so the same records are read here, for that session.
    """
    holder = SimpleNamespace(session=session_of(request))
    records = get_authentication_records(holder, request.user)
    again = [record for record in records if record.get("reauthenticated")]
    if not again:
        return False
    return time.time() - again[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT


def passed_second_factor(request) -> bool:
    """Did this very session (browser cookie or API token) pass a second factor, for an
    account that still has one?"""
    user = request.user
    if not user.is_authenticated:
        return False
    passed = session_of(request).get(SESSION_KEY)
    if not isinstance(passed, dict) or passed.get("user") != str(user.pk):
        return False
    # One query: the authenticator it passed still exists, and the account still has a
    # second factor (recovery codes alone are not one).
    kinds = dict(Authenticator.objects.filter(user=user).values_list("pk", "type"))
    has_factor = any(kind != Authenticator.Type.RECOVERY_CODES for kind in kinds.values())
    return has_factor and passed.get("authenticator") in kinds


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "MFA_ENCRYPTION_KEY must be one or more Fernet keys (comma-separated, newest "
            "first), e.g. the output of `python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'`."
        ) from error


def encryption() -> MultiFernet:
    keys = tuple(key for key in settings.MFA_ENCRYPTION_KEY if key)
    if not keys:
        raise ImproperlyConfigured("Set MFA_ENCRYPTION_KEY: authenticator secrets are encrypted.")
    return _fernet(keys)


def is_encrypted(text: str) -> bool:
    try:
        encryption().decrypt(text.encode())
    except InvalidToken:
        return False
    return True


class MFAAdapter(DefaultMFAAdapter):
    """Authenticator secrets (the TOTP key, the recovery codes' seed) are stored encrypted.

    The key comes from the environment, never from the database: a copy of the database alone
    does not let anyone make a therapist's or an admin's codes.
    """

    # allauth's refusals, in our words (the keys are allauth's).
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "add_email_blocked": _(
            "With two-factor authentication on, a new address cannot be added. Turn it off "
            "first, add the address, then turn it on again."
        ),
        "cannot_delete_authenticator": _("Two-factor authentication has to stay on here."),
        "cannot_generate_recovery_codes": _(
            "Recovery codes come with two-factor authentication: turn that on first."
        ),
        "incorrect_code": _("That code did not work. Check it and try again."),
        "unverified_email": _(
            "Confirm your email address first, then turn on two-factor authentication."
        ),
    }

    def generate_authenticator_name(self, user, type) -> str:
        """The name a new passkey starts with; the person can change it."""
        count = Authenticator.objects.filter(user_id=user.pk, type=type).count()
        return _("Passkey %(n)d") % {"n": count + 1}

    def get_public_key_credential_rp_entity(self) -> dict[str, str]:
        """What the browser and the phone show when a passkey is made or used."""
        return {**super().get_public_key_credential_rp_entity(), "name": "Common Ground"}

    def encrypt(self, text: str) -> str:
        return encryption().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return encryption().decrypt(encrypted_text.encode()).decode()


def totp_set_up(user, secret: str) -> Authenticator:
    """An authenticator app for `user` with a known secret (base32): for demo and load-test
    accounts, whose secret is printed. People set theirs up on the pages."""
    return Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": MFAAdapter().encrypt(secret)}
    )


def totp_code(secret: str, at: float | None = None) -> str:
    """The code an authenticator app shows for `secret` now (or at `at`)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    totp = TOTP(key, 6, hashes.SHA1(), 30, enforce_key_length=False)  # noqa: S303 - RFC 6238
    return totp.generate(time.time() if at is None else at).decode()
