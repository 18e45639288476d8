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


class BehaviorFactory(factory.django.DjangoModelFactory):
    """A catalog behavior unless `couple=` is given."""

    class Meta:
        model = Behavior

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
