"""Keep what is cached about conditions honest: a change made anywhere, the admin included,
bumps the catalog's version (the conditions offered, and their labels in cached reports)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from boundaries import versions

from .models import Condition


@receiver([post_save, post_delete], sender=Condition)
def condition_changed(sender, **kwargs):
    versions.bump_catalog()
