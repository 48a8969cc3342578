"""The authorisation cases of stocktaking/authz.py, run here for the roles we can build."""

import types

import pytest
from django.test import Client
from django.urls import reverse

from core.tests.factories import UserFactory
from stocktaking import authz


@pytest.mark.parametrize("role", ["anonymous", "public", "focal_point", "secretariat", "admin"])
def test_every_case_succeeds_for_every_role(db, role):
    world = types.SimpleNamespace()
    authz.setup(world)
    client = Client()
    user = {
        "anonymous": lambda: None,
        "public": lambda: UserFactory(public=True),
        "focal_point": lambda: UserFactory(partner=True),
        "secretariat": lambda: UserFactory(role="Secretariat"),
        "admin": lambda: UserFactory(superuser=True),
    }[role]()
    if user:
        client.force_login(user)
    names = {c.url_name for c in authz.CASES}
    assert names == {"stocktaking:index", "stocktaking:report", "stocktaking:pdf"}
    for case in authz.CASES:
        assert role in case.allowed
        url = reverse(case.url_name, kwargs=case.resolve(case.kwargs, world)) + case.query
        response = client.get(url)
        assert response.status_code == 200, (case.url_name, role)
