import pytest
from django.test import Client

from core.tests.factories import UserFactory

from .factories import survey


@pytest.fixture
def staff_client(db):
    client = Client()
    client.force_login(UserFactory(role="Secretariat"))
    return client


@pytest.fixture
def committee_client(db):
    client = Client()
    client.force_login(UserFactory(role="Steering Committee"))
    return client


@pytest.fixture
def open_survey(db):
    return survey(state="open")
