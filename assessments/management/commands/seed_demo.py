"""Demo accounts for a first look around. Safe to run again; refuses outside DEBUG."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from assessments import selectors
from assessments import services as checkins
from assessments.models import CheckIn
from boundaries import services
from boundaries.mfa import totp_code, totp_set_up
from boundaries.models import User
from boundaries.selectors import current_couple
from boundaries.services import therapists as therapist_services

DEMO_PASSWORD = "common-ground-demo"  # noqa: S105 - printed for people to use; DEBUG only
PEOPLE = [
    ("alex@demo.example", "Alex"),
    ("blair@demo.example", "Blair"),
    ("sam@demo.example", "Sam"),
]


class Command(BaseCommand):
    help = "Create demo accounts (a linked couple and a single person) and print their logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never in production)."
        )
        parser.add_argument(
            "--totp", action="store_true", help="Print the demo therapist's current 2FA code."
        )
        parser.add_argument(
            "--url",
            default=settings.SITE_URL,
            help="The address the app is served at, to print (make demo passes HOST and PORT).",
        )

    def handle(self, *args, force=False, totp=False, url="", **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo accounts have a published password; DEBUG is off, so no.")
        if totp:
            self.stdout.write(totp_code(DEMO_TOTP_SECRET))
            return
        # Seeding commits (and sends its emails) before the logins are printed, so they are
        # the last thing on the screen.
        with transaction.atomic():
            self._seed()
        address = url.rstrip("/") + "/"
        self.stdout.write(self.style.SUCCESS(f"Demo accounts are ready at {address}"))
        self.stdout.write(f"  password for all of them: {DEMO_PASSWORD}")
        self.stdout.write("  alex@demo.example  - linked with Blair; one finished check-in")
        self.stdout.write("  blair@demo.example - linked with Alex; one finished check-in")
        self.stdout.write("  sam@demo.example   - not linked yet: try inviting someone")
        self.stdout.write(
            "  dr.rivera@demo.example - a therapist; Alex and Blair consented. Two-factor code:\n"
            f"      add the secret {DEMO_TOTP_SECRET} to an authenticator app, or print a code\n"
            "      with: .venv/bin/python manage.py seed_demo --totp"
        )

    def _seed(self):
        users = {}
        for email, name in PEOPLE:
            user, created = User.objects.get_or_create(email=email, defaults={"display_name": name})
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            users[name] = user
        alex, blair = users["Alex"], users["Blair"]
        if not alex.memberships.filter(left_at__isnull=True).exists():
            if blair.memberships.filter(left_at__isnull=True).exists():
                services.couple_unlink(user=blair)
            invitation = services.invitation_create(inviter=alex)
            services.invitation_accept(user=blair, code=invitation.code)

        self._finished_checkin(alex, blair)
        self._therapist(alex, blair)

    def _finished_checkin(self, alex, blair):
        """A completed round with some agreement, some differences and some "it depends"."""
        couple = current_couple(alex)
        if CheckIn.objects.filter(couple=couple, completed_at__isnull=False).exists():
            return
        checkin = selectors.open_checkin(couple) or checkins.checkin_start(user=alex)
        ids = selectors.behavior_ids(checkin)
        for person, pattern in ((alex, ALEX_ANSWERS), (blair, BLAIR_ANSWERS)):
            answers = []
            for index, pk in enumerate(ids):
                if_i_do, if_partner_does, note = pattern[index % len(pattern)]
                answers.append(
                    {
                        "behavior": pk,
                        "if_i_do": if_i_do,
                        "if_partner_does": if_partner_does,
                        "note": note,
                    }
                )
            checkins.answers_save(user=person, checkin=checkin, answers=answers)
            checkins.checkin_submit(user=person, checkin=checkin)

    def _therapist(self, alex, blair):
        """Dr. Rivera, with 2FA on and both partners' consent."""
        email = "dr.rivera@demo.example"
        therapist, created = User.objects.get_or_create(
            email=email, defaults={"kind": User.Kind.THERAPIST, "display_name": "Sam Rivera"}
        )
        if not created:
            return
        therapist.set_password(DEMO_PASSWORD)
        therapist.save(update_fields=["password"])
        EmailAddress.objects.create(user=therapist, email=email, verified=True, primary=True)
        totp_set_up(therapist, DEMO_TOTP_SECRET)
        therapist_services.profile_save(
            user=therapist,
            name="Dr. Sam Rivera",
            credentials="LMFT",
            practice="Riverside Couples Practice",
            licensed_in="California (demo)",
            contact_email=email,
        )
        invitation = therapist_services.invitation_create(therapist=therapist, label="A. & B.")
        link = therapist_services.connect(user=alex, code=invitation.code)
        therapist_services.consent(user=blair, link_id=link.pk)


DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - demo only, printed

# (if I did this, if my partner did this, note), repeated over the catalog.
ALEX_ANSWERS = [
    ("not_ok", "not_ok", ""),
    ("ok", "ok", ""),
    ("ok", "not_ok", ""),
    ("depends", "depends", "Fine if it's out in the open."),
    ("ok", "ok", ""),
    ("not_ok", "not_ok", ""),
    ("ok", "depends", "Depends on who it is."),
]
BLAIR_ANSWERS = [
    ("not_ok", "not_ok", ""),
    ("ok", "not_ok", ""),
    ("not_ok", "not_ok", ""),
    ("ok", "ok", ""),
    ("ok", "ok", ""),
    ("not_ok", "depends", "If it's once in a while, fine."),
    ("not_ok", "not_ok", ""),
]
