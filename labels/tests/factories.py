"""Label applications for tests."""

import datetime

import factory

from labels.models import LabelApplication, LinkedAction
from partners.tests.factories import CountryFactory


class LabelApplicationFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Regional workshop on return and reintegration {n}")
    description = "Two days of exchanges between practitioners of the partner countries."
    kind = "event"
    lead_country = factory.SubFactory(CountryFactory)
    funders = "France"
    start_date = datetime.date(2026, 3, 10)
    end_date = datetime.date(2026, 3, 11)
    format = "in_person"
    city = "Dakar"
    expected_results = "A network of contact points on return."
    contact_name = "Awa Diop"
    contact_email = "awa.diop@example.org"

    class Meta:
        model = LabelApplication


class LinkedActionFactory(factory.django.DjangoModelFactory):
    application = factory.SubFactory(LabelApplicationFactory)
    justification = "The workshop builds the network this action calls for."

    class Meta:
        model = LinkedAction
