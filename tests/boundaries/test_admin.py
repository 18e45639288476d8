"""The admin: only through our login, only for staff who passed a second factor here."""

from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse

from boundaries.mfa import SESSION_KEY
from boundaries.models import Behavior
from tests.factories import (
    PASSWORD,
    TOTP_SECRET,
    BehaviorFactory,
    InvitationFactory,
    UserFactory,
    totp_now,
)

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"


def _signed_in(client):
    return "_auth_user_id" in client.session


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


def test_non_staff_are_refused_by_the_admin(login, single):
    response = login(single).get(reverse("admin:boundaries_behavior_changelist"))
    assert response.status_code == 302
    assert login(single).get(response.url).status_code == 403


def test_anonymous_visitors_are_sent_to_our_login(client):
    response = client.get(ADMIN, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=%2Fadmin%2F"


def test_the_admin_login_form_takes_no_password(client, staff):
    response = client.post(
        reverse("admin:login"), {"username": staff.email, "password": PASSWORD, "next": ADMIN}
    )
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert not _signed_in(client)
    assert client.get(ADMIN).status_code == 302


def test_wrong_passwords_for_the_admin_count_in_the_login_limits(client, staff):
    # The admin has no login of its own; every try goes through allauth's, which locks the
    # account after a few wrong passwords, and then the right one does not help either.
    for _ in range(10):
        client.post(reverse("account_login"), {"login": staff.email, "password": "wrong" * 3})
    client.post(reverse("admin:login"), {"username": staff.email, "password": PASSWORD})
    response = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert not _signed_in(client)
    assert client.get(ADMIN).status_code == 302


def test_staff_sign_in_with_password_and_code_then_reach_the_admin(client, staff):
    response = client.post(
        reverse("account_login") + "?next=/admin/",
        {"login": staff.email, "password": PASSWORD},
    )
    assert response.url == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_now()})
    assert response.status_code == 302
    assert client.get(ADMIN).status_code == 200


def test_a_password_only_staff_session_is_asked_for_the_code_first(client, staff):
    client.force_login(staff)  # as a session that began before the authenticator was added
    assert client.session.get(SESSION_KEY) is None
    response = client.get(reverse("admin:boundaries_invitation_changelist"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("mfa_reauthenticate"))
    assert client.get(ADMIN).status_code == 302
    response = client.post(
        reverse("mfa_reauthenticate") + "?next=/admin/", {"code": totp_now(step=1)}
    )
    assert response.status_code == 302
    assert client.get(ADMIN).status_code == 200


def test_staff_without_a_second_factor_are_asked_to_set_one_up(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.get(ADMIN, follow=True)
    assert (reverse("mfa_activate_totp"), 302) in response.redirect_chain


def test_authenticator_secrets_are_encrypted_and_never_shown(staff_client, staff, therapist):
    authenticator = Authenticator.objects.get(user=therapist, type="totp")
    assert TOTP_SECRET not in str(authenticator.data)
    assert TOTP(authenticator).validate_code(totp_now(step=-1))
    url = reverse("admin:mfa_authenticator_change", args=[authenticator.pk])
    html = staff_client.get(url).content.decode()
    assert therapist.email in html
    assert TOTP_SECRET not in html and authenticator.data["secret"] not in html


def test_recovery_code_seeds_are_encrypted(staff):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    codes = RecoveryCodes.activate(staff)
    seed = codes.instance.data["seed"]
    assert seed.startswith("gAAAA")  # a Fernet token
    assert len(codes.generate_codes()) > 0


def test_searching_user_sessions_works(staff_client, single, client):
    response = staff_client.get(reverse("admin:usersessions_usersession_changelist") + "?q=sam")
    assert response.status_code == 200


def test_live_invitation_codes_do_not_show(staff_client, partner_a):
    invitation = InvitationFactory(inviter=partner_a)
    for url in (
        reverse("admin:boundaries_invitation_changelist"),
        reverse("admin:boundaries_invitation_change", args=[invitation.pk]),
    ):
        response = staff_client.get(url)
        assert response.status_code == 200
        assert invitation.code not in response.content.decode()
        assert invitation.display_code not in response.content.decode()


def test_couple_memberships_are_read_only(staff_client, couple, outsider):
    url = reverse("admin:boundaries_couple_change", args=[couple.pk])
    html = staff_client.get(url).content.decode()
    assert "alex@example.com" in html
    membership = couple.memberships.first()
    response = staff_client.post(
        url,
        {
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": membership.pk,
            "memberships-0-user": outsider.pk,
        },
    )
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.user.email != "charlie@example.com"


def test_the_page_asked_for_survives_the_way_through_the_code(client, staff):
    client.force_login(staff)
    target = "/admin/boundaries/behavior/?q=a&o=1"
    response = client.get(reverse("admin:login") + "?" + urlencode({"next": target}))
    assert response.status_code == 302
    query = parse_qs(urlparse(response.url).query)
    assert query == {"next": [target]}


@pytest.mark.parametrize("how", ["one", "action"])
def test_staff_deleting_a_partner_ends_the_couple_as_account_deletion_does(
    staff_client, couple, partner_a, partner_b, login, how
):
    """The partner left behind keeps working pages (it used to be a 500 on their report)."""
    from assessments import services
    from tests.factories import fill_survey

    checkin = services.checkin_start(user=partner_a)
    for person in (partner_a, partner_b):
        fill_survey(checkin, person, if_i_do="ok", if_partner_does="not_ok")
        services.checkin_submit(user=person, checkin=checkin)
    if how == "one":
        url = reverse("admin:boundaries_user_delete", args=[partner_a.pk])
        assert staff_client.post(url, {"post": "yes"}).status_code == 302
    else:
        url = reverse("admin:boundaries_user_changelist")
        form = {"action": "delete_selected", "_selected_action": [partner_a.pk], "post": "yes"}
        assert staff_client.post(url, form).status_code == 302
    from boundaries.models import User

    assert not User.objects.filter(pk=partner_a.pk).exists()
    client = login(partner_b)
    assert client.get("/").status_code == 200
    assert client.get(f"/checkins/{checkin.pk}/report/").status_code in (200, 404)
    assert client.get("/boundaries/").status_code == 200
