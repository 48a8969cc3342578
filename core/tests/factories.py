"""Accounts and roles for tests, as ``core.roles.roles_of`` reads them: groups, and the
records (focal points) that a "Focal points" group means nothing without."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

PASSWORD = "a-long-test-password-2026"


def role_group(name: str) -> Group:
    """The Django group of a role (``reference/data/roles.json``)."""
    group, _ = Group.objects.get_or_create(name=name)
    return group


class UserFactory(factory.django.DjangoModelFactory):
    """An account. ``UserFactory(partner=True)`` is a focal point (a partner role): in the
    "Focal points" group with a current focal-point record for a partner organisation
    (add a ``FocalPointFactory(country=..., user=user)`` to make it act for a country too);
    ``UserFactory(role="Steering Committee")`` any group (a "Focal points" or "Reference
    countries" group alone gives no role: ``public_like_users``); ``UserFactory(public=True)``
    a registered member of the public, who sees what anonymous visitors see."""

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    class Params:
        superuser = factory.Trait(is_staff=True, is_superuser=True)

    @factory.post_generation
    def partner(obj, create, extracted, **kwargs):
        if extracted:
            from partners.choices import OrganisationKind, Standing
            from partners.models import FocalPoint, Organisation, Person

            obj.groups.add(role_group("Focal points"))
            organisation, _ = Organisation.objects.get_or_create(
                slug="test-partner-organisation",
                defaults={
                    "name_en": "Test partner organisation",
                    "acronym": "TPO",
                    "kind": OrganisationKind.INTERNATIONAL,
                    "standing": Standing.PARTNER,
                },
            )
            person = Person.objects.create(
                name=f"Focal point {obj.username}", organisation=organisation
            )
            FocalPoint.objects.create(person=person, organisation=organisation, user=obj)

    @factory.post_generation
    def public(obj, create, extracted, **kwargs):
        if extracted:
            obj.groups.add(role_group("Public"))

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if extracted:
            obj.groups.add(role_group(extracted))


def public_like_users(country) -> dict:
    """The two accounts of ``core.authz.PUBLIC_LIKE``, who keep a partner group but hold no
    partner role, so see what "Public" sees: a focal point of ``country`` whose appointment
    ended (still in "Focal points"), and a "Reference countries" member without a record."""
    import datetime

    from django.utils import timezone

    from partners.tests.factories import FocalPointFactory, PersonFactory

    today = timezone.localdate()
    expired = UserFactory(role="Focal points")
    FocalPointFactory(
        person=PersonFactory(country=country),
        country=country,
        user=expired,
        start_date=today - datetime.timedelta(days=730),
        end_date=today - datetime.timedelta(days=1),
    )
    return {
        "expired_focal_point": expired,
        "group_only": UserFactory(role="Reference countries"),
    }


def satisfy_two_factor(client, user):
    """Mark ``client``'s session (already signed in as ``user``) as verified by a second
    factor, as ``accounts.views.TwoFactorVerifyView`` does after a good code: Secretariat and
    administrator accounts reach nothing else without it (docs/security.md)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def signed_in_client(user, *, two_factor=True):
    """A test client signed in as ``user``; with ``two_factor`` (the default) a Secretariat
    or administrator account has also passed its second factor."""
    from django.test import Client

    from accounts.twofactor import must_verify

    client = Client()
    if user is not None:
        client.force_login(user)
        if two_factor and must_verify(user):
            satisfy_two_factor(client, user)
    return client


def committing_client_for(user):
    """A test client whose requests run their on-commit callbacks (e-mails) as a real commit
    would (the test's own transaction never commits), signed in as ``user`` if given."""
    from django.test import Client, TestCase

    class CommittingClient(Client):
        def request(self, **request):
            with TestCase.captureOnCommitCallbacks(execute=True):
                return super().request(**request)

    client = CommittingClient()
    if user is not None:
        client.force_login(user)
    return client
