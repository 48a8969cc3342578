"""A small but complete site: every page of the platform has something to show."""

import datetime
from types import SimpleNamespace

from documents.tests.factories import DocumentFactory
from frameworks.tests.factories import ReferenceCountryFactory, build_plans
from meetings.choices import MeetingKind, MeetingRoleKind, SpeakerRole
from meetings.tests.factories import (
    MeetingFactory,
    MeetingRoleFactory,
    RecommendationFactory,
    SessionFactory,
    SpeakerFactory,
)
from partners.choices import GovernanceRoleKind, Region, Standing
from partners.tests.factories import (
    CountryFactory,
    FocalPointFactory,
    GovernanceRoleFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

SECRET_EMAIL = "focal.point@interior.example.ma"
SECRET_PHONE = "+212 5 37 99 88 77"


def build_site() -> SimpleNamespace:
    morocco = CountryFactory(
        iso2="MA", iso3="MAR", numeric="504", name_en="Morocco", name_fr="Maroc",
        region=Region.NORTH_AFRICA,
    )  # fmt: skip
    france = CountryFactory(
        iso2="FR", iso3="FRA", numeric="250", name_en="France", name_fr="France",
        continent="europe", region=Region.EUROPE,
    )  # fmt: skip
    eu = OrganisationFactory(
        slug="eu", acronym="EU", name_en="European Union", name_fr="Union européenne",
        kind="regional_organisation", standing=Standing.PARTNER,
    )  # fmt: skip
    icmpd = OrganisationFactory(
        slug="icmpd", acronym="ICMPD", name_en="International Centre for Migration Policy "
        "Development", standing=Standing.IMPLEMENTER,
    )  # fmt: skip
    person = PersonFactory(
        name="Amina Focal", organisation=None, organisation_name="Ministry of the Interior",
        country=morocco, email=SECRET_EMAIL, phone=SECRET_PHONE,
    )  # fmt: skip
    FocalPointFactory(person=person, country=morocco, start_date=datetime.date(2020, 1, 1))
    GovernanceRoleFactory(
        kind=GovernanceRoleKind.CHAIR, country=morocco,
        start_date=datetime.date(2022, 12, 1), end_date=datetime.date(2024, 1, 1),
    )  # fmt: skip
    GovernanceRoleFactory(
        kind=GovernanceRoleKind.STEERING_COMMITTEE, country=france,
        start_date=datetime.date(2015, 1, 1), end_date=None,
    )  # fmt: skip
    GovernanceRoleFactory(
        kind=GovernanceRoleKind.SECRETARIAT, country=None, organisation=icmpd,
        start_date=datetime.date(2008, 1, 1), end_date=None,
    )  # fmt: skip
    network = NetworkFactory(slug="return-network", name_en="Network on return")
    NetworkMembershipFactory(network=network, person=person, country=morocco)

    plans = build_plans()
    ReferenceCountryFactory(country=morocco, item=plans["marrakesh-2018/D3"])

    meeting = MeetingFactory(
        slug="2014-04-paris-thematic-meeting-legal-migration",
        kind=MeetingKind.THEMATIC_MEETING,
        title_en="Thematic meeting on legal migration",
        title_fr="Réunion thématique sur la migration légale",
        start_date=datetime.date(2014, 4, 24),
        end_date=datetime.date(2014, 4, 25),
        city="Paris",
        country=france,
        framework_items=[plans["marrakesh-2018/A11"], plans["marrakesh-2018/A12"]],
    )
    meeting.participating_countries.add(morocco, france)
    MeetingRoleFactory(meeting=meeting, kind=MeetingRoleKind.HOST, country=france)
    MeetingRoleFactory(meeting=meeting, kind=MeetingRoleKind.CO_CHAIR, country=morocco)
    MeetingRoleFactory(meeting=meeting, kind=MeetingRoleKind.ORGANISER, country=None,
                       organisation=icmpd)  # fmt: skip
    session = SessionFactory(meeting=meeting, order=1, title_en="Labour migration")
    SpeakerFactory(meeting=meeting, person=person, role=SpeakerRole.SPEAKER, session=session)
    recommendation = RecommendationFactory(
        meeting=meeting, number="1", text_en="Create a network of contact points on return.",
        framework_items=[plans["marrakesh-2018/O5"]],
    )  # fmt: skip
    RecommendationFactory(meeting=meeting, parent=recommendation, number="a",
                          text_en="Meet once a year.")  # fmt: skip
    english_only = MeetingFactory(
        slug="2014-06-rabat-senior-officials-meeting",
        kind=MeetingKind.SENIOR_OFFICIALS_MEETING,
        title_en="Senior Officials' Meeting in Rabat",
        title_fr="",
        start_date=datetime.date(2014, 6, 26),
        end_date=datetime.date(2014, 6, 27),
        city="Rabat",
        country=morocco,
    )
    public_doc = DocumentFactory(
        slug="paris-2014-summary", title_en="Summary of debates, Paris 2014",
        title_fr="Synthèse des débats, Paris 2014", meeting=meeting,
        framework_items=[plans["marrakesh-2018/A11"]], countries=[morocco],
    )  # fmt: skip
    secret_doc = DocumentFactory(
        slug="paris-2014-restricted-note", title_en="Restricted note for partners",
        title_fr="Note réservée aux partenaires", meeting=meeting, partners_only=True,
        framework_items=[plans["marrakesh-2018/A12"]], countries=[morocco],
    )  # fmt: skip
    return SimpleNamespace(
        morocco=morocco, france=france, eu=eu, icmpd=icmpd, person=person, network=network,
        plans=plans, meeting=meeting, english_only=english_only, session=session,
        recommendation=recommendation, public_doc=public_doc, secret_doc=secret_doc,
    )  # fmt: skip
