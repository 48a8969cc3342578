"""The knowledge CASES run for every role (a local stand-in for the generated matrix test)."""

import types

import pytest
from django.test import Client
from django.urls import reverse

from core.authz import ROLES
from core.tests.factories import UserFactory, public_like_users
from knowledge import authz
from partners.tests.factories import CountryFactory

pytestmark = pytest.mark.django_db

ROLE_USERS = {
    "anonymous": lambda: None,
    "public": lambda: UserFactory(public=True),
    # A group alone gives no role (core.roles): partner accounts hold a focal-point record.
    "focal_point": lambda: UserFactory(partner=True),
    "other_focal_point": lambda: UserFactory(partner=True),
    "reference_country": lambda: UserFactory(partner=True),
    "expired_focal_point": lambda: public_like_users(CountryFactory())["expired_focal_point"],
    "group_only": lambda: UserFactory(role="Reference countries"),
    "steering_committee": lambda: UserFactory(role="Steering Committee"),
    "chair": lambda: UserFactory(role="Chair"),
    "secretariat": lambda: UserFactory(role="Secretariat"),
    "admin": lambda: UserFactory(superuser=True),
}


@pytest.mark.parametrize("case", authz.CASES, ids=lambda c: f"{c.url_name}-{c.action}-{c.method}")
def test_case_for_every_role(case):
    world = types.SimpleNamespace()
    authz.setup(world)
    url = reverse(case.url_name, kwargs=case.resolve(case.kwargs, world)) + case.query
    outcomes = {}
    for role in ROLES:
        client = Client()
        user = ROLE_USERS[role]()
        if user is not None:
            client.force_login(user)
        data = case.resolve(case.data, world) or {}
        response = client.post(url, data) if case.method == "POST" else client.get(url)
        to_login = response.status_code == 302 and "/login" in response.get("Location", "")
        outcomes[role] = response.status_code < 400 and not to_login
    assert {r for r, ok in outcomes.items() if ok} == set(case.allowed)


def test_every_knowledge_url_has_a_case():
    from knowledge.urls import urlpatterns

    named = {f"knowledge:{p.name}" for p in urlpatterns}
    assert named <= {c.url_name for c in authz.CASES}
    for basename in ("library-document", "ingest-item", "extraction-draft"):
        for suffix in ("list", "detail"):
            assert f"api:{basename}-{suffix}" in {c.url_name for c in authz.CASES}
