"""Telling people: one notification per person and event, and its email if they want one."""

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from ..kinds import DISCREET_SUBJECT, Kind
from ..models import Email, Notification, NotificationSettings
from ..quiet_hours import release_time
from .outbox import email_queue

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def settings_of(user) -> NotificationSettings:
    """The person's choices; the defaults when they have never changed them."""
    found = NotificationSettings.objects.filter(user=user).first()
    return found or NotificationSettings(user=user)


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_token(user, kind) -> str:
    return signing.dumps({"u": user.pk, "k": str(kind)}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return int(data["u"]), Kind(data["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def notify(
    *, recipients, kind: Kind, event_key, link: str, couple=None, partner_name="", params=None
) -> list[Notification]:
    """Tell each recipient, once per event: calling this again for the same event adds
    nothing. Call it inside the transaction that made the change, so nobody hears of a
    change that did not happen."""
    made = []
    for person in recipients:
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=person,
                    kind=kind,
                    event_key=str(event_key)[:80],
                    couple=couple,
                    partner_name=partner_name,
                    params=params or {},
                    link=link,
                )
        except IntegrityError:
            continue  # told already
        made.append(notification)
        choices = settings_of(person)
        if choices.wants_email(kind):
            _queue_email(notification, choices)
    return made


def _queue_email(notification: Notification, choices: NotificationSettings) -> Email:
    person = notification.recipient
    token = unsubscribe_token(person, notification.kind)
    context = {
        "notification": notification,
        "name": person.name,
        "link": site_url(notification.link),
        "settings_link": site_url(reverse("notification_settings")),
        "unsubscribe_link": site_url(reverse("notification_unsubscribe", args=[token])),
        "discreet": choices.discreet_subjects,
    }
    with timezone.override(person.zone), translation.override(person.language_or_default):
        subject = str(DISCREET_SUBJECT if choices.discreet_subjects else notification.subject)
        text = render_to_string("notifications/email/notification.txt", context)
        html = render_to_string("notifications/email/notification.html", context)
    return email_queue(
        to=person.email,
        subject=subject,
        body_text=text,
        body_html=html,
        category=Email.Category.NOTIFICATION,
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_link']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        not_before=release_time(timezone.now(), person.zone),
        notification=notification,
    )


def _active_members(couple) -> list:
    return [m.user for m in couple.memberships.filter(left_at=None).select_related("user")]


def notify_partner(*, couple, actor, kind: Kind, event_key, link: str, params=None):
    """Tell the actor's partner, by the actor's name. Nobody outside the couple as it is
    now: a former partner hears nothing."""
    others = [person for person in _active_members(couple) if person.pk != actor.pk]
    return notify(
        recipients=others,
        kind=kind,
        event_key=event_key,
        link=link,
        couple=couple,
        partner_name=actor.name,
        params=params,
    )


def notify_both(*, couple, kind: Kind, event_key, link: str):
    """Tell both partners, each with the other's name."""
    members = _active_members(couple)
    made = []
    for person in members:
        partner = next((other for other in members if other.pk != person.pk), None)
        made += notify(
            recipients=[person],
            kind=kind,
            event_key=event_key,
            link=link,
            couple=couple,
            partner_name=partner.name if partner else "",
        )
    return made


def couple_names(couple) -> list[str]:
    """The names of a couple's partners now; joined in the reader's language when shown."""
    return [person.name for person in _active_members(couple)]


def notify_therapist(*, link_row, kind: Kind, names: list[str]):
    """Tell a therapist about a couple's decision. Kept apart from the couple (couple=None),
    so the notice stays theirs after the couple ends."""
    return notify(
        recipients=[link_row.therapist],
        kind=kind,
        event_key=link_row.pk,
        link=reverse("therapist_dashboard"),
        params={"names": names},
    )
