"""Accounts and roles for tests: a partner account holds ``core.view_partner_content``."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from core.models import PARTNER_CONTENT_PERMISSION

PASSWORD = "a-long-test-password-2026"
PARTNER_ROLES = (
    "Secretariat",
    "Steering Committee",
    "Chair",
    "Focal points",
    "Reference countries",
)


def partner_permission() -> Permission:
    app_label, codename = PARTNER_CONTENT_PERMISSION.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def role_group(name: str) -> Group:
    """The Django group of a role, as roles.json defines it: partner roles carry the
    partner-content permission, "Public" carries none."""
    group, _ = Group.objects.get_or_create(name=name)
    if name in PARTNER_ROLES:
        group.permissions.add(partner_permission())
    return group


class UserFactory(factory.django.DjangoModelFactory):
    """An account. ``UserFactory(partner=True)`` is a focal point (a partner role),
    ``UserFactory(role="Steering Committee")`` any role, ``UserFactory(public=True)`` a
    registered member of the public, who sees what anonymous visitors see."""

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
            obj.groups.add(role_group("Focal points"))

    @factory.post_generation
    def public(obj, create, extracted, **kwargs):
        if extracted:
            obj.groups.add(role_group("Public"))

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if extracted:
            obj.groups.add(role_group(extracted))


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

    from accounts.twofactor import requires_two_factor

    client = Client()
    if user is not None:
        client.force_login(user)
        if two_factor and requires_two_factor(user):
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
