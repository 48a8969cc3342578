"""Authorisation matrix of the partners pages and API (docs/permissions.md).

Partners, organisations, people, governance and networks are public records: every role
reads them (contact details are partners-only, inside the pages). Nothing is written here
outside the admin.
"""

import datetime

from core.authz import EVERYONE, Case, api_cases, list_cases


def setup(world):
    from partners.choices import GovernanceRoleKind
    from partners.models import FocalPoint
    from partners.tests.factories import (
        GovernanceRoleFactory,
        NetworkFactory,
        NetworkMembershipFactory,
    )

    world.person = FocalPoint.objects.filter(country=world.country).first().person
    world.network = NetworkFactory(slug="matrix-network")
    NetworkMembershipFactory(network=world.network, person=world.person)
    # A past Chair period: a current one would make other_focal_point the Chair (core.roles).
    world.governance_role = GovernanceRoleFactory(
        kind=GovernanceRoleKind.CHAIR,
        country=world.other_country,
        start_date=datetime.date(2015, 1, 1),
        end_date=datetime.date(2016, 1, 1),
    )
    world.focal_point = FocalPoint.objects.filter(country=world.country).first()


CASES = [
    *list_cases("partners:list"),
    Case("partners:country", "view", EVERYONE, lambda w: {"iso2": w.country.iso2}),
    Case("partners:governance", "view", EVERYONE),
    *list_cases("partners:organisations"),
    Case("partners:organisation", "view", EVERYONE, lambda w: {"slug": w.organisation.slug}),
    *list_cases("partners:people"),
    Case("partners:person", "view", EVERYONE, lambda w: {"pk": w.person.pk}),
    Case("partners:networks", "list", EVERYONE),
    Case("partners:network", "view", EVERYONE, lambda w: {"slug": w.network.slug}),
    *api_cases("country", lambda w: {"iso2": w.country.iso2}),
    *api_cases("organisation", lambda w: {"slug": w.organisation.slug}),
    *api_cases("person", lambda w: {"pk": w.person.pk}),
    *api_cases("governance-role", lambda w: {"pk": w.governance_role.pk}),
    *api_cases("network", lambda w: {"slug": w.network.slug}),
    *api_cases("focal-point", lambda w: {"pk": w.focal_point.pk}),
]
