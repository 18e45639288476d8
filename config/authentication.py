"""API authentication: allauth's headless session token, answered with a proper 401."""

from importlib import import_module

from allauth.headless.contrib.rest_framework.authentication import XSessionTokenAuthentication
from allauth.headless.tokens.strategies.sessions import SessionTokenStrategy
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from drf_spectacular.extensions import OpenApiAuthenticationExtension

from config.middleware import token_session_ended


class OneQuerySessionTokenStrategy(SessionTokenStrategy):
    """allauth's token (the session key), looked up in one query instead of two.

    allauth asks whether the session exists, then loads it: two queries on every API
    request. Loading it is enough, as allauth does for its own endpoints: a missing or
    expired session comes back without a key, and the token counts as unknown.
    """

    def lookup_session(self, session_token: str):
        session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_token)
        session.get(SESSION_KEY)  # loads it
        return session if session.session_key else None


class SessionTokenAuthentication(XSessionTokenAuthentication):
    """The token allauth's app client gets from /_allauth/app/v1/auth/login.

    allauth's class names no scheme, so DRF would answer a missing login with 403. Naming the
    header makes it a 401, which tells a client to log in rather than that it may not.
    Token sessions end after the same idle time as browser sessions.
    """

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user, session = result
        if token_session_ended(session):
            return None
        return user, session

    def authenticate_header(self, request):
        return "X-Session-Token"


class SessionTokenScheme(OpenApiAuthenticationExtension):
    target_class = SessionTokenAuthentication
    name = "sessionToken"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "X-Session-Token"}
