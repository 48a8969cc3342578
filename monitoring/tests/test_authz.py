"""Runs monitoring/authz.py's cases for every role on a small world (until the generated
matrix test of the accounts app covers every app)."""

import json
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from core.authz import ROLES
from core.tests.factories import UserFactory, public_like_users
from frameworks.tests.factories import FrameworkItemFactory, ReferenceCountryFactory
from monitoring import authz
from partners.tests.factories import CountryFactory

from .conftest import focal_point_of


@pytest.fixture
def world(db):
    w = SimpleNamespace()
    w.country = CountryFactory(iso2="ML")
    w.other_country = CountryFactory(iso2="SN")
    w.reference_country = CountryFactory(iso2="MA")
    w.domain = FrameworkItemFactory()
    ReferenceCountryFactory(country=w.reference_country, item=w.domain)
    w.users = {
        "anonymous": None,
        "public": UserFactory(public=True),
        **public_like_users(w.country),
        "focal_point": focal_point_of(w.country),
        "other_focal_point": focal_point_of(w.other_country),
        "reference_country": focal_point_of(w.reference_country),
        "steering_committee": UserFactory(role="Steering Committee"),
        "chair": UserFactory(role="Chair"),
        "secretariat": UserFactory(role="Secretariat"),
        "admin": UserFactory(superuser=True),
    }
    authz.setup(w)
    return w


def outcome(case, world, role) -> bool:
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    url = reverse(case.url_name, kwargs=case.resolve(case.kwargs, world)) + case.query
    data = case.resolve(case.data, world)
    method = getattr(client, case.method.lower())
    if case.content_type:
        response = method(url, json.dumps(data or {}), content_type=case.content_type)
    elif data is not None:
        response = method(url, data)
    else:
        response = method(url)
    status = response.status_code
    login = status in (301, 302) and "/login" in response.get("Location", "")
    if status < 400 and not login:
        return True
    assert status in (403, 404, 405) or login, (case.url_name, role, status)
    return False


def test_every_case_for_every_role(world):
    failures = []
    for case in authz.CASES:
        for role in ROLES:
            cache.clear()
            with transaction.atomic():
                allowed = outcome(case, world, role)
                transaction.set_rollback(True)
            if allowed != (role in case.allowed):
                failures.append(f"{case.url_name} {case.action} {case.query} {role}: {allowed}")
    assert failures == []


def test_every_monitoring_url_has_a_case():
    from django.urls import get_resolver

    named = {c.url_name for c in authz.CASES}
    monitoring = get_resolver().namespace_dict["monitoring"][1]
    for name in monitoring.reverse_dict:
        if isinstance(name, str):
            assert f"monitoring:{name}" in named, name
