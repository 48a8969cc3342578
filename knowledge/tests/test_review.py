"""The review page and the accept/reject flow, with a hand-written extraction (full schema)."""

import datetime

import pytest
from django.test import Client

from core.tests.factories import UserFactory
from documents.tests.factories import DocumentFactory
from frameworks.tests.factories import FrameworkFactory, FrameworkItemFactory
from knowledge.models import ExtractionDraft, Passage
from knowledge.review import draft_accept, normalise_name
from meetings.models import Meeting, Recommendation, Speaker
from meetings.tests.factories import MeetingFactory
from partners.models import Organisation, Person
from partners.tests.factories import CountryFactory, OrganisationFactory, PersonFactory
from workflows.engine import history
from workflows.locking import Conflict

pytestmark = pytest.mark.django_db

SOURCE = [
    ("heading", "Conclusions of the Senior Officials' Meeting, Malabo"),
    ("paragraph", "The meeting was chaired by H.E. Mrs Fatou Diallo of IOM, with Jean Dupont."),
    ("list_item", "Create a network of contact points on return."),
    ("list_item", "Strengthen the protection of migrants."),
]


def extraction(**overrides):
    data = {
        "title": "Conclusions of the SOM in Malabo",
        "language": "en",
        "document_kind": "conclusions",
        "meeting": {
            "kind": "senior_officials_meeting",
            "start_date": "2021-11-25",
            "end_date": "2021-11-26",
            "city": "Malabo",
            "country": "GQ",
            "format": "hybrid",
        },
        "people": [
            {"name": "Fatou Diallo", "title": "Director", "organisation": "IOM", "country": "SN", "role": "chair"},  # noqa: E501
            {"name": "Jean Dupont", "title": "Ambassador", "organisation": "Ministère de l'Intérieur", "country": "FR", "role": "co-chair"},  # noqa: E501
        ],
        "organisations": [
            {"name": "International Organization for Migration", "acronym": "IOM"},
            {"name": "Observatoire des migrations", "acronym": "OMI"},
        ],
        "countries": ["FR", "SN"],
        "recommendations": [
            {"number": "1", "text": "Create a network of contact points on return.", "framework_items": ["marrakesh-2018/A5"],  # noqa: E501
             "sub_points": [{"number": "a", "text": "Meet twice a year."}]},
            {"number": "2", "text": "Strengthen the protection of migrants.", "framework_items": []},  # noqa: E501
        ],
        "framework_items": [{"id": "marrakesh-2018/A5", "score": 0.8, "evidence": "network"}],
        "figures": [{"value": "95", "sentence": "95 participants"}],
    }  # fmt: skip
    data.update(overrides)
    return data


@pytest.fixture
def world():
    countries = {
        code: CountryFactory(iso2=code, iso3=code + "X", name_en=name)
        for code, name in (("FR", "France"), ("SN", "Senegal"), ("GQ", "Equatorial Guinea"))
    }
    iom = OrganisationFactory(acronym="IOM", name_en="International Organization for Migration")
    fatou = PersonFactory(name="Mrs Fatou DIALLO", organisation=iom, country=countries["SN"])
    document = DocumentFactory(visibility="partners")
    Passage.objects.bulk_create(
        Passage(document=document, position=i, kind=kind, text=text, page=1)
        for i, (kind, text) in enumerate(SOURCE)
    )
    draft = ExtractionDraft.objects.create(document=document, data=extraction())
    return {
        "countries": countries,
        "iom": iom,
        "fatou": fatou,
        "document": document,
        "draft": draft,
    }  # noqa: E501


@pytest.fixture
def secretariat():
    return UserFactory(role="Secretariat")


@pytest.fixture
def staff_client(secretariat):
    client = Client()
    client.force_login(secretariat)
    return client


def form_data(page_context, **changes):
    """The POST a browser sends for the review form as rendered (every field as shown)."""
    forms = page_context["forms"]
    data = {}
    for part in forms.parts():
        if hasattr(part, "management_form"):
            for field in part.management_form:
                data[field.html_name] = field.value()
            members = part.forms
        else:
            members = [part]
        for form in members:
            for field in form:
                value = field.value()
                if field.widget_type == "checkbox":
                    if value:
                        data[field.html_name] = "on"
                elif value is not None:
                    data[field.html_name] = value
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_normalised_names_ignore_case_accents_and_honorifics():
    assert normalise_name("H.E. Mrs Fatou  DIALLO-Sarr") == "fatou diallo sarr"
    assert normalise_name("M. Jérôme Élysée") == "jerome elysee"


def test_review_page_shows_source_with_highlights_and_matches(world, staff_client):
    response = staff_client.get(f"/library/review/{world['draft'].pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>Fatou Diallo</mark>" in html
    assert "<mark>IOM</mark>" in html
    assert "<mark>Create a network of contact points on return.</mark>" in html
    fatou = world["fatou"]
    assert f'matched: <a href="{fatou.get_absolute_url()}">Mrs Fatou DIALLO</a>' in html
    # New: the meeting, Jean Dupont and the observatory.
    assert html.count('<p class="match">new</p>') == 3
    assert 'value="Malabo"' in html and 'value="2021-11-25"' in html
    context = response.context
    assert context["person_matches"] == [world["fatou"], None]
    assert context["organisation_matches"] == [world["iom"], None]
    assert context["country_matches"] == {
        "FR": world["countries"]["FR"],
        "SN": world["countries"]["SN"],
    }  # noqa: E501


def test_accepting_creates_the_records_linked_to_existing_ones(world, staff_client, secretariat):
    item = FrameworkItemFactory(
        framework=FrameworkFactory(slug="marrakesh-2018"), kind="action", code="A5"
    )
    draft = world["draft"]
    page = staff_client.get(f"/library/review/{draft.pk}/")
    data = form_data(page.context, action="accept")
    # Correct one field: the second person is a rapporteur, not a co-chair.
    data["people-1-role"] = "rapporteur"
    response = staff_client.post(f"/library/review/{draft.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]

    meeting = Meeting.objects.get(city="Malabo")
    assert (meeting.kind, meeting.start_date, meeting.format) == (
        "senior_officials_meeting", datetime.date(2021, 11, 25), "hybrid")  # fmt: skip
    assert meeting.country == world["countries"]["GQ"]
    assert set(meeting.participating_countries.values_list("iso2", flat=True)) == {"FR", "SN"}
    # Fatou Diallo matched, never duplicated; Jean Dupont is new.
    assert Person.objects.filter(name__icontains="diallo").count() == 1
    speakers = {s.person.name: s.role for s in Speaker.objects.filter(meeting=meeting)}
    assert speakers == {"Mrs Fatou DIALLO": "chair", "Jean Dupont": "rapporteur"}
    dupont = Person.objects.get(name="Jean Dupont")
    assert dupont.country == world["countries"]["FR"]
    assert dupont.organisation is None and dupont.organisation_name == "Ministère de l'Intérieur"
    # IOM matched by acronym; the unknown observatory created once.
    assert Organisation.objects.filter(acronym="IOM").count() == 1
    assert Organisation.objects.filter(acronym="OMI").count() == 1
    top = Recommendation.objects.filter(meeting=meeting, parent__isnull=True).order_by("number")
    assert [(r.number, r.text_en) for r in top] == [
        ("1", "Create a network of contact points on return."),
        ("2", "Strengthen the protection of migrants."),
    ]
    assert [(s.number, s.text_en) for s in top[0].subpoints.all()] == [("a", "Meet twice a year.")]
    assert list(top[0].framework_items.all()) == [item]
    document = world["document"]
    document.refresh_from_db()
    assert (document.meeting, document.kind) == (meeting, "conclusions")
    assert document.title_en == "Conclusions of the SOM in Malabo"
    draft.refresh_from_db()
    assert draft.state == "accepted" and draft.reviewed_by == secretariat
    assert draft.data["people"][1]["role"] == "rapporteur"
    assert [log.transition for log in history(draft)] == ["accept"]


def test_accepting_twice_or_for_an_existing_meeting_never_duplicates(world, secretariat):
    existing = MeetingFactory(
        kind="senior_officials_meeting", start_date=datetime.date(2021, 11, 25), city="Malabo"
    )
    draft = world["draft"]
    summary = draft_accept(draft=draft, data=draft.data, user=secretariat)
    assert summary["meeting"] == existing
    assert Meeting.objects.count() == 1
    second = ExtractionDraft.objects.create(document=DocumentFactory(), data=extraction())
    again = draft_accept(draft=second, data=second.data, user=secretariat)
    assert again["created"] == []  # everything matched the first acceptance
    assert Meeting.objects.count() == 1
    assert Recommendation.objects.filter(meeting=existing, parent__isnull=True).count() == 2
    assert Person.objects.filter(name="Jean Dupont").count() == 1
    assert Speaker.objects.filter(meeting=existing).count() == 2


def test_invalid_corrections_save_nothing(world, staff_client):
    draft = world["draft"]
    page = staff_client.get(f"/library/review/{draft.pk}/")
    data = form_data(page.context, action="accept")
    data["draft-countries"] = "FR, ZZ"
    data["meeting-end_date"] = "2021-11-01"
    response = staff_client.post(f"/library/review/{draft.pk}/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Unknown countries: ZZ." in html
    assert "The meeting cannot end before it starts." in html
    assert not Meeting.objects.exists() and not Recommendation.objects.exists()
    assert Person.objects.count() == 1
    draft.refresh_from_db()
    assert draft.state == "pending"


def test_a_stale_form_is_a_conflict(world, secretariat, staff_client):
    draft = world["draft"]
    page = staff_client.get(f"/library/review/{draft.pk}/")
    data = form_data(page.context, action="accept")
    from workflows.locking import save_versioned

    save_versioned(draft, data=extraction(title="Changed meanwhile"))
    response = staff_client.post(f"/library/review/{draft.pk}/", data)
    assert response.status_code == 409
    assert not Meeting.objects.exists()
    with pytest.raises(Conflict):
        draft_accept(draft=draft, data=draft.data, user=secretariat, expected_version=1)


def test_rejecting_creates_nothing_and_is_logged(world, staff_client):
    draft = world["draft"]
    response = staff_client.post(
        f"/library/review/{draft.pk}/",
        {"action": "reject", "reason": "Not a meeting report", "draft-version": draft.version},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == "rejected"
    assert not Meeting.objects.exists()
    log = history(draft).get()
    assert (log.transition, log.reason) == ("reject", "Not a meeting report")
    # Already reviewed: accepting now is refused.
    page = staff_client.get(f"/library/review/{draft.pk}/")
    assert "already reviewed" in page.content.decode()


def test_an_empty_extraction_renders_and_can_be_filled_in(staff_client, secretariat):
    from knowledge.extract import empty_extraction

    draft = ExtractionDraft.objects.create(document=DocumentFactory(), data=empty_extraction())
    page = staff_client.get(f"/library/review/{draft.pk}/")
    assert page.status_code == 200
    CountryFactory(iso2="MA", name_en="Morocco")
    data = form_data(
        page.context,
        action="accept",
        **{
            "meeting-include": "on",
            "meeting-kind": "thematic_meeting",
            "meeting-start_date": "2024-05-02",
            "meeting-city": "Rabat",
            "meeting-country": "MA",
            "recommendations-0-include": "on",
            "recommendations-0-number": "1",
            "recommendations-0-text": "Share data on return.",
        },
    )
    response = staff_client.post(f"/library/review/{draft.pk}/", data)
    assert response.status_code == 302
    meeting = Meeting.objects.get(city="Rabat")
    assert meeting.end_date == datetime.date(2024, 5, 2)
    assert meeting.recommendations.get().text_en == "Share data on return."


def test_review_is_for_the_secretariat_only(world, partner_client, anon_client):
    url = f"/library/review/{world['draft'].pk}/"
    assert partner_client.get(url).status_code == 403
    assert partner_client.post(url, {"action": "reject"}).status_code == 403
    assert anon_client.get(url).status_code == 302
    world["draft"].refresh_from_db()
    assert world["draft"].state == "pending"
