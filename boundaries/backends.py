"""The sign-in backends, reading with the signed-in person the couple they are in.

Django loads the person once per request (one query, in the authentication middleware). Ours
reads the id of their current couple in that same query, as `couple_id_on_arrival`: the
report page serves a copy it kept without asking the database again (assessments.reports).
It is the couple as it was when the request arrived: a view that links or unlinks reads
the couple afresh (boundaries.selectors), never this.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db.models import OuterRef, Subquery

from .selectors import current_memberships


class _CoupleOnArrival:
    def get_user(self, user_id):
        couple = current_memberships(OuterRef("pk")).values("couple_id")[:1]
        user = (
            get_user_model()
            ._default_manager.annotate(couple_id_on_arrival=Subquery(couple))
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_CoupleOnArrival, DjangoModelBackend):
    """Django's email-and-password backend (the admin, tests' force_login)."""


class AuthenticationBackend(_CoupleOnArrival, AllauthBackend):
    """allauth's backend (log in by email, passkeys)."""
