import pytest
from django.urls import reverse

from boundaries.models import Behavior
from tests.factories import BehaviorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_staff_see_the_catalog_but_not_couples_own(staff_client, couple):
    BehaviorFactory(couple=couple, title="A couple's private behavior")
    html = staff_client.get(reverse("admin:boundaries_behavior_changelist")).content.decode()
    assert "Saving a contact under a fake name" in html
    assert "A couple&#x27;s private behavior" not in html and "private behavior" not in html


def test_staff_retire_and_bring_back(staff_client):
    behavior = Behavior.objects.catalog().first()
    url = reverse("admin:boundaries_behavior_changelist")
    staff_client.post(url, {"action": "retire", "_selected_action": [behavior.pk]})
    behavior.refresh_from_db()
    assert behavior.is_retired
    staff_client.post(url, {"action": "bring_back", "_selected_action": [behavior.pk]})
    behavior.refresh_from_db()
    assert not behavior.is_retired


def test_user_admin_pages_open(staff_client, single):
    assert staff_client.get(reverse("admin:boundaries_user_add")).status_code == 200
    change = reverse("admin:boundaries_user_change", args=[single.pk])
    assert staff_client.get(change).status_code == 200


def test_non_staff_cannot_open_the_admin(login, single):
    response = login(single).get(reverse("admin:boundaries_behavior_changelist"))
    assert response.status_code == 302
