"""The World of the authorisation matrix: one account per role of ``core.authz.ROLES``.

``build_world()`` makes two partner countries (``country``, ``other_country``), a third that
follows ``domain`` (Marrakesh-like Domain 3) as reference country, an organisation, and the
accounts; then every app's ``authz.setup(world)`` adds the records its cases need. Apps put
what they create on the world as attributes (``world.meeting = ...``).
"""

from __future__ import annotations

import datetime
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone

from core.authz import ROLES
from core.tests.factories import (
    UserFactory,
    public_like_users,
    satisfy_two_factor,
    signed_in_client,
)


class World:
    """Accounts and records shared by every matrix case (attributes added by apps)."""

    def __init__(self):
        self.users: dict = {}

    def user(self, role):
        return self.users.get(role)

    def client(self, role):
        """A fresh client signed in as ``role`` (2FA satisfied for Secretariat and admin)."""
        user = self.users.get(role)
        client = signed_in_client(user, two_factor=False)
        if user is not None and role in ("secretariat", "admin"):
            satisfy_two_factor(client, user)
        return client


def authz_modules():
    """``<app>.authz`` of every project app that has one, plus ``config.authz``."""
    modules = []
    for app in [*settings.PROJECT_APPS, "config"]:
        name = f"{app}.authz"
        if find_spec(app) is not None and find_spec(name) is not None:
            modules.append(import_module(name))
    return modules


def build_world() -> World:
    from frameworks.tests.factories import ReferenceCountryFactory, build_plans
    from partners.tests.factories import (
        CountryFactory,
        FocalPointFactory,
        OrganisationFactory,
        PersonFactory,
    )
    from reference.roles import ensure_roles

    world = World()
    ensure_roles()
    today = timezone.localdate()
    world.today = today
    world.plans = build_plans()
    world.framework = world.plans.marrakesh
    world.domain = world.plans["marrakesh-2018/D3"]
    world.other_domain = world.plans["marrakesh-2018/D4"]
    world.country = CountryFactory(iso2="QM", name_en="Country of the focal point")
    world.other_country = CountryFactory(iso2="QN", name_en="Another partner country")
    world.reference_country = CountryFactory(iso2="QR", name_en="Reference country")
    world.organisation = OrganisationFactory(slug="matrix-org", acronym="MORG")
    world.reference = ReferenceCountryFactory(
        country=world.reference_country,
        item=world.domain,
        start_date=today - datetime.timedelta(days=365),
        end_date=None,
    )

    users = world.users
    users["anonymous"] = None
    users["public"] = UserFactory(username="m-public", public=True)
    users.update(public_like_users(world.country))
    for role, country in (
        ("focal_point", world.country),
        ("other_focal_point", world.other_country),
        ("reference_country", world.reference_country),
    ):
        user = UserFactory(username=f"m-{role}", role="Focal points")
        person = PersonFactory(country=country, organisation=world.organisation)
        FocalPointFactory(person=person, country=country, user=user)
        users[role] = user
    users["steering_committee"] = UserFactory(
        username="m-steering-committee", role="Steering Committee"
    )
    users["chair"] = UserFactory(username="m-chair", role="Chair")
    secretariat = UserFactory(username="m-secretariat", is_staff=True)
    secretariat.groups.add(Group.objects.get(name="Secretariat"))
    users["secretariat"] = secretariat
    users["admin"] = UserFactory(username="m-admin", superuser=True)
    assert set(users) == set(ROLES)

    for module in authz_modules():
        setup = getattr(module, "setup", None)
        if setup is not None:
            setup(world)
    return world
