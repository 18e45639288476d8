"""Personas shared by every test: two partners of one couple, an outsider, a single person."""

import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from rest_framework.test import APIClient

from config.middleware import IdleTimeoutMiddleware
from tests.factories import CoupleFactory, UserFactory, make_therapist
from tests.seeded import keep_seeded_rows


def mark_session(client, user):
    """A session as one in use: the idle-timeout stamp is fresh (so query counts measure the
    page itself), and someone with an authenticator passed it at login (as boundaries.mfa
    records it when allauth says so)."""
    from allauth.mfa.models import Authenticator

    from boundaries.mfa import SESSION_KEY, mark

    session = client.session
    session[IdleTimeoutMiddleware.key] = int(time.time())
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None:
        session[SESSION_KEY] = mark(user, totp.pk)
    session.save()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as migrate made it, with its seeded rows kept for the tests that
    must put them back (tests/seeded.py)."""
    with django_db_blocker.unblock():
        keep_seeded_rows()


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A request leaves its language active in the thread (as Django's LocaleMiddleware
    does); the next test starts in English again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # allauth keeps its rate-limit counters in the cache; each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def partner_a(db):
    return UserFactory(display_name="Alex", email="alex@example.com")


@pytest.fixture
def partner_b(db):
    return UserFactory(display_name="Blair", email="blair@example.com")


@pytest.fixture
def couple(partner_a, partner_b):
    return CoupleFactory(partners=(partner_a, partner_b))


@pytest.fixture
def outsider(db):
    """Charlie belongs to another couple and must never see Alex and Blair's things."""
    charlie = UserFactory(display_name="Charlie", email="charlie@example.com")
    CoupleFactory(partners=(charlie, UserFactory(display_name="Dana")))
    return charlie


@pytest.fixture
def single(db):
    return UserFactory(display_name="Sam", email="sam@example.com")


@pytest.fixture
def login(client):
    """Log the Django test client in as someone: `login(partner_a)`."""

    def _login(user):
        client.force_login(user)
        mark_session(client, user)
        return client

    return _login


@pytest.fixture
def api():
    """An API client; `api.as_user(user)` authenticates it as that user."""
    client = APIClient()

    def as_user(user):
        client.force_login(user)
        mark_session(client, user)
        return client

    client.as_user = as_user
    return client


@pytest.fixture
def checkin(couple, partner_a):
    """An open check-in of Alex and Blair's, started by Alex."""
    from assessments.services import checkin_start

    return checkin_start(user=partner_a)


@pytest.fixture
def therapist(db):
    """Dr. Rivera: a therapist with a profile and two-factor authentication on."""
    return make_therapist()


@pytest.fixture
def fresh_login(client):
    """Log in and confirm the password again, as some steps (granting a therapist access)
    ask for a fresh confirmation."""
    from tests.factories import PASSWORD

    def _login(user):
        client.logout()
        response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.content
        response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
        assert response.status_code == 302, response.content
        return client

    return _login


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what waits for the commit (handing mail to the outbox's
    task) at the end of the block, as it runs after a real request's transaction."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def staff(db):
    """A superuser with an authenticator app, as the admin requires."""
    from allauth.mfa.totp.internal.auth import TOTP

    from tests.factories import TOTP_SECRET

    user = UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)
    TOTP.activate(user, TOTP_SECRET)
    return user


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    mark_session(client, staff)
    return client
