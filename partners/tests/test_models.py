"""Invariants of partners and governance that the database itself enforces."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from partners.choices import GovernanceRoleKind
from partners.models import GovernanceRole

from .factories import (
    CountryFactory,
    GovernanceRoleFactory,
    NetworkMembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


def test_governance_role_held_by_a_country_or_an_organisation():
    country = CountryFactory()
    secretariat = OrganisationFactory(slug="icmpd", acronym="ICMPD")
    GovernanceRoleFactory(kind=GovernanceRoleKind.CHAIR, country=country)
    GovernanceRoleFactory(
        kind=GovernanceRoleKind.SECRETARIAT, country=None, organisation=secretariat
    )
    assert GovernanceRole.objects.count() == 2


@pytest.mark.parametrize("holders", ["both", "neither"], ids=["both", "neither"])
def test_governance_role_refuses_both_or_neither_holder(holders):
    country = CountryFactory()
    organisation = OrganisationFactory()
    kwargs = (
        {"country": country, "organisation": organisation}
        if holders == "both"
        else {"country": None, "organisation": None}
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        GovernanceRole.objects.create(kind=GovernanceRoleKind.STEERING_COMMITTEE, **kwargs)
    assert not GovernanceRole.objects.exists()


def test_governance_role_refuses_end_before_start():
    with pytest.raises(IntegrityError), transaction.atomic():
        GovernanceRoleFactory(
            start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2024, 12, 31)
        )


def test_country_iso2_must_be_two_capital_letters():
    with pytest.raises(IntegrityError), transaction.atomic():
        CountryFactory(iso2="ma")


def test_current_chair_period_end_is_exclusive():
    """The Chair hands over on the end date: that day the successor is the Chair."""
    from partners.selectors import current_chair

    nigeria = CountryFactory(iso2="NG", name_en="Nigeria")
    switzerland = CountryFactory(iso2="CH", name_en="Switzerland")
    GovernanceRoleFactory(
        country=nigeria, start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2026, 1, 1)
    )
    GovernanceRoleFactory(country=switzerland, start_date=datetime.date(2026, 1, 1), end_date=None)
    assert current_chair(datetime.date(2025, 12, 31)).country == nigeria
    assert current_chair(datetime.date(2026, 1, 1)).country == switzerland


def test_a_person_joins_a_network_once():
    membership = NetworkMembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        NetworkMembershipFactory(network=membership.network, person=membership.person)
