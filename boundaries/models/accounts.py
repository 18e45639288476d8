"""People: the user model. Email is the login; there is no username."""

import zoneinfo
from functools import cache

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .text import validate_printable


@cache
def time_zone_names() -> frozenset[str]:
    """IANA names a person might mean ("Europe/Berlin", "UTC"), not the system's aliases
    ("localtime", "Factory")."""
    return frozenset(
        name
        for name in zoneinfo.available_timezones()
        if ("/" in name and not name.startswith(("posix/", "right/"))) or name == "UTC"
    )


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(
            _("%(value)s is not a time zone we know. Use a name like Europe/Berlin."),
            code="unknown_time_zone",
            params={"value": value},
        )


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person. Email is the login; there is no username."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)

    class Kind(models.TextChoices):
        PARTNER = "partner", _("Partner")
        THERAPIST = "therapist", _("Therapist")

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PARTNER)
    display_name = models.CharField(
        _("name"),
        max_length=60,
        blank=True,
        validators=[validate_printable],
        help_text=_("What your partner sees, for example your first name."),
    )

    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("Dates are shown in it, and we hold mail between 21:00 and 08:00 there."),
    )

    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("Pages and emails come in it. Empty: the browser's language."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.email

    @property
    def is_therapist(self) -> bool:
        return self.kind == self.Kind.THERAPIST

    @property
    def name(self) -> str:
        """The name to show others: the chosen one, or the part of the email before the @."""
        return self.display_name or self.email.split("@", 1)[0]

    @property
    def language_or_default(self) -> str:
        """The language this person's pages and emails come in."""
        return self.language or settings.LANGUAGE_CODE

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name
