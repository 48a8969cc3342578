import datetime
from decimal import Decimal

import factory

from monitoring.choices import RecordState, RoundState
from monitoring.models import (
    Initiative,
    InitiativeCountry,
    InitiativeOrganisation,
    Result,
    Round,
    RoundSubmission,
    Source,
)
from partners.tests.factories import CountryFactory


class InitiativeFactory(factory.django.DjangoModelFactory):
    country = factory.SubFactory(CountryFactory)
    kind = "project"
    status = "ongoing"
    record_state = RecordState.VALIDATED
    title_en = factory.Sequence(lambda n: f"Initiative {n}")
    title_fr = factory.Sequence(lambda n: f"Initiative n° {n}")
    description_en = "Support to the reintegration of returning migrants."
    budget = Decimal("250000.00")
    currency = "EUR"
    start_date = datetime.date(2024, 1, 1)
    end_date = datetime.date(2026, 12, 31)

    class Meta:
        model = Initiative


class InitiativeCountryFactory(factory.django.DjangoModelFactory):
    initiative = factory.SubFactory(InitiativeFactory)
    country = factory.SubFactory(CountryFactory)
    share = Decimal("50")

    class Meta:
        model = InitiativeCountry


class InitiativeOrganisationFactory(factory.django.DjangoModelFactory):
    initiative = factory.SubFactory(InitiativeFactory)
    name = factory.Sequence(lambda n: f"Agency {n}")
    role = "implementing"

    class Meta:
        model = InitiativeOrganisation


class ResultFactory(factory.django.DjangoModelFactory):
    initiative = factory.SubFactory(InitiativeFactory)
    indicator = "Returnees reintegrated"
    unit = "people"
    baseline = Decimal("0")
    target = Decimal("1000")
    actual = Decimal("420")

    class Meta:
        model = Result


class SourceFactory(factory.django.DjangoModelFactory):
    initiative = factory.SubFactory(InitiativeFactory)
    url = "https://example.org/project"

    class Meta:
        model = Source


class RoundFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Round {2025 + n}")
    opens = datetime.date(2026, 3, 1)
    deadline = datetime.date(2026, 4, 30)
    state = RoundState.DRAFT

    class Meta:
        model = Round


class RoundSubmissionFactory(factory.django.DjangoModelFactory):
    round = factory.SubFactory(RoundFactory, state=RoundState.OPEN)
    country = factory.SubFactory(CountryFactory)

    class Meta:
        model = RoundSubmission
