"""The workspace of a domain: actions, linked work within the reference period, white spots."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from core.registry import LinkedKind, dated_between, framework_item_links, framework_links
from documents.tests.factories import DocumentFactory
from labels.tests.factories import LabelApplicationFactory
from meetings.models import Meeting
from meetings.tests.factories import MeetingFactory, RecommendationFactory
from workspaces.models import ReferenceCountryReport, Theme

pytestmark = pytest.mark.django_db

D3 = reverse("workspaces:workspace", kwargs={"framework": "marrakesh-2018", "code": "D3"})


def rows_of(response):
    return {
        row.item.code: {k.key: [r.pk for r in k.records] for k in row.kinds if k.records}
        for row in response.context["rows"]
        if not row.white_spot
    }


def test_the_list_shows_each_domain_with_its_reference_countries(plans):
    response = Client().get(reverse("workspaces:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(D3) == 1 and "Switzerland" in html and "Chad" in html and "Niger" in html
    assert "13 February 2019 – 31 December 2027" in html
    csv = Client().get(reverse("workspaces:list") + "?export=csv&country=TD").content.decode()
    assert "marrakesh-2018/D3" in csv and "marrakesh-2018/D4" not in csv


def test_per_action_records_are_limited_to_the_reference_period(plans):
    a10, a11, a12 = (plans[f"marrakesh-2018/A{n}"] for n in (10, 11, 12))
    inside = MeetingFactory(start_date=datetime.date(2021, 11, 17), framework_items=[a11])
    MeetingFactory(start_date=datetime.date(2014, 4, 24), framework_items=[a11])  # before
    MeetingFactory(start_date=datetime.date(2028, 3, 1), framework_items=[a12])  # after
    overlapping = MeetingFactory(
        start_date=datetime.date(2019, 2, 12),
        end_date=datetime.date(2019, 2, 13),
        framework_items=[a12],
    )
    document = DocumentFactory(date=datetime.date(2020, 5, 1), framework_items=[a11])
    DocumentFactory(date=None, framework_items=[a11])  # undated: outside a bounded period
    recommendation = RecommendationFactory(meeting=inside, framework_items=[a11])
    response = Client().get(D3)
    assert response.status_code == 200
    assert rows_of(response) == {
        "A11": {
            "meetings": [inside.pk],
            "documents": [document.pk],
            "recommendations": [recommendation.pk],
        },
        "A12": {"meetings": [overlapping.pk]},
    }
    assert [row.item.code for row in response.context["white_spots"]] == ["A10"]
    html = response.content.decode()
    assert "White spots" in html and inside.title in html
    assert "Thematic meeting" in html  # the meetings app's own rows template


def test_work_linked_to_the_domain_as_a_whole_is_shown_apart(plans):
    meeting = MeetingFactory(
        start_date=datetime.date(2021, 1, 1), framework_items=[plans["marrakesh-2018/O5"]]
    )
    response = Client().get(D3)
    assert [r.pk for k in response.context["general"].kinds for r in k.records] == [meeting.pk]
    assert len(response.context["white_spots"]) == 3


def test_partners_only_documents_are_hidden_from_visitors(plans, swiss_client):
    a11 = plans["marrakesh-2018/A11"]
    secret = DocumentFactory(
        partners_only=True, date=datetime.date(2020, 1, 1), framework_items=[a11]
    )
    ReferenceCountryReport.objects.create(
        assignment=plans.ch_d3, kind="roadmap", title="Roadmap 2019", document=secret, text="Aims."
    )
    public = Client().get(D3)
    assert secret.title not in public.content.decode()
    assert "A11" not in rows_of(public)
    assert "Roadmap 2019" in public.content.decode()  # the report's text is public
    partner = swiss_client.get(D3)
    assert rows_of(partner)["A11"] == {"documents": [secret.pk]}
    assert partner.content.decode().count(secret.title) == 2  # in A11 and as the roadmap


def test_whatever_kind_is_registered_shows_up(plans, monkeypatch):
    """Labels, assistance and follow-up register their kinds in their own branches: the page
    shows any registered kind through its pairs/records/dates, nothing hard-coded."""
    pairs, records = framework_item_links(Meeting, order_by=("start_date",), select_related=())
    kind = LinkedKind(
        key="labelled",
        label=lambda: "Labelled activities",
        pairs=pairs,
        records=lambda ids, user: records(ids, user).labelled(),
        template="meetings/includes/meeting_rows.html",
        dates=dated_between("start_date", "end_date"),
        order=99,
    )
    monkeypatch.setattr(framework_links, "entries", [*framework_links.entries, kind])
    labelled = MeetingFactory(
        start_date=datetime.date(2020, 10, 1),
        framework_items=[plans["marrakesh-2018/A10"]],
    )
    LabelApplicationFactory(meeting=labelled, state="labelled")  # the label makes it labelled
    response = Client().get(D3)
    assert rows_of(response)["A10"] == {"meetings": [labelled.pk], "labelled": [labelled.pk]}
    assert "Labelled activities" in response.content.decode()


def test_domain_counts_take_a_bounded_number_of_queries(plans, django_assert_max_num_queries):
    for n in range(10):
        MeetingFactory(
            start_date=datetime.date(2020, 1, n + 1),
            framework_items=[plans["marrakesh-2018/A11"], plans["marrakesh-2018/A12"]],
        )
    client = Client()
    with django_assert_max_num_queries(25):
        client.get(D3)


def test_visitors_get_the_cached_figures_until_something_changes(plans):
    a10 = plans["marrakesh-2018/A10"]
    assert Client().get(D3).context["white_spots"]
    MeetingFactory(start_date=datetime.date(2020, 1, 1), framework_items=[a10])
    assert "A10" in rows_of(Client().get(D3))


def test_a_theme_added_shows_on_the_cached_public_page(plans):
    Client().get(D3)
    Theme.objects.create(assignment=plans.td_d3, title="Statelessness")
    assert "Statelessness" in Client().get(D3).content.decode()


def test_unknown_domain_or_a_non_domain_is_404(plans):
    assert Client().get("/reference-countries/marrakesh-2018/D9/").status_code == 404
    assert Client().get("/reference-countries/marrakesh-2018/A11/").status_code == 404
