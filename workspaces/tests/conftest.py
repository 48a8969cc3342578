import datetime

import pytest
from django.test import Client

from core.tests.factories import UserFactory
from frameworks.models import ReferenceCountry
from frameworks.tests.factories import build_plans
from partners.tests.factories import CountryFactory, FocalPointFactory


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def plans(db):
    """Marrakesh D3 (actions A10, A11, A12) followed by Switzerland and Chad from 13 Feb 2019
    to 31 Dec 2027 (current: their focal points act as reference countries); D4 (action A13)
    followed by Niger."""
    plans = build_plans()
    plans.switzerland = CountryFactory(iso2="CH", name_en="Switzerland")
    plans.chad = CountryFactory(iso2="TD", name_en="Chad")
    plans.niger = CountryFactory(iso2="NE", name_en="Niger")
    d3, d4 = plans["marrakesh-2018/D3"], plans["marrakesh-2018/D4"]
    period = {"start_date": datetime.date(2019, 2, 13), "end_date": datetime.date(2027, 12, 31)}
    plans.ch_d3 = ReferenceCountry.objects.create(country=plans.switzerland, item=d3, **period)
    plans.td_d3 = ReferenceCountry.objects.create(country=plans.chad, item=d3, **period)
    plans.ne_d4 = ReferenceCountry.objects.create(
        country=plans.niger, item=d4, start_date=period["start_date"]
    )
    return plans


def focal_point_of(country):
    user = UserFactory(role="Focal points")
    FocalPointFactory(country=country, user=user)
    return user


@pytest.fixture
def swiss_user(plans):
    return focal_point_of(plans.switzerland)


@pytest.fixture
def swiss_client(swiss_user):
    return client_for(swiss_user)


@pytest.fixture
def niger_client(plans):
    return client_for(focal_point_of(plans.niger))


@pytest.fixture
def staff_client(db):
    return client_for(UserFactory(role="Secretariat"))
