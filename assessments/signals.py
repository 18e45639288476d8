"""Keep what is cached honest: a change made anywhere, the admin included, bumps a version.

A condition changed bumps the catalog's (the conditions offered, and their labels in cached
reports). A check-in deleted, or someone's part in one, bumps its couple's: a copy a worker
kept of its report is never served again (assessments.reports.kept_copy).
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from boundaries import versions

from .models import CheckIn, Condition, Participation


@receiver([post_save, post_delete], sender=Condition)
def condition_changed(sender, **kwargs):
    versions.bump_catalog()


@receiver(post_delete, sender=CheckIn)
def checkin_deleted(sender, instance, **kwargs):
    versions.bump_couples([instance.couple_id])


@receiver(post_delete, sender=Participation)
def participation_deleted(sender, instance, **kwargs):
    # Deleted before its check-in when that goes, and then already bumped by it; the
    # check-in is still there to say whose it was.
    versions.bump_couples(
        CheckIn.objects.filter(pk=instance.checkin_id).values_list("couple_id", flat=True)
    )
