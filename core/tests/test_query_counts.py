"""Query counts of list pages and API lists do not grow with the number of rows.

Each case renders the list with 5 records, then with 30, and asserts the same number of
queries, and at most the pinned figure: an N+1 (a template or serializer touching a
relation that the queryset does not fetch) fails here.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.tests.factories import DocumentFactory
from frameworks.choices import ItemKind
from frameworks.tests.factories import (
    CrosswalkFactory,
    FrameworkFactory,
    FrameworkItemFactory,
    ReferenceCountryFactory,
)
from meetings.models import Participation
from meetings.tests.factories import (
    MeetingFactory,
    MeetingRoleFactory,
    RecommendationFactory,
    SessionFactory,
    SpeakerFactory,
)
from partners.tests.factories import (
    CountryFactory,
    FocalPointFactory,
    GovernanceRoleFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def make_meetings(n):
    items = [FrameworkItemFactory(), FrameworkItemFactory()]
    for i in range(n):
        meeting = MeetingFactory(
            start_date=datetime.date(2014, 1, 1) + datetime.timedelta(days=3 * i),
            framework_items=items,
        )
        meeting.participating_countries.add(meeting.country)
        MeetingRoleFactory(meeting=meeting, kind="host", country=meeting.country)
        MeetingRoleFactory(meeting=meeting, kind="co_chair", country=None,
                           organisation=OrganisationFactory())  # fmt: skip
        SessionFactory(meeting=meeting)


def make_recommendations(n):
    item = FrameworkItemFactory()
    meeting = MeetingFactory()
    for _ in range(n):
        rec = RecommendationFactory(meeting=MeetingFactory(), framework_items=[item])
        RecommendationFactory(meeting=rec.meeting, parent=rec, framework_items=[item])
    assert meeting


def make_documents(n):
    item = FrameworkItemFactory()
    for _ in range(n):
        DocumentFactory(meeting=MeetingFactory(), framework_items=[item],
                        countries=[CountryFactory()])  # fmt: skip
        DocumentFactory(partners_only=True)


def make_people(n):
    for _ in range(n):
        PersonFactory()


def make_organisations(n):
    for _ in range(n):
        OrganisationFactory(country=CountryFactory(), standing="partner")


def make_countries(n):
    for _ in range(n):
        CountryFactory()


def make_items(n):
    framework = FrameworkFactory(slug="marrakesh-2018")
    for _ in range(n):
        domain = FrameworkItemFactory(framework=framework, kind=ItemKind.DOMAIN)
        objective = FrameworkItemFactory(framework=framework, kind=ItemKind.OBJECTIVE,
                                         parent=domain)  # fmt: skip
        action = FrameworkItemFactory(framework=framework, kind=ItemKind.ACTION, parent=objective)
        MeetingFactory(framework_items=[action, objective])
        RecommendationFactory(framework_items=[action])
        DocumentFactory(framework_items=[domain])
        jvap = FrameworkFactory(slug="jvap-2015")  # one other framework, reused
        other = FrameworkItemFactory(framework=jvap, kind=ItemKind.DOMAIN)
        CrosswalkFactory(source_item=other, target_item=domain)


def make_governance(n):
    for i in range(n):
        GovernanceRoleFactory(
            start_date=datetime.date(2000 + i, 1, 1), end_date=datetime.date(2001 + i, 1, 1)
        )
        GovernanceRoleFactory(kind="steering_committee", country=None,
                              organisation=OrganisationFactory())  # fmt: skip


def make_networks(n):
    for _ in range(n):
        NetworkFactory()


def make_focal_points(n):
    for _ in range(n):
        FocalPointFactory(person=PersonFactory(organisation=OrganisationFactory()))


def make_frameworks(n):
    for _ in range(n):
        FrameworkFactory(adopted_country=CountryFactory())


def make_speakers(n):
    for _ in range(n):
        SpeakerFactory(session=SessionFactory())


def make_reference_countries(n):
    for _ in range(n):
        ReferenceCountryFactory()


# (id, URL, builder, pinned maximum of queries). Cached pages and API lists read the content
# version once (core.cache), as does every page for visitors (the anonymous page cache); the
# counts here are with the cache cleared. Each kind of record linked to framework items
# (meetings, recommendations, documents, labelled activities, technical assistance, initiatives)
# costs one query on the tree and the home page, two on an item page, one section on a country
# profile: constant in the number of rows. A list whose filters offer choices (countries,
# framework items, meetings, organisations: core.widgets) reads each list of choices once,
# with the cache cleared as here, and not again until the data change.
CASES = [
    ("countries", "/partners/", make_countries, 6),
    ("organisations", "/partners/organisations/", make_organisations, 3),
    ("people", "/partners/people/", make_people, 5),
    ("governance", "/partners/governance/", make_governance, 6),
    ("networks", "/partners/networks/", make_networks, 3),
    ("frameworks", "/action-plans/", make_frameworks, 3),
    ("framework-tree", "/action-plans/marrakesh-2018/", make_items, 9),
    ("framework-tree-crosswalks", "/action-plans/marrakesh-2018/?crosswalks=1", make_items, 11),
    ("items", "/action-plans/items/", make_items, 5),
    ("meetings", "/meetings/", make_meetings, 10),
    ("meetings-calendar", "/meetings/calendar/?year=2014&month=1", make_meetings, 5),
    ("meetings-feed", "/meetings/feed.ics", make_meetings, 2),
    ("recommendations", "/meetings/recommendations/", make_recommendations, 7),
    ("documents", "/documents/", make_documents, 6),
    ("home", "/", make_meetings, 18),
    ("api-countries", "/api/countries/", make_countries, 3),
    ("api-organisations", "/api/organisations/", make_organisations, 3),
    ("api-people", "/api/people/", make_people, 3),
    ("api-governance-roles", "/api/governance-roles/", make_governance, 3),
    ("api-networks", "/api/networks/", make_networks, 3),
    ("api-focal-points", "/api/focal-points/", make_focal_points, 3),
    ("api-frameworks", "/api/frameworks/", make_frameworks, 3),
    ("api-framework-items", "/api/framework-items/", make_items, 3),
    ("api-crosswalks", "/api/crosswalks/", make_items, 3),
    ("api-reference-countries", "/api/reference-countries/", make_reference_countries, 3),
    ("api-meetings", "/api/meetings/", make_meetings, 7),
    ("api-recommendations", "/api/recommendations/", make_recommendations, 5),
    ("api-speakers", "/api/speakers/", make_speakers, 3),
    ("api-documents", "/api/documents/", make_documents, 3),
    ("api-meetings-csv", "/api/meetings/?format=csv", make_meetings, 7),
    ("export-meetings-csv", "/meetings/?export=csv", make_meetings, 5),
    ("export-documents-json", "/documents/?export=json", make_documents, 1),
]


def count_queries(client, url) -> int:
    cache.clear()  # figures cached for a minute (home, framework tree) are computed afresh
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("url", "build", "pinned"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_queries_do_not_grow_with_rows(client, url, build, pinned):
    build(5)
    few = count_queries(client, url)
    build(25)
    many = count_queries(client, url)
    assert many == few, f"{url}: {few} queries with 5 records, {many} with 30"
    assert many <= pinned, f"{url}: {many} queries, pinned at {pinned}"


@pytest.mark.parametrize(
    ("url", "build"),
    [
        ("/documents/", make_documents),
        ("/api/documents/", make_documents),
        ("/partners/people/", make_people),
        ("/api/focal-points/", make_focal_points),
    ],
)
def test_partner_queries_do_not_grow_with_rows(client, url, build):
    """Partners see more (partners-only documents, contact details): still no N+1."""
    from core.tests.factories import UserFactory

    client.force_login(UserFactory(partner=True))
    build(5)
    few = count_queries(client, url)
    build(25)
    assert count_queries(client, url) == few


# ------------------------------------------------------------------- detail pages


def grow_meeting(meeting, n):
    for _ in range(n):
        session = SessionFactory(meeting=meeting)
        SpeakerFactory(meeting=meeting, session=session)
        rec = RecommendationFactory(meeting=meeting, framework_items=[FrameworkItemFactory()])
        RecommendationFactory(meeting=meeting, parent=rec)
        DocumentFactory(meeting=meeting, framework_items=[FrameworkItemFactory()])
        MeetingRoleFactory(meeting=meeting, kind="co_chair")
        meeting.framework_items.add(FrameworkItemFactory())
        meeting.participating_countries.add(CountryFactory())
        Participation.objects.create(
            meeting=meeting, country=CountryFactory(), source="corpus: list-of-participants.pdf"
        )


def grow_country(country, n):
    from partners.tests.factories import FocalPointFactory

    for _ in range(n):
        hosted = MeetingFactory(country=country)
        MeetingRoleFactory(meeting=hosted, kind="co_chair", country=country)
        MeetingFactory().participating_countries.add(country)
        Participation.objects.create(meeting=MeetingFactory(), country=country, source="list")
        DocumentFactory(countries=[country], meeting=hosted)
        FocalPointFactory(country=country)
        GovernanceRoleFactory(country=country, kind="steering_committee", end_date=None)


def grow_item(item, n):
    child = FrameworkItemFactory(framework=item.framework, kind=ItemKind.OBJECTIVE, parent=item)
    for _ in range(n):
        MeetingFactory(framework_items=[item, child])
        RecommendationFactory(framework_items=[child])
        DocumentFactory(framework_items=[item], meeting=MeetingFactory())
        ReferenceCountryFactory(item=item)
        CrosswalkFactory(source_item=FrameworkItemFactory(), target_item=item)


def grow_person(person, n):
    from partners.tests.factories import FocalPointFactory

    for _ in range(n):
        SpeakerFactory(person=person, session=SessionFactory())
        FocalPointFactory(person=person)


def grow_network(network, n):
    from partners.tests.factories import NetworkMembershipFactory

    for _ in range(n):
        NetworkMembershipFactory(network=network)


def grow_organisation(organisation, n):
    for _ in range(n):
        PersonFactory(organisation=organisation)
        MeetingRoleFactory(organisation=organisation, country=None, kind="organiser")
        GovernanceRoleFactory(organisation=organisation, country=None, kind="secretariat")


DETAIL_CASES = [
    # Meeting and country pages: one query more for the figures the documents quote. Meeting:
    # the delegations recorded as present and their (one) source document; country: the
    # meetings that only name it, listed and counted apart from those it attended.
    ("meeting", lambda: MeetingFactory(), grow_meeting, 14),
    ("country", lambda: CountryFactory(), grow_country, 20),
    ("item", lambda: FrameworkItemFactory(), grow_item, 18),
    ("item-crosswalks", lambda: FrameworkItemFactory(), grow_item, 22),
    ("person", lambda: PersonFactory(), grow_person, 4),
    ("network", lambda: NetworkFactory(), grow_network, 3),
    ("organisation", lambda: OrganisationFactory(), grow_organisation, 5),
]


@pytest.mark.parametrize(
    ("make", "grow", "pinned"), [c[1:] for c in DETAIL_CASES], ids=[c[0] for c in DETAIL_CASES]
)
def test_detail_queries_do_not_grow_with_related_rows(client, request, make, grow, pinned):
    obj = make()
    url = obj.get_absolute_url()
    if request.node.callspec.id == "item-crosswalks":
        url += "?crosswalks=1"
    grow(obj, 3)
    few = count_queries(client, url)
    grow(obj, 12)
    many = count_queries(client, url)
    assert many == few, f"{url}: {few} queries with 3 related rows each, {many} with 15"
    assert many <= pinned, f"{url}: {many} queries, pinned at {pinned}"
