"""A meeting with recommendations, two partner countries with focal points, the Secretariat."""

from types import SimpleNamespace

import pytest

from core.tests.factories import UserFactory, committing_client_for
from documents.tests.factories import DocumentFactory
from frameworks.tests.factories import FrameworkItemFactory
from meetings.tests.factories import MeetingFactory, RecommendationFactory
from partners.tests.factories import CountryFactory, FocalPointFactory

client_for = committing_client_for


@pytest.fixture
def fu(db):
    morocco = CountryFactory(iso2="MA", name_en="Morocco", name_fr="Maroc")
    senegal = CountryFactory(iso2="SN", name_en="Senegal", name_fr="Sénégal")
    focal = UserFactory(partner=True, email="focal@morocco.example.org")
    FocalPointFactory(country=morocco, user=focal)
    other = UserFactory(partner=True, email="focal@senegal.example.org")
    FocalPointFactory(country=senegal, user=other)
    secretariat = UserFactory(role="Secretariat", email="secretariat@example.org")
    public = UserFactory(public=True)
    domain = FrameworkItemFactory(kind="domain", code="D5", number="5")
    action = FrameworkItemFactory(
        kind="action", code="A20", number="20", parent=domain, framework=domain.framework
    )
    meeting = MeetingFactory(slug="2021-06-malabo-som", title_en="Malabo SOM")
    rec = RecommendationFactory(
        meeting=meeting, number="1", text_en="Create a network of contact points on return.",
        framework_items=[action],
    )  # fmt: skip
    other_rec = RecommendationFactory(
        meeting=meeting, number="2", text_en="Hold a thematic meeting on data."
    )
    other_meeting_rec = RecommendationFactory(number="1", text_en="Study diaspora investment.")
    world = SimpleNamespace(
        morocco=morocco, senegal=senegal, focal=focal, other=other, secretariat=secretariat,
        public=public, domain=domain, action=action, meeting=meeting, rec=rec,
        other_rec=other_rec, other_meeting_rec=other_meeting_rec,
        public_doc=DocumentFactory(title_en="Return network terms of reference"),
        partners_doc=DocumentFactory(title_en="Confidential network budget", partners_only=True),
    )  # fmt: skip
    world.follow_up = rec.follow_up
    world.clients = {
        "anonymous": client_for(None),
        "public": client_for(public),
        "focal": client_for(focal),
        "other": client_for(other),
        "secretariat": client_for(secretariat),
    }
    return world
