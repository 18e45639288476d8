"""Demo accounts for a first look around. Safe to run again; refuses outside DEBUG."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from assessments import selectors
from assessments import services as checkins
from assessments.models import CheckIn
from boundaries import services
from boundaries.mfa import totp_code, totp_set_up
from boundaries.models import Agreement, Behavior, User
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
        self.stdout.write(
            "  alex@demo.example  - linked with Blair; one finished check-in, boundaries due"
        )
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
        self._boundaries(alex, blair)
        self._therapist(alex, blair)

    def _boundaries(self, alex, blair):
        """Three boundaries in force: one due again with Blair's blind answers in, one due
        with both answered (to see side by side), one to look at in three months."""
        couple = current_couple(alex)
        if Agreement.objects.filter(couple=couple).exists():
            return
        ids = selectors.behavior_ids(selectors.latest_checkin(couple))
        later = timezone.localdate() + timedelta(days=90)
        made = []
        for index, decision, conditions in (
            (0, "not_ok", ""),
            (3, "conditional", "Out in the open, and we mention it."),
            (4, "ok", ""),
        ):
            behavior = Behavior.objects.get(pk=ids[index])
            agreement = services.agreement_propose(
                user=alex,
                behavior=behavior,
                decision=decision,
                conditions=conditions,
                revisit_on=later,
            )
            made.append(services.agreement_accept(user=blair, agreement_id=agreement.pk))
        # Three months on, as far as the first two know: their revisit date has come.
        Agreement.objects.filter(pk__in=[made[0].pk, made[1].pk]).update(
            revisit_on=timezone.localdate()
        )
        blind = {"if_i_do": "not_ok", "if_partner_does": "not_ok"}
        checkins.revisit_answer(user=blair, agreement_id=made[0].pk, answer=blind)
        for person, answer in (
            (alex, {"if_i_do": "depends", "if_partner_does": "ok", "conditions": ["open"]}),
            (blair, {"if_i_do": "ok", "if_partner_does": "depends", "note": "Still fine."}),
        ):
            checkins.revisit_answer(user=person, agreement_id=made[1].pk, answer=answer)

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
