"""Demo accounts for a first look around. Safe to run again; refuses outside DEBUG."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from boundaries import services
from boundaries.models import User

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

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo accounts have a published password; DEBUG is off, so no.")
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

        self.stdout.write(self.style.SUCCESS("Demo accounts are ready at http://127.0.0.1:8000/"))
        self.stdout.write(f"  password for all of them: {DEMO_PASSWORD}")
        self.stdout.write("  alex@demo.example  - linked with Blair")
        self.stdout.write("  blair@demo.example - linked with Alex")
        self.stdout.write("  sam@demo.example   - not linked yet: try inviting someone")
