import datetime

import pytest
from django.test import Client

from core.tests.factories import UserFactory
from frameworks.tests.factories import FrameworkFactory, FrameworkItemFactory
from partners.tests.factories import CountryFactory, FocalPointFactory, PersonFactory


def focal_point_of(country, **user_kwargs):
    user = UserFactory(partner=True, **user_kwargs)
    FocalPointFactory(country=country, user=user, person=PersonFactory(country=country))
    return user


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def country(db):
    return CountryFactory(iso2="ML", name_en="Mali")


@pytest.fixture
def other_country(db):
    return CountryFactory(iso2="SN", name_en="Senegal")


@pytest.fixture
def focal(country):
    return focal_point_of(country, email="focal@ml.example.org")


@pytest.fixture
def other_focal(other_country):
    return focal_point_of(other_country, email="focal@sn.example.org")


@pytest.fixture
def secretariat(db):
    return UserFactory(role="Secretariat", email="secretariat@example.org")


@pytest.fixture(autouse=True)
def _english():
    """A French page request leaves French active in the thread: start each test in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def tree(db):
    """A small Marrakesh plan: D1 > O1 > A1, and D2 > A2."""
    framework = FrameworkFactory(slug="marrakesh-2018", adopted_date=datetime.date(2018, 5, 2))
    d1 = FrameworkItemFactory(framework=framework, kind="domain", code="D1")
    o1 = FrameworkItemFactory(framework=framework, kind="objective", code="O1", parent=d1)
    a1 = FrameworkItemFactory(framework=framework, kind="action", code="A1", parent=o1)
    d2 = FrameworkItemFactory(framework=framework, kind="domain", code="D2")
    a2 = FrameworkItemFactory(framework=framework, kind="action", code="A2", parent=d2)
    return framework, {"D1": d1, "O1": o1, "A1": a1, "D2": d2, "A2": a2}
