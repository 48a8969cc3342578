"""The review page and the accept/reject flow, with a hand-written extraction (full schema),
and on a database with the reference data loaded as ``rabat load_reference`` loads it (the
Malabo SOM, the Paris thematic meeting) for merging, unknown countries and sister processes."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils.html import escape

from core.tests.factories import UserFactory
from documents.models import Document
from documents.tests.factories import DocumentFactory
from frameworks.tests.factories import FrameworkFactory, FrameworkItemFactory
from knowledge.models import ExtractionDraft, IngestBatch, IngestItem, Passage
from knowledge.review import draft_accept, match_meeting, match_person, normalise_name
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
    assert (
        f'<a class="badge badge-success" href="{fatou.get_absolute_url()}">on record'
        '<span class="visually-hidden">: Mrs Fatou DIALLO</span></a>'
    ) in html
    # Jean Dupont and the observatory are new, each with a name and an organisation (acronym).
    assert html.count('<span class="badge badge-muted">new</span>') == 2
    assert "2 people: 1 on record, 1 complete, 0 to check" in html
    assert "new meeting" in html and "This meeting is already on record" not in html
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
    # Correct fields: the second person is a rapporteur, not a co-chair; the document gets the
    # title and kind the extraction read (the form starts from the document's own).
    data["people-1-role"] = "rapporteur"
    data["draft-title"] = "Conclusions of the SOM in Malabo"
    data["draft-document_kind"] = "conclusions"
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
    data["meeting-end_date"] = "2021-11-01"
    data["recommendations-0-text"] = ""
    response = staff_client.post(f"/library/review/{draft.pk}/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The meeting cannot end before it starts." in html
    assert "Every recommendation needs its text." in html
    assert 'value="2021-11-01"' in html  # the correction is shown again, not lost
    assert not Meeting.objects.exists() and not Recommendation.objects.exists()
    assert Person.objects.count() == 1
    draft.refresh_from_db()
    assert draft.state == "pending"


def test_an_unknown_country_is_reported_and_skipped_not_refused(world, staff_client):
    draft = world["draft"]
    meeting = {**extraction()["meeting"], "country": "XK"}
    draft.data = extraction(countries=["FR", "ZZ"], meeting=meeting)
    draft.save()
    page = staff_client.get(f"/library/review/{draft.pk}/")
    html = page.content.decode()
    # What the extraction proposed is offered as it is, marked, not silently dropped.
    assert '<option value="ZZ" selected>ZZ (not on record)</option>' in html
    assert '<option value="XK" selected>XK (not on record)</option>' in html
    data = form_data(page.context, action="accept")
    assert (data["draft-countries"], data["meeting-country"]) == (["FR", "ZZ"], "XK")
    shown = staff_client.post(f"/library/review/{draft.pk}/", {**data, "action": "select-high"})
    assert "ZZ: unknown, skipped on acceptance" in shown.content.decode()
    response = staff_client.post(f"/library/review/{draft.pk}/", data, follow=True)
    assert response.redirect_chain, response.content.decode()[:2000]
    html = response.content.decode()
    assert "Unknown country ZZ: not recorded (not in the reference data)." in html
    assert "Unknown country of the meeting XK: left empty." in html
    meeting = Meeting.objects.get()
    assert meeting.country is None
    assert list(meeting.participating_countries.values_list("iso2", flat=True)) == ["FR"]
    draft.refresh_from_db()
    assert draft.state == "accepted"
    assert "Unknown country ZZ" in history(draft).get().reason


def test_the_reviewer_maps_an_unknown_country_by_choosing_a_known_one(world, staff_client):
    draft = world["draft"]
    draft.data = extraction(countries=["FR", "SNG"])
    draft.save()
    page = staff_client.get(f"/library/review/{draft.pk}/")
    assert "SNG: unknown, skipped on acceptance" in page.content.decode()
    data = form_data(page.context, action="accept")
    data["draft-countries"] = ["FR", "SN"]  # Senegal chosen by its name in the list
    assert staff_client.post(f"/library/review/{draft.pk}/", data).status_code == 302
    meeting = Meeting.objects.get()
    assert set(meeting.participating_countries.values_list("iso2", flat=True)) == {"FR", "SN"}


def test_countries_mentioned_are_kept_apart_from_those_that_took_part(world, staff_client):
    draft = world["draft"]
    draft.data = extraction(countries=["FR"], countries_mentioned=["SN", "FR"])
    draft.save()
    page = staff_client.get(f"/library/review/{draft.pk}/")
    html = page.content.decode()
    assert "Countries that took part" in html and "Countries mentioned only" in html
    assert page.context["forms"].main["countries_mentioned"].value() == ["SN", "FR"]
    data = form_data(page.context, action="accept")
    assert staff_client.post(f"/library/review/{draft.pk}/", data).status_code == 302
    meeting = Meeting.objects.get()
    assert list(meeting.participating_countries.values_list("iso2", flat=True)) == ["FR"]
    document = world["document"]
    assert set(document.countries.values_list("iso2", flat=True)) == {"FR", "SN"}
    draft.refresh_from_db()
    assert (draft.data["countries"], draft.data["countries_mentioned"]) == (["FR"], ["SN"])


def test_select_high_confidence_ticks_exactly_those_and_saves_nothing(world, staff_client):
    draft = world["draft"]
    people = extraction()["people"] + [
        {"name": "Amadou Ba", "title": "", "organisation": "", "country": "SN", "role": ""}
    ]
    organisations = extraction()["organisations"] + [{"name": "Comité local", "acronym": ""}]
    draft.data = extraction(people=people, organisations=organisations)
    draft.save()
    page = staff_client.get(f"/library/review/{draft.pk}/")
    assert "3 people: 1 on record, 1 complete, 1 to check" in page.content.decode()
    data = form_data(page.context, action="select-high")
    response = staff_client.post(f"/library/review/{draft.pk}/", data)
    assert response.status_code == 200
    assert "Kept 2 of 3 people and 2 of 3 organisations" in response.content.decode()
    forms = response.context["forms"]
    assert [f["include"].value() for f in forms.people.forms[:3]] == [True, True, False]
    assert [f["include"].value() for f in forms.organisations.forms[:3]] == [True, True, False]
    assert not Meeting.objects.exists() and Person.objects.count() == 1
    draft.refresh_from_db()
    assert draft.state == "pending"
    # The one-click variant: the same selection, then accepted.
    data["action"] = "accept-high"
    assert staff_client.post(f"/library/review/{draft.pk}/", data).status_code == 302
    assert Person.objects.filter(name="Jean Dupont").exists()
    assert not Person.objects.filter(name="Amadou Ba").exists()
    assert not Organisation.objects.filter(name_en="Comité local").exists()
    assert Organisation.objects.filter(acronym="OMI").exists()


def test_framework_links_stated_by_the_text_are_ticked_suggestions_only_when_chosen(
    world, staff_client
):
    framework = FrameworkFactory(slug="marrakesh-2018")
    stated = FrameworkItemFactory(framework=framework, kind="action", code="A5")
    suggested = FrameworkItemFactory(framework=framework, kind="action", code="A6")
    draft = world["draft"]
    draft.data = extraction(
        framework_items=[
            {"id": stated.uid, "score": 1.0, "evidence": "Action 5", "source": "explicit"},
            {"id": suggested.uid, "score": 0.3, "evidence": "return", "source": "suggested"},
        ]
    )
    draft.save()
    page = staff_client.get(f"/library/review/{draft.pk}/")
    assert "2 proposed, 1 stated by the text" in page.content.decode()
    data = form_data(page.context, action="accept")
    assert data["framework-0-include"] == "on" and "framework-1-include" not in data
    assert staff_client.post(f"/library/review/{draft.pk}/", data).status_code == 302
    meeting = Meeting.objects.get()
    assert list(meeting.framework_items.all()) == [stated]
    assert list(world["document"].framework_items.all()) == [stated]


def test_a_failed_extraction_is_shown_with_a_rerun_and_cannot_be_accepted(world, staff_client):
    draft = world["draft"]
    batch = IngestBatch.objects.create(source="upload", visibility="partners")
    IngestItem.objects.create(
        batch=batch,
        filename="conclusions.pdf",
        status="done",
        document=world["document"],
        failed_step="extraction",
        error="TypeError: cannot unpack non-iterable Suggestion object",
    )
    page = staff_client.get(f"/library/review/{draft.pk}/")
    html = page.content.decode()
    assert "The step “Extraction” failed on this document." in html
    assert "TypeError: cannot unpack non-iterable Suggestion object" in html
    assert f'action="/library/review/{draft.pk}/extract-again/"' in html
    assert "Run the extraction again" in html
    assert (
        'value="accept" disabled' in html
        and 'value="accept-high" class="secondary" disabled' in html
    )
    data = form_data(page.context, action="accept")
    response = staff_client.post(f"/library/review/{draft.pk}/", data)
    assert response.status_code == 400
    assert "The extraction of this document failed" in response.content.decode()
    assert not Meeting.objects.exists()


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


# -- on the reference data, as `rabat load_reference` loads it ----------------------------

CORPUS = Path(settings.BASE_DIR) / "reference" / "data" / "corpus"


@pytest.fixture
def reference():
    """The countries, organisations and corpus meetings of reference/data (the Malabo SOM of
    17-18 November 2021, the Paris thematic meeting of April 2014 with its documents and
    speakers), loaded by the loaders of ``rabat load_reference`` (the governance and the other
    meetings left out: no test here reads them)."""
    from reference.loaders import (
        Counts,
        load_corpus,
        load_countries,
        load_frameworks,
        load_organisations,
    )

    counts = Counts()
    load_countries(counts=counts)
    load_organisations(counts=counts)
    load_frameworks(counts=counts)
    load_corpus(counts=counts)


def malabo_like(**meeting):
    """What extraction reads from a page about the Malabo SOM (hand-written, real facts)."""
    return extraction(
        title="Rabat Process Senior Officials' Meeting, Malabo",
        meeting={
            "kind": "senior_officials_meeting",
            "start_date": "2021-11-17",
            "end_date": "2021-11-18",
            "city": "Malabo",
            "country": "GQ",
            "format": "hybrid",
            **meeting,
        },
        people=[
            {
                "name": "Jean Dupont",
                "title": "Ambassador",
                "organisation": "IOM",
                "country": "FR",
                "role": "speaker",
            }
        ],  # fmt: skip
        organisations=[{"name": "International Organization for Migration", "acronym": "IOM"}],
        countries=["ES", "GQ"],
        countries_mentioned=["ET"],
        recommendations=[],
    )


def test_a_malabo_like_extraction_merges_into_the_malabo_som(reference, staff_client, secretariat):
    malabo = Meeting.objects.get(slug="2021-11-malabo-senior-officials-meeting")
    # The reference data know the format (hybrid); empty it so the merge has a field to fill.
    Meeting.objects.filter(pk=malabo.pk).update(format="unknown")
    before = (Meeting.objects.count(), malabo.title_en, malabo.start_date, malabo.end_date)
    draft = ExtractionDraft.objects.create(document=DocumentFactory(), data=malabo_like())
    page = staff_client.get(f"/library/review/{draft.pk}/")
    html = page.content.decode()
    assert "This meeting is already on record" in html
    assert f'<a href="{malabo.get_absolute_url()}">{escape(malabo.title)}</a>' in html
    assert "17–18 November 2021" in html or "17-18 November 2021" in html
    forms = page.context["forms"]
    assert forms.meeting["merge"].value() == "merge"  # the default
    assert forms.meeting["merge_into"].value() == malabo.pk
    response = staff_client.post(
        f"/library/review/{draft.pk}/", form_data(page.context, action="accept"), follow=True
    )
    assert response.redirect_chain
    assert "no new meeting was created" in response.content.decode()
    malabo.refresh_from_db()
    assert (Meeting.objects.count(), malabo.title_en, malabo.start_date, malabo.end_date) == before
    assert malabo.format == "hybrid"  # was "unknown": an empty field, filled
    assert Speaker.objects.filter(meeting=malabo, person__name="Jean Dupont").exists()
    assert {"ES", "GQ"} <= set(malabo.participating_countries.values_list("iso2", flat=True))
    assert not malabo.participating_countries.filter(iso2="ET").exists()
    latest = malabo.history.latest()
    assert latest.history_user == secretariat
    assert latest.history_change_reason.startswith("Merged from the extraction of ")
    draft.refresh_from_db()
    assert draft.meeting == malabo
    assert (
        history(draft)
        .get()
        .reason.startswith("Added to the existing meeting 2021-11-malabo-senior-officials-meeting.")
    )


def test_merging_never_overwrites_and_a_new_meeting_is_created_only_when_asked(
    reference, staff_client
):
    malabo = Meeting.objects.get(slug="2021-11-malabo-senior-officials-meeting")
    own = (malabo.city, malabo.format)
    count = Meeting.objects.count()
    # The text calls the place "Malabo (Bioko)" and says nothing of the format: the record
    # keeps its own values.
    draft = ExtractionDraft.objects.create(
        document=DocumentFactory(), data=malabo_like(city="Bioko", country="GQ", format=None)
    )
    page = staff_client.get(f"/library/review/{draft.pk}/")
    assert page.context["meeting_match"] == malabo  # same country, overlapping dates
    data = form_data(page.context, action="accept")
    data["meeting-merge"] = "new"
    assert staff_client.post(f"/library/review/{draft.pk}/", data).status_code == 302
    assert Meeting.objects.count() == count + 1
    created = Meeting.objects.get(city="Bioko")
    assert created != malabo and created.start_date == datetime.date(2021, 11, 17)
    malabo.refresh_from_db()
    assert (malabo.city, malabo.format) == own == ("Malabo", "hybrid")


MATCHING = [
    ({}, True),
    ({"start_date": "2021-11", "end_date": None}, True),  # known to the month
    ({"start_date": "2021", "end_date": None, "date_precision": "year"}, True),
    ({"city": None, "country": "GQ"}, True),  # the country is enough
    ({"city": "Malabo", "country": None}, True),
    ({"start_date": "2021-11-18", "end_date": "2021-11-20"}, True),  # overlapping
    ({"start_date": "2021-11-19", "end_date": "2021-11-20"}, False),
    ({"start_date": "2021-12", "end_date": None}, False),
    ({"kind": "thematic_meeting"}, False),
    ({"city": "Dakar", "country": "SN"}, False),
]


def test_matching_a_meeting_by_kind_dates_and_place(reference):
    malabo = Meeting.objects.get(slug="2021-11-malabo-senior-officials-meeting")
    found = [match_meeting({**malabo_like()["meeting"], **changes}) for changes, _ in MATCHING]
    assert [meeting == malabo for meeting in found] == [expected for _, expected in MATCHING]
    assert {meeting for meeting in found if meeting != malabo} == {None}


def test_a_meeting_known_to_the_month_is_created_with_that_precision(world, secretariat):
    draft = world["draft"]
    data = extraction(
        meeting={
            "kind": "thematic_meeting",
            "start_date": "2023-03",
            "end_date": None,
            "city": "Lisbon",
            "country": None,
            "format": None,
        }  # fmt: skip
    )
    summary = draft_accept(draft=draft, data=data, user=secretariat)
    meeting = summary["meeting"]
    assert (meeting.start_date, meeting.end_date, meeting.date_precision) == (
        datetime.date(2023, 3, 1), datetime.date(2023, 3, 1), "month")  # fmt: skip


def test_a_khartoum_process_meeting_creates_no_rabat_process_meeting(reference, staff_client):
    count = Meeting.objects.count()
    data = extraction(
        title="Khartoum Process Senior Officials' Meeting",
        meeting={
            "kind": "senior_officials_meeting",
            "start_date": "2021-11-17",  # the very dates of the Malabo SOM: no merge either
            "end_date": "2021-11-18",
            "city": "Malabo",
            "country": "GQ",
            "format": "hybrid",
            "processes": ["khartoum"],
        },
        people=[
            {
                "name": "Jean Dupont",
                "title": "Ambassador",
                "organisation": "IOM",
                "country": "FR",
                "role": "chair",
            }
        ],  # fmt: skip
        organisations=[{"name": "Observatoire des migrations", "acronym": "OMI"}],
        countries=["FR"],
        countries_mentioned=["SN", "ET"],
    )
    document = DocumentFactory()
    draft = ExtractionDraft.objects.create(document=document, data=data)
    page = staff_client.get(f"/library/review/{draft.pk}/")
    html = page.content.decode()
    assert (
        "This page describes a meeting of the Khartoum Process; no Rabat Process meeting "
        "will be created."
    ) in html
    assert "This meeting is already on record" not in html
    response = staff_client.post(
        f"/library/review/{draft.pk}/", form_data(page.context, action="accept"), follow=True
    )
    assert response.redirect_chain, response.content.decode()[:2000]
    assert "no Rabat Process meeting was created" in response.content.decode()
    assert Meeting.objects.count() == count
    assert not Speaker.objects.filter(person__name="Jean Dupont").exists()
    assert Person.objects.filter(name="Jean Dupont").exists()
    assert Organisation.objects.filter(acronym="OMI").exists()
    document.refresh_from_db()
    assert document.meeting is None
    assert set(document.countries.values_list("iso2", flat=True)) == {"FR", "SN"}
    assert not Recommendation.objects.filter(text_en__startswith="Create a network").exists()
    draft.refresh_from_db()
    assert draft.state == "accepted" and draft.data["meeting"]["processes"] == ["khartoum"]


def test_a_joint_meeting_with_the_rabat_process_is_recorded(world, secretariat):
    existing = MeetingFactory(
        kind="senior_officials_meeting", start_date=datetime.date(2021, 11, 25), city="Malabo"
    )
    draft = world["draft"]
    data = extraction()
    data["meeting"]["processes"] = ["khartoum", "rabat"]
    summary = draft_accept(draft=draft, data=data, user=secretariat)
    assert summary["merged"] == existing and summary["skipped"] == []
    assert Speaker.objects.filter(meeting=existing).count() == 2


def test_the_paris_2014_summary_is_reviewed_and_merged_without_duplicates(reference, staff_client):
    """The real document, the real extraction: its meeting is the Paris thematic meeting the
    reference data hold, its countries include some the reference data do not know."""
    from knowledge.parsing import parse_file
    from knowledge.services import run_extraction

    parsed = parse_file(CORPUS / "2014-04-paris-thematic-meeting-crisis-context.txt")
    data, error = run_extraction(parsed)
    assert error == ""
    paris = Meeting.objects.get(slug="2014-04-paris-thematic-meeting-migrants-crisis-context")
    document = Document.objects.get(slug="2014-04-paris-thematic-meeting-crisis-context")
    assert document.meeting == paris
    draft = ExtractionDraft.objects.create(document=document, data=data)
    count, people = Meeting.objects.count(), Person.objects.count()
    points = list(paris.recommendations.values_list("pk", "text_en"))
    roles = set(paris.speakers.values_list("person", "role"))
    last_speaker = Speaker.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert len(points) == len(data["recommendations"]) == 11
    unknown = [p["name"] for p in data["people"] if match_person(p["name"]) is None]
    assert len(unknown) < len(data["people"]) / 2  # most speakers are on record already
    page = staff_client.get(f"/library/review/{draft.pk}/")
    assert page.status_code == 200
    assert page.context["meeting_match"] == paris
    response = staff_client.post(
        f"/library/review/{draft.pk}/", form_data(page.context, action="accept"), follow=True
    )
    assert response.redirect_chain, response.context["errors"]
    assert Meeting.objects.count() == count
    draft.refresh_from_db()
    assert draft.state == "accepted" and draft.meeting == paris
    # The eleven conclusions the reference data hold (read by hand) are the same points: linked,
    # neither duplicated nor rewritten.
    assert list(paris.recommendations.values_list("pk", "text_en")) == points
    # The speakers the reference data hold are matched, not created again.
    assert Person.objects.count() - people == len(unknown)
    names = [normalise_name(p.name) for p in Person.objects.all()]
    assert len(names) == len(set(names))
    # A speaker already on record in a session is not given a second row for the same role.
    added = paris.speakers.filter(pk__gt=last_speaker).values_list("person", "role")
    assert not set(added) & roles
    assert paris.speakers.values("person").distinct().count() >= len(data["people"])


def test_accepting_keeps_a_documents_hand_read_title_and_kind(world, staff_client):
    """A document of the reference data has a title and kind read by hand: the form starts
    from them, so accepting without touching them changes neither."""
    document = world["document"]
    document.title_en, document.kind = "Conclusions of the Malabo SOM (read by hand)", "report"
    document.save()
    draft = world["draft"]
    page = staff_client.get(f"/library/review/{draft.pk}/")
    assert page.context["forms"].main["title"].value() == document.title_en
    response = staff_client.post(
        f"/library/review/{draft.pk}/", form_data(page.context, action="accept")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    document.refresh_from_db()
    assert (document.title_en, document.kind) == (
        "Conclusions of the Malabo SOM (read by hand)",
        "report",
    )


def test_review_offers_countries_by_name_and_refuses_one_not_offered(world, staff_client):
    draft = world["draft"]
    page = staff_client.get(f"/library/review/{draft.pk}/")
    html = page.content.decode()
    assert '<select name="draft-countries"' in html
    assert '<option value="FR" selected>France</option>' in html
    assert '<option value="GQ" selected>Equatorial Guinea</option>' in html  # the meeting's
    data = form_data(page.context, action="accept")
    data["draft-countries"] = ["FR", "XX"]
    response = staff_client.post(f"/library/review/{draft.pk}/", data)
    assert response.status_code == 400
    assert "Select a valid choice. XX is not one of the available choices." in (
        response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.state == "pending" and not Meeting.objects.exists()
