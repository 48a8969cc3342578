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


# ---- the write battery (core.writebattery; core/tests/test_write_battery.py) ------------------
def _writes():
    from core.writebattery import WriteCase, country, organisation

    def person(world):
        from partners.models import Person

        return Person.objects.get(name="Battery: Aminata Diallo")

    return [
        WriteCase(
            "partners.Country",
            values=lambda w: {
                "iso2": "KZ",
                "iso3": "KAZ",
                "numeric": "398",
                "name_en": "Kazakhstan",
                "name_fr": "Kazakhstan",
                "continent": "europe",
                "region": "europe",
                "status": "listed_in_older_sources_only",
                "note": "A Prague Process partner named in a joint meeting's list.",
            },
            changes=lambda w: {"name_fr": "République du Sénégal", "note": "Checked 2026."},
            record=lambda w: country("SN"),
        ),  # fmt: skip
        WriteCase(
            "partners.Organisation",
            values=lambda w: {
                "slug": "idmc",
                "acronym": "IDMC",
                "name_en": "Internal Displacement Monitoring Centre",
                "name_fr": "Observatoire des situations de déplacement interne",
                "kind": "ngo",
                "standing": "observer",
                "country": country("CH"),
                "website": "https://www.internal-displacement.org/",
            },
            changes=lambda w: {"standing": "implementer", "note": "Implements the study."},
            record=lambda w: organisation("icmpd"),
        ),  # fmt: skip
        WriteCase(
            "partners.Person",
            values=lambda w: {
                "name": "Fatou Sarr",
                "honorific": "Mrs",
                "title": "Director of Migration",
                "organisation": None,
                "organisation_name": "Ministry of the Interior",
                "country": country("SN"),
                "email": "f.sarr@interieur.example.sn",
                "phone": "+221 33 800 00 00",
            },
            changes=lambda w: {"title": "Secretary-General", "country": country("SN")},
            record=person,
        ),  # fmt: skip
        WriteCase(
            "partners.GovernanceRole",
            values=lambda w: {
                "kind": "steering_committee",
                "country": country("SN"),
                "organisation": None,
                "start_date": datetime.date(2019, 2, 12),
                "start_precision": "day",
                "end_date": datetime.date(2022, 11, 30),
                "end_precision": "day",
                "note": "Member of the Steering Committee from the Ouagadougou SOM.",
            },
            changes=lambda w: {"note": "Past Chair period (checked)."},
            record=lambda w: w.governance_role,
        ),  # fmt: skip
        WriteCase(
            "partners.FocalPoint",
            values=lambda w: {
                "person": person(w),
                "country": country("SN"),
                "organisation": None,
                "start_date": datetime.date(2024, 1, 1),
                "start_precision": "day",
            },
            changes=lambda w: {"end_date": datetime.date(2030, 12, 31), "end_precision": "day"},
            record=lambda w: w.focal_point,
        ),  # fmt: skip
        WriteCase(
            "partners.Network",
            values=lambda w: {
                "slug": "return-contact-points",
                "name_en": "Network of contact points on return",
                "name_fr": "Réseau de points de contact sur le retour",
                "description_en": "Created after the thematic meeting on return.",
            },
            changes=lambda w: {"name_fr": "Réseau matrice (révisé)"},
            record=lambda w: w.network,
        ),  # fmt: skip
    ]


def battery_setup(world):
    from partners.models import Person

    Person.objects.create(
        name="Battery: Aminata Diallo", title="Head of Unit", country=world.country
    )


WRITES = _writes()
