"""Partners, organisations, people and governance roles for tests."""

import datetime

import factory

from partners.choices import (
    Continent,
    CountryStatus,
    GovernanceRoleKind,
    OrganisationKind,
    Region,
    Standing,
)
from partners.models import (
    Country,
    FocalPoint,
    GovernanceRole,
    Network,
    NetworkMembership,
    Organisation,
    Person,
)


def iso2_code(n: int) -> str:
    """Two upper-case letters, distinct for n in 0..675 (starting at "QA" to stay clear of
    the codes tests spell out, such as MA, FR or CH)."""
    n += 16 * 26
    return chr(65 + (n // 26) % 26) + chr(65 + n % 26)


class CountryFactory(factory.django.DjangoModelFactory):
    iso2 = factory.Sequence(iso2_code)
    iso3 = factory.LazyAttribute(lambda c: c.iso2 + "X")
    numeric = factory.Sequence(lambda n: f"{900 - n % 900:03d}")
    name_en = factory.Sequence(lambda n: f"Country {n}")
    name_fr = factory.LazyAttribute(lambda c: f"Pays {c.name_en.split()[-1]}")
    continent = Continent.AFRICA
    region = Region.WEST_AFRICA
    status = CountryStatus.PARTNER
    source = "test"

    class Meta:
        model = Country
        django_get_or_create = ("iso2",)


class OrganisationFactory(factory.django.DjangoModelFactory):
    slug = factory.Sequence(lambda n: f"org-{n}")
    acronym = factory.Sequence(lambda n: f"ORG{n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    name_fr = factory.Sequence(lambda n: f"Organisation n° {n}")
    kind = OrganisationKind.INTERNATIONAL
    standing = Standing.PERMANENT_OBSERVER

    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)


class PersonFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Person {n}")
    title = "Director of migration affairs"
    organisation = factory.SubFactory(OrganisationFactory)
    country = factory.SubFactory(CountryFactory)
    email = factory.Sequence(lambda n: f"person{n}@ministry.example.org")
    phone = factory.Sequence(lambda n: f"+212 5 37 00 {n:04d}")

    class Meta:
        model = Person


class GovernanceRoleFactory(factory.django.DjangoModelFactory):
    kind = GovernanceRoleKind.CHAIR
    country = factory.SubFactory(CountryFactory)
    organisation = None
    start_date = datetime.date(2024, 1, 1)
    end_date = datetime.date(2025, 1, 1)

    class Meta:
        model = GovernanceRole


class FocalPointFactory(factory.django.DjangoModelFactory):
    person = factory.SubFactory(PersonFactory)
    country = factory.SubFactory(CountryFactory)

    class Meta:
        model = FocalPoint


class NetworkFactory(factory.django.DjangoModelFactory):
    slug = factory.Sequence(lambda n: f"network-{n}")
    name_en = factory.Sequence(lambda n: f"Network of contact points {n}")
    name_fr = factory.Sequence(lambda n: f"Réseau de points de contact {n}")

    class Meta:
        model = Network


class NetworkMembershipFactory(factory.django.DjangoModelFactory):
    network = factory.SubFactory(NetworkFactory)
    person = factory.SubFactory(PersonFactory)
    country = factory.SelfAttribute("person.country")

    class Meta:
        model = NetworkMembership
