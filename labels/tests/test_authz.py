"""Runs ``labels/authz.py``'s cases for every role (the shared matrix test does the same once
the accounts app provides it): the allowed roles succeed, every other role is refused, and
every labelling URL is covered by a case."""

import datetime
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from core.authz import ROLES
from core.tests.factories import UserFactory, public_like_users
from frameworks.choices import ItemKind
from frameworks.models import ReferenceCountry
from frameworks.tests.factories import FrameworkFactory, FrameworkItemFactory
from labels import authz
from labels.tests.conftest import focal_point_of
from partners.tests.factories import CountryFactory


def build_world():
    plan = FrameworkFactory(slug="cadiz-2022", period_start=2023, period_end=2027)
    domain = FrameworkItemFactory(framework=plan, kind=ItemKind.DOMAIN, code="D1")
    FrameworkItemFactory(framework=plan, kind=ItemKind.ACTION, code="A1", parent=domain)
    country, other, reference = (CountryFactory(iso2=c) for c in ("SN", "NE", "CH"))
    ReferenceCountry.objects.create(
        country=reference, item=domain, start_date=datetime.date(2020, 1, 1)
    )
    world = SimpleNamespace(country=country, other_country=other, domain=domain)
    world.users = {
        "anonymous": None,
        "public": UserFactory(public=True),
        **public_like_users(country),
        "focal_point": focal_point_of(country),
        "other_focal_point": focal_point_of(other),
        "reference_country": focal_point_of(reference),
        "steering_committee": UserFactory(role="Steering Committee"),
        "chair": UserFactory(role="Chair"),
        "secretariat": UserFactory(role="Secretariat"),
        "admin": UserFactory(superuser=True),
    }
    authz.setup(world)
    return world


def request(case, world, user):
    client = Client()
    if user is not None:
        client.force_login(user)
    url = reverse(case.url_name, kwargs=case.resolve(case.kwargs, world)) + case.query
    data = case.resolve(case.data, world) if case.data is not None else None
    method = getattr(client, case.method.lower())
    if case.content_type:
        return method(url, data, content_type=case.content_type)
    return method(url, data) if data is not None else method(url)


def succeeded(response) -> bool:
    location = response.get("Location", "")
    return response.status_code < 400 and "/accounts/login/" not in location


@pytest.mark.django_db
def test_every_case_for_every_role():
    world = build_world()
    wrong = []
    for case in authz.CASES:
        for role in ROLES:
            response = request(case, world, world.users[role])
            ok = succeeded(response)
            if ok != (role in case.allowed):
                wrong.append(
                    f"{case.method} {case.url_name} {case.query} as {role}: {response.status_code}"
                )
            elif not ok:
                assert response.status_code in (302, 403, 404, 405), (case.url_name, role)
    assert not wrong, "\n".join(wrong)


def test_every_labelling_url_has_a_case():
    named = {case.url_name for case in authz.CASES}
    resolver = get_resolver()
    labels_urls = {
        f"labels:{name}"
        for name in resolver.namespace_dict["labels"][1].reverse_dict
        if isinstance(name, str)
    }
    api_urls = {
        f"api:{name}"
        for name in resolver.namespace_dict["api"][1].reverse_dict
        if isinstance(name, str) and name.startswith("label")
    }
    assert labels_urls and api_urls
    assert labels_urls | api_urls <= named, sorted((labels_urls | api_urls) - named)
