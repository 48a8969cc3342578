"""A small world for the labelling tests: a current and an earlier action plan, two partner
countries with a focal point each, and one account per workflow role."""

import datetime
from types import SimpleNamespace

import pytest

from core.tests.factories import UserFactory
from frameworks.choices import ItemKind
from frameworks.tests.factories import FrameworkFactory, FrameworkItemFactory
from labels.tests.factories import LabelApplicationFactory, LinkedActionFactory
from partners.tests.factories import CountryFactory, FocalPointFactory


def focal_point_of(country, **kwargs):
    user = UserFactory(partner=True, **kwargs)
    FocalPointFactory(country=country, user=user, start_date=datetime.date(2020, 1, 1))
    return user


@pytest.fixture
def lab(db):
    current = FrameworkFactory(
        slug="cadiz-2022",
        period_start=2023,
        period_end=2027,
        adopted_date=datetime.date(2022, 12, 13),
    )
    earlier = FrameworkFactory(
        slug="marrakesh-2018",
        period_start=2018,
        period_end=2020,
        adopted_date=datetime.date(2018, 5, 2),
    )
    domain = FrameworkItemFactory(framework=current, kind=ItemKind.DOMAIN, code="D1", number="1")
    objective = FrameworkItemFactory(
        framework=current, kind=ItemKind.OBJECTIVE, code="O1", number="1", parent=domain
    )
    action1 = FrameworkItemFactory(
        framework=current, kind=ItemKind.ACTION, code="A1", number="1", parent=objective
    )
    action2 = FrameworkItemFactory(
        framework=current, kind=ItemKind.ACTION, code="A2", number="2", parent=objective
    )
    old_action = FrameworkItemFactory(
        framework=earlier, kind=ItemKind.ACTION, code="A1", number="1"
    )
    country = CountryFactory(iso2="SN", name_en="Senegal", name_fr="Sénégal")
    other_country = CountryFactory(iso2="NE", name_en="Niger", name_fr="Niger")
    return SimpleNamespace(
        current=current,
        earlier=earlier,
        domain=domain,
        objective=objective,
        action1=action1,
        action2=action2,
        old_action=old_action,
        country=country,
        other_country=other_country,
        applicant=focal_point_of(country, username="senegal-fp"),
        other_applicant=focal_point_of(other_country, username="niger-fp"),
        secretariat=UserFactory(role="Secretariat", username="secretariat"),
        steering=UserFactory(role="Steering Committee", username="steering"),
        chair=UserFactory(role="Chair", username="chair"),
        public=UserFactory(public=True, username="reader"),
    )


@pytest.fixture
def make_application(lab):
    def make(state="draft", **kwargs):
        application = LabelApplicationFactory(lead_country=lab.country, state=state, **kwargs)
        LinkedActionFactory(application=application, item=lab.action1)
        return application

    return make
