from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from boundaries import services
from boundaries.models import Couple, CoupleMembership, Invitation, normalize_code
from tests.factories import CoupleFactory, InvitationFactory, UserFactory

BASE = "https://cg.example"


def refusal(exc_info) -> str:
    return " ".join(exc_info.value.messages)


def test_normalize_code_accepts_spaces_dashes_case_and_lookalikes():
    assert normalize_code("  ab1c-d2 ef ") == "AB1CD2EF"
    assert normalize_code("o0 il") == "0011"


@pytest.mark.django_db
class TestInvitationCreate:
    def test_creates_a_pending_invitation_with_a_code(self, single):
        invitation = services.invitation_create(inviter=single, base_url=BASE)
        assert invitation.status == Invitation.Status.PENDING
        assert len(invitation.code) == 10
        assert invitation.expires_at > timezone.now() + timedelta(days=6)
        assert mail.outbox == []

    def test_a_new_invitation_replaces_the_old_one(self, single):
        first = services.invitation_create(inviter=single, base_url=BASE)
        second = services.invitation_create(inviter=single, base_url=BASE)
        first.refresh_from_db()
        assert first.status == Invitation.Status.CANCELLED
        assert second.status == Invitation.Status.PENDING
        assert first.code != second.code

    def test_with_email_sends_the_link_and_code(self, single, committed):
        with committed():
            invitation = services.invitation_create(
                inviter=single, email="partner@example.com", base_url=BASE
            )
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["partner@example.com"]
        assert "Sam" in message.subject
        assert f"{BASE}/invite/{invitation.code}/" in message.body
        assert invitation.display_code in message.body

    def test_refused_while_already_in_a_couple(self, partner_a, couple):
        with pytest.raises(ValidationError) as exc_info:
            services.invitation_create(inviter=partner_a, base_url=BASE)
        assert "already linked" in refusal(exc_info)
        assert not Invitation.objects.filter(inviter=partner_a).exists()

    def test_refused_to_own_email(self, single):
        with pytest.raises(ValidationError) as exc_info:
            services.invitation_create(inviter=single, email="SAM@example.com", base_url=BASE)
        assert "own address" in refusal(exc_info)
        assert not Invitation.objects.exists()


@pytest.mark.django_db
class TestInvitationAccept:
    def test_links_the_two_accounts(self, single):
        invitation = InvitationFactory()
        couple = services.invitation_accept(user=single, code=invitation.code)
        assert set(couple.members.all()) == {invitation.inviter, single}
        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.ACCEPTED
        assert invitation.accepted_by == single
        assert invitation.couple == couple

    @pytest.mark.parametrize("typed", ["{lower}", " {spaced} ", "{dashed}"])
    def test_code_as_people_type_it(self, single, typed):
        InvitationFactory(code="7K3M9QW2XA")
        code = typed.format(lower="7k3m9qw2xa", spaced="7K3 M9Q W2X A", dashed="7k3m9-qw2xa")
        services.invitation_accept(user=single, code=code)
        assert Couple.objects.count() == 1

    @pytest.mark.parametrize(
        ("setup", "expected"),
        [
            ("unknown", "could not find"),
            ("empty", "Enter the code"),
            ("own", "your own invitation"),
            ("used", "already been used"),
            ("cancelled", "replaced or cancelled"),
            ("expired", "expired"),
        ],
    )
    def test_bad_codes_are_refused_and_change_nothing(self, single, setup, expected):
        invitation = InvitationFactory()
        code = invitation.code
        user = single
        if setup == "unknown":
            code = "ZZZZZZZZZZ"
        elif setup == "empty":
            code = "  - "
        elif setup == "own":
            user = invitation.inviter
        elif setup == "used":
            services.invitation_accept(user=UserFactory(), code=code)
        elif setup == "cancelled":
            services.invitation_cancel(inviter=invitation.inviter)
        elif setup == "expired":
            Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
        couples_before = Couple.objects.count()
        with pytest.raises(ValidationError) as exc_info:
            services.invitation_accept(user=user, code=code)
        assert expected in refusal(exc_info)
        assert exc_info.value.message_dict.keys() == {"code"}
        assert Couple.objects.count() == couples_before
        assert not CoupleMembership.objects.filter(user=single).exists()

    def test_refused_while_the_accepter_is_in_a_couple(self, partner_a, couple):
        invitation = InvitationFactory()
        with pytest.raises(ValidationError) as exc_info:
            services.invitation_accept(user=partner_a, code=invitation.code)
        assert "already linked" in refusal(exc_info)
        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.PENDING

    def test_accepting_cancels_the_accepters_own_invitation(self, single):
        own = services.invitation_create(inviter=single, base_url=BASE)
        services.invitation_accept(user=single, code=InvitationFactory().code)
        own.refresh_from_db()
        assert own.status == Invitation.Status.CANCELLED


@pytest.mark.django_db
class TestUnlink:
    def test_ends_the_couple_for_both(self, partner_a, partner_b, couple):
        services.couple_unlink(user=partner_b)
        couple.refresh_from_db()
        assert couple.ended_at is not None
        assert couple.ended_by == partner_b
        assert not CoupleMembership.objects.filter(couple=couple, left_at__isnull=True).exists()

    def test_after_unlinking_either_can_invite_again(self, partner_a, partner_b, couple):
        services.couple_unlink(user=partner_a)
        services.invitation_create(inviter=partner_b, base_url=BASE)
        invitation = services.invitation_create(inviter=partner_a, base_url=BASE)
        new_couple = services.invitation_accept(user=partner_b, code=invitation.code)
        assert new_couple.pk != couple.pk

    def test_refused_when_not_linked(self, single):
        with pytest.raises(ValidationError):
            services.couple_unlink(user=single)


@pytest.mark.django_db
def test_database_refuses_a_second_current_couple(partner_a, couple):
    other = CoupleFactory(partners=(UserFactory(),))
    with pytest.raises(IntegrityError), transaction.atomic():
        CoupleMembership.objects.create(couple=other, user=partner_a)


@pytest.mark.django_db
def test_database_refuses_two_pending_invitations_per_person(single):
    InvitationFactory(inviter=single)
    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationFactory(inviter=single)


@pytest.mark.django_db
def test_update_name_validates_length(single):
    services.user_update_name(user=single, display_name="  Robin ")
    single.refresh_from_db()
    assert single.display_name == "Robin"
    with pytest.raises(ValidationError):
        services.user_update_name(user=single, display_name="x" * 61)
