"""A stand-in for the authorisation matrix's ``World`` (core/authz.py), to run this app's
``CASES`` here until the generated matrix test exists: one account per role, three partner
countries and a domain."""

from __future__ import annotations

import json
from types import SimpleNamespace

from django.test import Client
from django.urls import reverse

from core.authz import ROLES
from core.tests.factories import UserFactory, public_like_users
from frameworks.tests.factories import FrameworkItemFactory, ReferenceCountryFactory
from partners.tests.factories import CountryFactory, FocalPointFactory


def build_world():
    world = SimpleNamespace(
        country=CountryFactory(iso2="BF", name_en="Burkina Faso"),
        other_country=CountryFactory(iso2="TG", name_en="Togo"),
        reference_country=CountryFactory(iso2="CM", name_en="Cameroon"),
        domain=FrameworkItemFactory(kind="domain", code="D9", number="9"),
    )
    ReferenceCountryFactory(country=world.reference_country, item=world.domain)
    partners = {
        "focal_point": world.country,
        "other_focal_point": world.other_country,
        "reference_country": world.reference_country,
    }
    makers = {
        "anonymous": lambda: None,
        "public": lambda: UserFactory(public=True),
        "steering_committee": lambda: UserFactory(role="Steering Committee"),
        "chair": lambda: UserFactory(role="Chair"),
        "secretariat": lambda: UserFactory(role="Secretariat"),
        "admin": lambda: UserFactory(superuser=True),
    }
    world.users = {role: make() for role, make in makers.items()}
    world.users.update(public_like_users(world.country))
    for role, country in partners.items():
        world.users[role] = UserFactory(partner=True)
        FocalPointFactory(country=country, user=world.users[role])
    return world


def run_case(case, role, world):
    """The request of ``case`` as ``role``; True when it succeeded, False when refused."""
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    url = reverse(case.url_name, kwargs=case.resolve(case.kwargs, world)) + case.query
    data = case.resolve(case.data, world)
    method = getattr(client, case.method.lower())
    if case.content_type == "application/json":
        response = method(url, json.dumps(data or {}), content_type=case.content_type)
    elif data is not None:
        response = method(url, data)
    else:
        response = method(url)
    status = response.status_code
    login = status in (301, 302) and "/accounts/login/" in response.get("Location", "")
    if status < 400 and not login:
        return True
    assert status in (403, 404, 405) or login, (case.url_name, role, status)
    return False


def check_case(case, setup):
    """Every role on its own copy of the world: each request is rolled back afterwards."""
    from django.core.cache import cache
    from django.db import transaction

    world = build_world()
    setup(world)
    outcomes = {}
    for role in ROLES:
        savepoint = transaction.savepoint()
        try:
            outcomes[role] = run_case(case, role, world)
        finally:
            transaction.savepoint_rollback(savepoint)
            cache.clear()
    allowed = {role for role, ok in outcomes.items() if ok}
    assert allowed == set(case.allowed), (
        f"{case.method} {case.url_name}: allowed {sorted(allowed)}, expected {sorted(case.allowed)}"
    )
