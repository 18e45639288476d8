"""Each worker keeps its own copies of the report pages it served lately; the shared cache
still says, on every request, whether a copy is current, and the person's couple, read with
them, whether they may still see it."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from assessments.models import CheckIn
from assessments.reports import forget
from assessments.reports.cache import cache_key, local_copies, local_key
from assessments.reports.local import LocalCopies
from boundaries import versions
from boundaries.services import couple_unlink, user_update_name


def report_url(checkin):
    return reverse("report", args=[checkin.pk])


class TestLocalCopies:
    def test_a_copy_is_served_only_under_the_token_it_was_built_under(self):
        copies = LocalCopies()
        copies.put("k", "token-1", b"page", 4)
        assert copies.get("k", "token-1") == b"page"
        assert copies.get("k", "token-2") is None
        # A copy found out of date is dropped, not kept for later.
        assert not copies.has("k")
        assert copies.get("k", "token-1") is None

    def test_a_copy_past_its_time_is_not_served(self):
        copies = LocalCopies(seconds=-1)
        copies.put("k", "t", b"page", 4)
        assert copies.get("k", "t") is None

    def test_the_least_recently_served_go_first_when_full(self):
        copies = LocalCopies(max_bytes=10)
        copies.put("a", "t", b"aaaa", 4)
        copies.put("b", "t", b"bbbb", 4)
        assert copies.get("a", "t") == b"aaaa"
        copies.put("c", "t", b"cccc", 4)
        assert copies.get("b", "t") is None
        assert copies.get("a", "t") == b"aaaa"
        assert copies.get("c", "t") == b"cccc"

    def test_a_value_larger_than_the_whole_budget_is_not_kept(self):
        copies = LocalCopies(max_bytes=3)
        copies.put("k", "t", b"page", 4)
        assert not copies.has("k")

    def test_forget_drops_the_copies_under_the_prefixes(self):
        copies = LocalCopies()
        copies.put("report:html:1:5", "t", b"x", 1)
        copies.put("report:html:12:7", "t", b"y", 1)
        copies.forget(("report:html:1:",))
        assert not copies.has("report:html:1:5")
        assert copies.has("report:html:12:7")


@pytest.fixture
def served(login, completed, partner_a):
    """partner_a has seen the report once: (client, its key in the shared cache, its key
    among the worker's copies)."""
    client = login(partner_a)
    assert client.get(report_url(completed)).status_code == 200
    near = local_key("html", completed.couple_id, completed.pk, partner_a.pk, "en")
    assert local_copies.has(near)
    return client, cache_key(completed, partner_a.pk, "html", "en"), near


def test_the_next_view_comes_from_the_workers_copy(served, completed, django_assert_num_queries):
    client, key, _near = served
    cache.delete(key)
    # The session, and the person with their couple: whether the copy may be served.
    with django_assert_num_queries(2):
        html = client.get(report_url(completed)).content.decode()
    assert "line up on" in html
    # Served from the copy: nothing was built, so nothing was put back into the shared cache.
    assert cache.get(key) is None


def test_after_unlinking_neither_partner_gets_the_copy(served, completed, login, partner_b):
    client, _key, near = served
    login(partner_b).get(report_url(completed))
    couple_unlink(user=partner_b)
    assert local_copies.has(near)
    assert client.get(report_url(completed)).status_code == 404
    assert login(partner_b).get(report_url(completed)).status_code == 404


def test_a_deleted_checkin_is_not_served_from_the_copy(served, completed):
    client, _key, near = served
    # As the admin, or a data fix, would: no service call, so only the signal bumps.
    CheckIn.objects.filter(pk=completed.pk).delete()
    assert local_copies.has(near)
    assert client.get(report_url(completed)).status_code == 404


def test_nobody_else_is_served_the_copy(served, completed, request, login):
    for who in ("outsider", "single", "therapist"):
        visitor = login(request.getfixturevalue(who))
        assert visitor.get(report_url(completed)).status_code == 404, who


def test_a_change_shows_at_once_though_the_worker_has_a_copy(served, completed, partner_b):
    client, _key, _near = served
    user_update_name(user=partner_b, display_name="Bee")
    html = client.get(report_url(completed)).content.decode()
    assert "Blair" not in html
    assert "Bee" in html


def test_an_out_of_date_copy_gives_way_to_what_another_worker_built(served, completed):
    client, key, _near = served
    versions.bump_couples([completed.couple_id])
    keys = versions.keys_for(completed.couple_id)
    token = versions.token_from(cache.get_many(keys), keys)
    cache.set(key, (token, (b"STAND-IN", b"<p>Built by another worker STAND-IN</p>")))
    body = client.get(report_url(completed)).content.decode()
    assert body.startswith("<p>Built by another worker ")
    assert "STAND-IN" not in body


def test_an_account_deletion_drops_the_workers_copies(served, completed, partner_a):
    _client, _key, near = served
    forget([completed.couple_id], [partner_a.pk])
    assert not local_copies.has(near)


def test_without_the_shared_cache_a_copy_is_never_served(served, completed, partner_b, settings):
    client, _key, _near = served
    user_update_name(user=partner_b, display_name="Bee")
    settings.CACHES = {
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    html = client.get(report_url(completed)).content.decode()
    assert "Bee" in html


def test_a_partner_deleted_outside_the_app_outdates_the_copy(served, completed, partner_b):
    _client, _key, near = served
    keys = versions.keys_for(completed.couple_id)
    before = versions.token_from(cache.get_many(keys), keys)
    # As the admin, or a shell, would: no service call, so only the signal bumps.
    partner_b.delete()
    after = versions.token_from(cache.get_many(keys), keys)
    assert after != before
    assert local_copies.get(near, after) is None
