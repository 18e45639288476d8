from datetime import timedelta

import factory
from django.utils import timezone

from boundaries.models import Behavior, Category, Couple, CoupleMembership, Invitation, User

PASSWORD = "a calm evening walk"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    display_name = factory.Faker("first_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Give the user a verified primary address, as allauth keeps it."""
        from allauth.account.models import EmailAddress

        self.save()
        if create:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class CoupleFactory(factory.django.DjangoModelFactory):
    """A couple of two new people, unless `partners=(a, b)` is given."""

    class Meta:
        model = Couple
        skip_postgeneration_save = True

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if not create:
            return
        people = extracted or (UserFactory(), UserFactory())
        for person in people:
            CoupleMembership.objects.create(couple=self, user=person, joined_at=self.created_at)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    inviter = factory.SubFactory(UserFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))

    class Params:
        # `accepted=True, accepted_by=…`: an invitation that was taken up.
        accepted = factory.Trait(
            status=Invitation.Status.ACCEPTED, accepted_at=factory.LazyFunction(timezone.now)
        )


class BehaviorFactory(factory.django.DjangoModelFactory):
    """A catalog behavior unless `couple=` is given."""

    class Meta:
        model = Behavior
        # The words as written (English for the catalog, or a couple's own words).
        rename = {"title": "title_en", "description": "description_en"}

    title = factory.Sequence(lambda n: f"Behavior number {n}")
    description = "Something someone might do."
    category = factory.LazyFunction(lambda: Category.objects.order_by("position").first())


def fill_survey(checkin, user, *, if_i_do="ok", if_partner_does="ok", note=""):
    """Answer every behavior of the check-in the same way, through the real service."""
    from assessments import selectors, services

    answers = [
        {"behavior": pk, "if_i_do": if_i_do, "if_partner_does": if_partner_does, "note": note}
        for pk in selectors.behavior_ids(checkin)
    ]
    return services.answers_save(user=user, checkin=checkin, answers=answers)


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_now(secret: str = TOTP_SECRET, step: int = 0) -> str:
    """The authenticator app's code now (`step` 30-second steps away: each code works once)."""
    import time

    from boundaries.mfa import totp_code

    return totp_code(secret, time.time() + 30 * step)


def make_therapist(email="dr.rivera@example.com", *, mfa=True, name="Dr. Sam Rivera"):
    """A therapist with a profile and, unless mfa=False, an authenticator app set up."""
    from allauth.mfa.totp.internal.auth import TOTP

    from boundaries.models import TherapistProfile

    therapist = UserFactory(email=email, kind=User.Kind.THERAPIST, display_name=name)
    TherapistProfile.objects.create(
        user=therapist,
        name=name,
        credentials="LMFT",
        practice="Riverside Couples Practice",
        licensed_in="California",
        contact_email=email,
    )
    if mfa:
        TOTP.activate(therapist, TOTP_SECRET)
    return therapist


def connect_therapist(therapist, couple, *, consenting=None):
    """Link a couple to a therapist through the real services; by default both consent."""
    from boundaries.services import therapists as therapist_services

    partners = [m.user for m in couple.memberships.filter(left_at=None).order_by("user_id")]
    invitation = therapist_services.invitation_create(therapist=therapist)
    who = partners if consenting is None else consenting
    link = None
    for index, person in enumerate(who):
        if index == 0:
            link = therapist_services.connect(user=person, code=invitation.code)
        else:
            therapist_services.consent(user=person, link_id=link.pk)
    if link is None:
        link = therapist_services.connect(user=partners[0], code=invitation.code)
        link.consents.all().delete()
    return link


def due_agreement(proposer, accepter, *, behavior=None, decision="not_ok", conditions=""):
    """A boundary both accepted through the real services, whose revisit date is today."""
    from boundaries import services as boundary_services
    from boundaries.models import Agreement

    behavior = behavior or Behavior.objects.catalog().order_by("pk").first()
    agreement = boundary_services.agreement_propose(
        user=proposer,
        behavior=behavior,
        decision=decision,
        conditions=conditions,
        revisit_on=timezone.localdate() + timedelta(days=30),
    )
    boundary_services.agreement_accept(user=accepter, agreement_id=agreement.pk)
    # Thirty days later, as far as the agreement knows.
    Agreement.objects.filter(pk=agreement.pk).update(revisit_on=timezone.localdate())
    agreement.refresh_from_db()
    return agreement


def revisit_answer(user, agreement, **answer):
    from assessments import services

    answer = {"if_i_do": "ok", "if_partner_does": "not_ok", **answer}
    return services.revisit_answer(user=user, agreement_id=agreement.pk, answer=answer)


class AccessLogEntryFactory(factory.django.DjangoModelFactory):
    """A therapist's look at a couple's data, as the access log keeps it."""

    class Meta:
        model = "boundaries.AccessLogEntry"

    therapist_name = "Dr. Rivera"
    what = "report"
    allowed = True
