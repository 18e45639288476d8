"""API clients as allauth's app client makes them: log in, get an X-Session-Token."""

import time
from importlib import import_module

from django.conf import settings
from rest_framework.test import APIClient

from config.middleware import IdleTimeoutMiddleware
from tests.factories import PASSWORD

LOGIN = "/_allauth/app/v1/auth/login"
REAUTHENTICATE = "/_allauth/app/v1/auth/reauthenticate"
TWO_FACTOR = "/_allauth/app/v1/auth/2fa/authenticate"


def app_client(user, *, totp_secret=None) -> APIClient:
    """An API client that logged in as `user` (with the authenticator's current code when
    `totp_secret` is given); its token is `client.token`."""
    response = APIClient().post(LOGIN, {"email": user.email, "password": PASSWORD}, format="json")
    token = response.json()["meta"]["session_token"]
    client = APIClient(headers={"X-Session-Token": token})
    if totp_secret:
        from allauth.mfa.totp.internal.auth import (
            format_hotp_value,
            hotp_value,
            yield_hotp_counters_from_time,
        )

        counter = next(iter(yield_hotp_counters_from_time()))
        code = format_hotp_value(hotp_value(totp_secret, counter))
        response = client.post(TWO_FACTOR, {"code": code}, format="json")
        token = response.json()["meta"].get("session_token", token)
        client = APIClient(headers={"X-Session-Token": token})
    assert response.status_code == 200, response.content
    client.token = token
    return client


def confirm_password(client, password=PASSWORD):
    """Re-authenticate the client's token session, as before granting a therapist access."""
    return client.post(REAUTHENTICATE, {"password": password}, format="json")


def token_session(token):
    """The session behind a token (allauth's token is the session key)."""
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=token)


def let_token_sit_idle(token, *, minutes: int) -> None:
    store = token_session(token)
    store[IdleTimeoutMiddleware.key] = int(time.time()) - minutes * 60
    store.save()
