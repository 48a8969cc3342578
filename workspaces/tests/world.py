"""A small stand-in for the authorisation matrix's ``World`` (core/authz.py), so that the
cases of this branch's apps are checked here too: one account per role, three countries, a
domain followed by the reference country."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.test import Client
from django.urls import reverse

from core.authz import ROLES
from core.tests.factories import UserFactory, public_like_users
from frameworks.choices import ItemKind
from frameworks.tests.factories import FrameworkItemFactory, ReferenceCountryFactory
from partners.tests.factories import CountryFactory, FocalPointFactory


def build_world():
    world = SimpleNamespace()
    world.country = CountryFactory()
    world.other_country = CountryFactory()
    world.reference_country = CountryFactory()
    world.domain = FrameworkItemFactory(kind=ItemKind.DOMAIN, number="3", code="D3")
    ReferenceCountryFactory(
        country=world.reference_country,
        item=world.domain,
        start_date=datetime.date(2019, 2, 13),
    )
    users = {"anonymous": None}
    users["public"] = UserFactory(public=True)
    users.update(public_like_users(world.country))
    for role, country in (
        ("focal_point", world.country),
        ("other_focal_point", world.other_country),
        ("reference_country", world.reference_country),
    ):
        user = UserFactory(role="Focal points")
        FocalPointFactory(country=country, user=user)
        users[role] = user
    users["steering_committee"] = UserFactory(role="Steering Committee")
    users["chair"] = UserFactory(role="Chair")
    users["secretariat"] = UserFactory(role="Secretariat")
    users["admin"] = UserFactory(superuser=True)
    world.users = users
    return world


def run_case(case, world, role) -> tuple[bool, int]:
    """Whether ``role`` succeeded with ``case`` (see core/authz.py), and the status."""
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    url = reverse(case.url_name, kwargs=case.resolve(case.kwargs, world)) + case.query
    data = case.resolve(case.data, world) if case.data is not None else None
    if case.method == "GET":
        response = client.get(url, data or {})
    else:
        kwargs = {"content_type": case.content_type} if case.content_type else {}
        if case.content_type == "application/json":
            import json

            data = json.dumps(data or {})
        response = getattr(client, case.method.lower())(url, data or {}, **kwargs)
    status = response.status_code
    to_login = status in (301, 302) and "/accounts/login/" in response.get("Location", "")
    return status < 400 and not to_login, status


def check_cases(cases, setup, role_filter=ROLES):
    """Fresh world per (case, role) would be slow; records are rebuilt per case instead."""
    failures = []
    for case in cases:
        for role in role_filter:
            from django.db import transaction

            sid = transaction.savepoint()
            world = build_world()
            if setup is not None:
                setup(world)
            ok, status = run_case(case, world, role)
            transaction.savepoint_rollback(sid)
            if ok != (role in case.allowed):
                failures.append(f"{case.method} {case.url_name}{case.query} as {role}: {status}")
    return failures
