"""The load test's people: couples mid check-in, one with a finished report, and a
therapist of them all, each with an API token as a real client logs in."""

import secrets
import sys

from scripts.bench import setup_django

PASSWORD = "load test pass phrase"  # noqa: S105 - throwaway accounts in a throwaway database
RUN = secrets.token_hex(3)
THERAPIST_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - a throwaway test account


def seed(couples: int) -> dict:
    """Couples mid check-in, one couple with a finished report, a therapist of them all."""
    setup_django()
    therapist = _therapist()
    report = _couple_with_report(therapist)
    savers = [saver for n in range(1, couples + 1) for saver in _couple_saving(n, therapist)]
    return {
        "savers": savers,
        "report": report,
        "therapist": _token_for(therapist, THERAPIST_SECRET),
    }


def _daytime_zone() -> str:
    """A time zone where it is the middle of the day now, so that no email of the run waits
    for the end of the quiet hours (21:00 to 08:00 local)."""
    import zoneinfo
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    for hours in range(-12, 15):
        name = f"Etc/GMT{-hours:+d}" if hours else "Etc/UTC"  # Etc/GMT-2 is UTC+2
        if 10 <= now.astimezone(zoneinfo.ZoneInfo(name)).hour <= 16:
            return name
    return "Etc/UTC"


def _person(name, **extra):
    from allauth.account.models import EmailAddress

    from boundaries.models import User

    extra.setdefault("time_zone", _daytime_zone())
    user = User.objects.create_user(f"{name}-{RUN}@load.example", PASSWORD, **extra)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _token_for(user, totp_secret=None) -> str:
    """An API token, logged in as a real client would (with the code, for the therapist)."""
    from django.core.cache import cache
    from django.test import Client

    from boundaries.mfa import totp_code

    # Dozens of logins from one address within a minute is exactly what allauth's rate
    # limit stops; this cache (its own Redis database) holds nothing else yet.
    cache.clear()
    # As the real server sees it: HTTPS behind the proxy, on the allowed host.
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    response = client.post(
        "/_allauth/app/v1/auth/login",
        {"email": user.email, "password": PASSWORD},
        content_type="application/json",
    )
    if response.get("Content-Type") != "application/json":
        sys.exit(f"login for the load test failed: {response.status_code} {response.content[:300]}")
    token = response.json()["meta"]["session_token"]
    if not totp_secret:
        return token
    second = client.post(
        "/_allauth/app/v1/auth/2fa/authenticate",
        {"code": totp_code(totp_secret)},
        content_type="application/json",
        HTTP_X_SESSION_TOKEN=token,
    ).json()
    # Completing the login starts a new session, with a new token.
    return second["meta"].get("session_token", token)


def _therapist():
    from boundaries.mfa import totp_set_up
    from boundaries.models import User
    from boundaries.services import therapists as therapist_services

    therapist = _person("therapist", kind=User.Kind.THERAPIST)
    totp_set_up(therapist, THERAPIST_SECRET)
    therapist_services.profile_save(
        user=therapist,
        name="Dr. Load",
        credentials="LMFT",
        practice="Load",
        licensed_in="Loopback",
        contact_email=therapist.email,
    )
    return therapist


def _couple_in_checkin(n: int, therapist):
    """(a, b, check-in): a linked couple who let the therapist in and started a check-in."""
    from assessments import services
    from boundaries import services as linking
    from boundaries.services import therapists as therapist_services

    a, b = _person(f"a{n}"), _person(f"b{n}")
    linking.invitation_accept(user=b, code=linking.invitation_create(inviter=a).code)
    code = therapist_services.invitation_create(therapist=therapist).code
    link = therapist_services.connect(user=a, code=code)
    therapist_services.consent(user=b, link_id=link.pk)
    return a, b, services.checkin_start(user=a)


def _couple_with_report(therapist) -> dict:
    """The couple whose finished report is read during the load."""
    from assessments import selectors, services

    a, b, checkin = _couple_in_checkin(0, therapist)
    answers = [
        {"behavior": pk, "if_i_do": "ok", "if_partner_does": "depends"}
        for pk in selectors.behavior_ids(checkin)
    ]
    for person in (a, b):
        services.answers_save(user=person, checkin=checkin, answers=answers)
        services.checkin_submit(user=person, checkin=checkin)
    return {"token": _token_for(a), "checkin": checkin.pk}


def _couple_saving(n: int, therapist) -> list[dict]:
    """Both partners of a couple mid check-in, who save answers during the load."""
    from assessments import selectors

    a, b, checkin = _couple_in_checkin(n, therapist)
    ids = selectors.behavior_ids(checkin)
    return [
        {"token": _token_for(p), "checkin": checkin.pk, "behaviors": ids, "user": p.pk,
         "proposes": p == a}
        for p in (a, b)
    ]  # fmt: skip
