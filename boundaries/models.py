import secrets
import unicodedata

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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


# Characters that reorder text on screen; in a name they can disguise what it says.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Letters and symbols that draw nothing (Hangul fillers, the blank Braille pattern): a name
# made of them looks empty, or like another name.
BLANK_LETTERS = set("\u115f\u1160\u3164\uffa0\u2800")
# Joiners that emoji sequences and several scripts (Persian, Hindi) need; between two plain
# Latin letters they only hide that one name differs from another.
JOINERS = set("\u200c\u200d")


def _hidden(text: str, index: int) -> bool:
    """Does the character at `index` change what is stored without showing on screen?"""
    ch = text[index]
    if ch in JOINERS:
        around = text[index - 1 : index] + text[index + 1 : index + 2]
        return len(around) < 2 or any(c.isascii() for c in around)
    # Cf: format characters, e.g. zero-width spaces, direction marks, word joiners, U+FEFF.
    return unicodedata.category(ch) == "Cf" or ch in BLANK_LETTERS or ch in BIDI_CONTROLS


def _unstorable(text: str, index: int, allowed: str = "") -> bool:
    ch = text[index]
    if ch in allowed:
        return False
    # Cc: control characters (a NUL cannot even be stored in PostgreSQL); Cs: lone surrogates;
    # Zl, Zp: line and paragraph separators.
    return unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or _hidden(text, index)


def _has_problem(value: str, allowed: str = "") -> bool:
    return any(_unstorable(value, i, allowed) for i in range(len(value)))


def validate_printable(value: str) -> None:
    """Names and titles appear in emails and pages: no line breaks, control or invisible
    characters (which could make one name look like another)."""
    if _has_problem(value):
        raise ValidationError(
            _(
                "Use letters, spaces and punctuation only: no line breaks and no invisible "
                "characters such as zero-width spaces or direction marks."
            ),
            code="printable",
        )


def validate_text(value: str) -> None:
    """Free text may hold line breaks and tabs, but no other control or invisible characters."""
    if _has_problem(value, allowed="\n\r\t"):
        raise ValidationError(
            _(
                "This text contains invisible or control characters (such as zero-width "
                "spaces or direction marks). Please remove them and try again."
            ),
            code="text",
        )


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

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name


class Couple(models.Model):
    """Two linked partners. Ending a couple stops all sharing; its history stays."""

    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="CoupleMembership", related_name="couples"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Couple #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class CoupleMembership(models.Model):
    """One partner's place in a couple.

    The database allows each person one current membership at a time, so a race between two
    acceptances can never put someone in two couples.
    """

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["couple", "user"], name="membership_once_per_couple"),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(left_at__isnull=True),
                name="one_current_couple_per_user",
            ),
        ]

    def __str__(self):
        return f"{self.user} in {self.couple}"


# Crockford's base 32: no I, L, O or U, so a code read out loud is hard to mistype.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10  # 50 bits: far beyond guessing within an invitation's lifetime.


def new_invitation_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw: str) -> str:
    """What a person typed, as stored: upper case, no spaces or dashes, look-alikes mapped.

    A whole pasted link works too, and so do the full-width letters some phone keyboards type.
    """
    raw = unicodedata.normalize("NFKC", raw)
    if "/invite/" in raw:
        raw = raw.split("/invite/", 1)[1].split("/", 1)[0]
    cleaned = "".join(ch for ch in raw.upper() if ch.isascii() and ch.isalnum())
    return cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def split_code(code: str) -> str:
    """A code in two halves, easier to read out: 7K3M9-QW2XA."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


class Invitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        ACCEPTED = "accepted", _("Accepted")
        CANCELLED = "cancelled", _("Replaced or cancelled")

    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent"
    )
    code = models.CharField(max_length=16, unique=True, default=new_invitation_code)
    email = models.EmailField(
        blank=True, help_text=_("Where the invitation was sent, if it was sent by email.")
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations_accepted",
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    couple = models.ForeignKey(
        Couple, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["inviter"],
                condition=Q(status="pending"),
                name="one_pending_invitation_per_inviter",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "accepted", "cancelled"]),
                name="invitation_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(accepted_at__isnull=False),
                name="accepted_invitation_has_time",
            ),
        ]

    def __str__(self):
        return f"Invitation {self.pk} from {self.inviter}"  # never the code: it is a key

    @property
    def display_code(self) -> str:
        return split_code(self.code)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.status == self.Status.PENDING and not self.is_expired


class Category(models.Model):
    """A family of behaviors (Secrecy, Flirting, …). Reports score agreement per category."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name


class BehaviorQuerySet(models.QuerySet):
    def catalog(self):
        return self.filter(couple__isnull=True)

    def active(self):
        return self.filter(retired_at__isnull=True)

    def visible_to(self, couple):
        """The shared catalog plus this couple's own behaviors; nobody else's."""
        if couple is None:
            return self.catalog()
        return self.filter(Q(couple__isnull=True) | Q(couple=couple))


class Behavior(models.Model):
    """Something a partner might do, to be rated twice: if I did it, if my partner did it.

    Catalog behaviors have no couple and are edited by staff; a couple's own behaviors are
    seen by that couple alone. Retiring keeps a behavior in old check-ins and reports.
    """

    title = models.CharField(_("title"), max_length=120, validators=[validate_printable])
    description = models.CharField(
        _("description"), max_length=300, blank=True, validators=[validate_printable]
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="behaviors")
    position = models.PositiveIntegerField(_("order"), default=0)
    couple = models.ForeignKey(
        Couple,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="own_behaviors",
        help_text=_("Empty for the shared catalog; set for a couple's own behavior."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(
        _("retired"),
        null=True,
        blank=True,
        help_text=_("Retired behaviors stay in earlier check-ins but leave new ones."),
    )

    objects = BehaviorQuerySet.as_manager()

    class Meta:
        ordering = ["category__position", "position", "pk"]
        indexes = [models.Index(fields=["couple", "retired_at"])]

    def __str__(self):
        return self.title

    @property
    def is_custom(self) -> bool:
        return self.couple_id is not None

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class Agreement(models.Model):
    """One proposal for a shared boundary on one behavior, and what became of it.

    Only an accepted agreement is in force, one per behavior; a newer accepted one supersedes
    it. Rows are never edited in substance or deleted: a change is a new proposal that
    replaces the open one, and the events below record every step.
    """

    class Decision(models.TextChoices):
        OK = "ok", _("OK")
        NOT_OK = "not_ok", _("Not OK")
        CONDITIONAL = "conditional", _("OK with conditions")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for an answer")
        ACCEPTED = "accepted", _("In force")
        REPLACED = "replaced", _("Replaced by a change")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SUPERSEDED = "superseded", _("Superseded by a newer agreement")

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="agreements")
    behavior = models.ForeignKey(Behavior, on_delete=models.PROTECT, related_name="agreements")
    decision = models.CharField(max_length=12, choices=Decision.choices)
    conditions = models.TextField(
        _("conditions"), max_length=1000, blank=True, validators=[validate_text]
    )
    revisit_on = models.DateField(_("revisit on"), null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When it was replaced, withdrawn or superseded.")
    )
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-proposed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["couple", "behavior"],
                condition=Q(status="proposed"),
                name="one_open_proposal_per_behavior",
            ),
            models.UniqueConstraint(
                fields=["couple", "behavior"],
                condition=Q(status="accepted"),
                name="one_agreement_in_force_per_behavior",
            ),
            models.CheckConstraint(
                condition=~Q(decision="conditional") | ~Q(conditions=""),
                name="conditional_agreement_has_conditions",
            ),
            models.CheckConstraint(
                condition=Q(decision__in=["ok", "not_ok", "conditional"]),
                name="agreement_decision_valid",
            ),
        ]
        indexes = [models.Index(fields=["couple", "status"])]

    def __str__(self):
        return f"{self.get_decision_display()}: {self.behavior}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PROPOSED

    @property
    def is_in_force(self) -> bool:
        return self.status == self.Status.ACCEPTED


class AgreementEvent(models.Model):
    """The history of a couple's agreements: append-only, one row per step."""

    class Kind(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        CHANGED = "changed", _("proposed a change")
        ACCEPTED = "accepted", _("accepted")
        WITHDRAWN = "withdrawn", _("withdrew")
        SUPERSEDED = "superseded", _("superseded")

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="events")
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="agreement_events")
    behavior = models.ForeignKey(Behavior, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["couple", "behavior", "at"])]

    def __str__(self):
        return f"{self.kind} {self.agreement_id}"


class TherapistProfile(models.Model):
    """What a couple sees about a therapist before letting them look at their reports."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="therapist_profile"
    )
    name = models.CharField(_("full name"), max_length=120, validators=[validate_printable])
    credentials = models.CharField(
        _("credentials"),
        max_length=120,
        validators=[validate_printable],
        help_text=_("For example: LMFT, PhD."),
    )
    practice = models.CharField(_("practice"), max_length=160, validators=[validate_printable])
    licensed_in = models.CharField(
        _("where licensed"),
        max_length=160,
        validators=[validate_printable],
        help_text=_("For example: California, license no. 12345."),
    )
    contact_email = models.EmailField(_("contact email"))

    def __str__(self):
        return f"{self.name}, {self.credentials}"


class TherapistInvitation(models.Model):
    """A code a therapist gives one couple; a partner enters it to connect."""

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_invitations"
    )
    code = models.CharField(max_length=16, unique=True, default=new_invitation_code)
    label = models.CharField(
        _("note for yourself"),
        max_length=80,
        blank=True,
        validators=[validate_printable],
        help_text=_("Only you see it, e.g. the couple's initials."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Client invitation {self.pk}"  # never the code: it is a key

    @property
    def display_code(self) -> str:
        return split_code(self.code)

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()


class TherapistLink(models.Model):
    """A couple's connection to a therapist. Access needs both partners' consent and ends the
    moment either revokes it."""

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="therapist_links")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_links"
    )
    invitation = models.ForeignKey(
        TherapistInvitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["couple", "therapist"],
                condition=Q(revoked_at__isnull=True),
                name="one_open_link_per_couple_and_therapist",
            )
        ]

    def __str__(self):
        return f"{self.therapist} for {self.couple}"

    @property
    def consented_ids(self) -> set[int]:
        return {consent.user_id for consent in self.consents.all()}


class TherapistConsent(models.Model):
    link = models.ForeignKey(TherapistLink, on_delete=models.CASCADE, related_name="consents")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["link", "user"], name="one_consent_per_partner")
        ]

    def __str__(self):
        return f"{self.user} consents to {self.link}"


class SessionNote(models.Model):
    """A therapist's private note about a couple. Nobody else ever sees it."""

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_notes"
    )
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("note"), max_length=5000, validators=[validate_text])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Note {self.pk}"


class AppendOnlyQuerySet(models.QuerySet):
    """Rows are added, never rewritten or removed through the ORM's bulk calls."""

    def update(self, **kwargs):
        raise TypeError("The access log is append-only.")

    def delete(self):
        raise TypeError("The access log is append-only.")


class AccessLogEntry(models.Model):
    """One look, or refused attempt, by a therapist at a couple's data. Append-only.

    Only deleting the couple itself (or the therapist's account, which keeps the name) touches
    existing entries.
    """

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    therapist_name = models.CharField(max_length=160)

    class What(models.TextChoices):
        """What was looked at: a stable code, shown to the couple in their own language."""

        CLIENT_LIST = "client_list", _("Client list")
        COUPLE = "couple", _("Couple overview")
        REPORT = "report", _("A check-in report")
        NOTES = "notes", _("Session notes")

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="access_log")
    what = models.CharField(max_length=20, choices=What.choices)
    allowed = models.BooleanField(default=True)
    at = models.DateTimeField(default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = _("access log entries")

    def __str__(self):
        return f"{self.therapist_name}: {self.get_what_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The access log is append-only.")
