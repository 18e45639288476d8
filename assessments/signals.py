"""Keep what is cached honest: a change made anywhere, the admin included, bumps a version.

A condition changed bumps the catalog's (the conditions offered, and their labels in cached
reports). A check-in deleted bumps its couple's (as deleting a person does: boundaries.signals),
so a copy a worker kept of its report is never served again (assessments.reports.kept_copy).
Changes made around the models (SQL, `QuerySet.update`) send no signals: they must call
`boundaries.versions.bump_couples` themselves.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from boundaries import versions

from .models import CheckIn, Condition


@receiver([post_save, post_delete], sender=Condition)
def condition_changed(sender, **kwargs):
    versions.bump_catalog()


@receiver(post_delete, sender=CheckIn)
def checkin_deleted(sender, instance, **kwargs):
    versions.bump_couples([instance.couple_id])
