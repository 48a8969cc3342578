"""A local run of this app's authorisation cases (the accounts helper's generated matrix test
runs them for every role; this checks the staff/anonymous/partner corners in the meantime)."""

import json
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from core.tests.factories import UserFactory
from search import authz

pytestmark = pytest.mark.django_db


def _request(client, case, world):
    url = reverse(case.url_name, kwargs=case.resolve(case.kwargs, world)) + case.query
    data = case.resolve(case.data, world)
    if case.method == "GET":
        return client.get(url)
    if case.content_type:
        return client.post(url, json.dumps(data or {}), content_type=case.content_type)
    return client.post(url, data or {})


@pytest.mark.parametrize("case", authz.CASES, ids=lambda c: f"{c.url_name}-{c.action}")
@pytest.mark.parametrize("role", ["anonymous", "focal_point", "secretariat", "admin"])
def test_case(case, role):
    world = SimpleNamespace()
    authz.setup(world)
    client = Client()
    user = {
        "anonymous": None,
        "focal_point": lambda: UserFactory(partner=True),
        "secretariat": lambda: UserFactory(role="Secretariat"),
        "admin": lambda: UserFactory(superuser=True),
    }[role]
    if user:
        client.force_login(user())
    response = _request(client, case, world)
    if role in case.allowed:
        assert response.status_code < 400, response.status_code
        assert "/login" not in response.get("Location", "")
    else:
        assert response.status_code in (403, 404, 405) or "login" in response.get("Location", ""), (
            response.status_code
        )
