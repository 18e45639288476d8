"""Keep cached reports honest: changes made anywhere, the admin included, bump versions."""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from . import versions
from .models import Behavior, Category, User


@receiver(post_save, sender=User)
def user_saved(sender, instance, update_fields=None, **kwargs):
    # A name shows in every report of the person's couples; logging in changes nothing shown
    # (nor does a new language: copies are kept per language).
    if update_fields is not None and set(update_fields) <= {"last_login", "password", "language"}:
        return
    _bump_couples_of(instance)


@receiver(pre_delete, sender=User)
def user_deleted(sender, instance, **kwargs):
    # Their answers and their part in each check-in go with them, from every report of their
    # couples and from the copies workers kept (assessments.reports.kept_copy). Before the
    # deletion: the memberships that say which couples go with them.
    _bump_couples_of(instance)


def _bump_couples_of(user):
    """Every couple the person is or was in (one query, and the bump)."""
    versions.bump_couples(user.memberships.values_list("couple_id", flat=True))


@receiver([post_save, post_delete], sender=Behavior)
def behavior_changed(sender, instance, **kwargs):
    # A couple's own behavior shows in that couple's reports only.
    if instance.couple_id:
        versions.bump_couples([instance.couple_id])
    else:
        versions.bump_catalog()


@receiver([post_save, post_delete], sender=Category)
def category_changed(sender, **kwargs):
    versions.bump_catalog()
