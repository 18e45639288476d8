"""The catalog's data migration runs forward and backward on a real database."""

import pytest
from django.core.management import call_command

from boundaries.models import Behavior, Category


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_catalog_migration_forward_backward_and_forward_again():
    assert Behavior.objects.catalog().count() == 14
    call_command("migrate", "boundaries", "0002", verbosity=0)
    # Going back keeps the catalog (a reverse that deleted it could break old check-ins).
    call_command("migrate", verbosity=0)
    assert Behavior.objects.catalog().count() == 14, "running it again adds nothing twice"
    assert Category.objects.count() == 6
    assert set(Category.objects.values_list("slug", flat=True)) == {
        "secrecy",
        "emotional-intimacy",
        "flirting",
        "social-media",
        "comparison-fantasy",
        "keeping-options-open",
    }
