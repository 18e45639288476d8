"""A database outage is answered calmly wherever it strikes: in a view or in a middleware.

tests/config/test_database_outage.py stops a real PostgreSQL under gunicorn; these pin the
same answers down without one.
"""

from unittest.mock import patch

import pytest
from django.db import InterfaceError, OperationalError

from tests.api_errors import error_text

pytestmark = pytest.mark.django_db

SESSION_LOAD = "django.contrib.sessions.backends.db.SessionStore.load"


@pytest.fixture
def signed_in(client, partner_a):
    client.force_login(partner_a)
    client.raise_request_exception = False  # answer as in production, with handler500
    return client


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_page_whose_session_cannot_be_loaded_says_so_calmly(signed_in, error):
    # The session and the user are loaded by middleware, before any view runs.
    with patch(SESSION_LOAD, side_effect=error("the database is down")):
        response = signed_in.get("/")
    assert response.status_code == 503
    assert b"A short pause" in response.content
    assert response["Retry-After"] == "30"


def test_the_api_says_so_in_json(signed_in):
    with patch(SESSION_LOAD, side_effect=OperationalError("the database is down")):
        response = signed_in.get("/api/v1/checkins/")
    assert response.status_code == 503
    assert error_text(response).startswith("The service is briefly unavailable")
    assert response.json()["type"] == "server_error"
    assert response["Retry-After"] == "30"


def test_a_view_that_meets_the_outage_says_so_calmly(signed_in, couple):
    with patch(
        "assessments.api.checkins.selectors.checkins_of", side_effect=OperationalError("down")
    ):
        response = signed_in.get("/api/v1/checkins/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"


def test_any_other_error_is_still_a_500(signed_in):
    with patch(SESSION_LOAD, side_effect=RuntimeError("a bug of ours")):
        response = signed_in.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response
