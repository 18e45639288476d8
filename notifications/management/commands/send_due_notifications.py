from django.core.management.base import BaseCommand

from notifications import services


class Command(BaseCommand):
    help = (
        "Make the reminders that have come due and send every email that waits. Safe to run "
        "often, twice, or on several machines at once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--housekeeping",
            action="store_true",
            help="Also end expired sessions and invitations and prune old notifications.",
        )

    def handle(self, *args, **options):
        done = services.send_due()
        self.stdout.write(f"{done['reminders']} reminders made, {done['emails']} emails sent on.")
        if options["housekeeping"]:
            tidy = services.housekeeping()
            self.stdout.write(", ".join(f"{key}: {value}" for key, value in tidy.items()))
