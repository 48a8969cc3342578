import pytest
from django.test import Client

from core.tests.factories import PASSWORD, UserFactory


@pytest.fixture
def secretariat_user(db):
    return UserFactory(username="sec", role="Secretariat")


@pytest.fixture
def password_client(secretariat_user):
    """The Secretariat account after a real password sign-in (no second factor yet)."""
    client = Client()
    response = client.post("/accounts/login/", {"username": "sec", "password": PASSWORD})
    assert response.status_code == 302
    return client
