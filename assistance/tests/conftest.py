"""Two partner countries with a focal point each, the Secretariat, a visitor, an action."""

from types import SimpleNamespace

import pytest

from core.tests.factories import UserFactory, committing_client_for
from frameworks.tests.factories import FrameworkItemFactory
from meetings.tests.factories import MeetingFactory
from partners.tests.factories import CountryFactory, FocalPointFactory

from .factories import AssistanceRequestFactory

client_for = committing_client_for


@pytest.fixture
def ta(db):
    niger = CountryFactory(iso2="NE", name_en="Niger", name_fr="Niger")
    mali = CountryFactory(iso2="ML", name_en="Mali", name_fr="Mali")
    focal = UserFactory(partner=True, email="focal@niger.example.org")
    FocalPointFactory(country=niger, user=focal)
    other = UserFactory(partner=True, email="focal@mali.example.org")
    FocalPointFactory(country=mali, user=other)
    secretariat = UserFactory(role="Secretariat", email="secretariat@example.org")
    public = UserFactory(public=True)
    action = FrameworkItemFactory(kind="action", code="A12", number="12")
    meeting = MeetingFactory(slug="2027-03-som-niamey")
    world = SimpleNamespace(
        niger=niger,
        mali=mali,
        focal=focal,
        other=other,
        secretariat=secretariat,
        public=public,
        action=action,
        meeting=meeting,
    )
    world.request = AssistanceRequestFactory(
        requesting_country=niger, framework_items=[action], submitted_by=focal
    )
    world.clients = {
        "anonymous": client_for(None),
        "public": client_for(public),
        "focal": client_for(focal),
        "other": client_for(other),
        "secretariat": client_for(secretariat),
    }
    return world
