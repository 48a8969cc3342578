"""A meeting with recommendations, two partner countries with focal points, the Secretariat."""

from types import SimpleNamespace

import pytest
from django.test import Client, TestCase

from core.tests.factories import UserFactory
from documents.tests.factories import DocumentFactory
from frameworks.tests.factories import FrameworkItemFactory
from meetings.tests.factories import MeetingFactory, RecommendationFactory
from partners.tests.factories import CountryFactory, FocalPointFactory


class CommittingClient(Client):
    """Runs each request's on-commit callbacks (e-mails), as a real commit would."""

    def request(self, **request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


def client_for(user):
    client = CommittingClient()
    if user is not None:
        client.force_login(user)
    return client


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
        "anonymous": CommittingClient(),
        "public": client_for(public),
        "focal": client_for(focal),
        "other": client_for(other),
        "secretariat": client_for(secretariat),
    }
    return world
