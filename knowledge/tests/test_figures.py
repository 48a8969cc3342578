"""Quoted figures: a document's figures become records with their source passage, shown on the
meeting and country pages, found by the search, listed by the API and in the open data.

The database is built as ``make run`` builds it (``load_reference``), and the Paris thematic
meeting's summary goes through the real pipeline (``corpus_ingest``: parser, passages,
extraction) before ``quoted_figures_from_draft`` turns its draft's figures into records.
"""

import hashlib
import shutil
from decimal import Decimal

import pytest
from django.urls import reverse

from core.tests.factories import UserFactory, signed_in_client
from core.tests.module_db import rolled_back
from documents.services import document_save
from knowledge.figures import counted_phrase, figure_value, quoted_figures_from_draft
from knowledge.models import ExtractionDraft, QuotedFigure
from knowledge.parsing import parse_file
from knowledge.services import corpus_ingest, document_from_parsed
from meetings.models import Meeting
from partners.models import Country
from reference.loaders import CORPUS_DIR_NAME, DEFAULT_DATA_DIR, load_all

pytestmark = pytest.mark.django_db

PARIS_FILE = "2014-04-paris-thematic-meeting-crisis-context.txt"
PARIS_MEETING = "2014-04-paris-thematic-meeting-migrants-crisis-context"
DISPLACED = "The Malian crisis caused the internal displacement of 301,027 persons"
SECRET = "In Niger, 4,321 persons were hosted in transit centres in the first half of the year."


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Reference data, the Paris summary through the pipeline and its figures as records; a
    partners-only document about Niger quoting one figure, about the same meeting. Built once
    for the module, in a transaction rolled back at the end."""
    with rolled_back(django_db_blocker):
        load_all()
        folder = tmp_path_factory.mktemp("corpus")
        shutil.copy(DEFAULT_DATA_DIR / CORPUS_DIR_NAME / PARIS_FILE, folder / PARIS_FILE)
        (item,) = corpus_ingest(folder=folder, parse=parse_file)
        document = item.document
        draft = document.drafts.get()
        # The pipeline made the figures: what it created, as the service counts them.
        made = QuotedFigure.objects.filter(document=document).count()
        first = {"created": made, "skipped": 0}
        meeting = Meeting.objects.get(slug=PARIS_MEETING)

        secret_file = tmp_path_factory.mktemp("secret") / "niger-note.txt"
        secret_file.write_text(f"Note for the partners\n\n{SECRET}\n", encoding="utf-8")
        secret = document_from_parsed(
            path=secret_file,
            filename=secret_file.name,
            sha256=hashlib.sha256(secret_file.read_bytes()).hexdigest(),
            parsed=parse_file(secret_file),
            visibility="partners",
        )
        quoted_figures_from_draft(draft=secret.drafts.get(), meeting=meeting)
        yield {
            "document": document,
            "draft": draft,
            "first": first,
            "meeting": meeting,
            "secret": secret,
        }


@pytest.fixture
def displaced(world):
    return QuotedFigure.objects.select_related("passage", "country", "meeting").get(
        document=world["document"], text="301,027"
    )


@pytest.fixture
def hidden(world):
    return QuotedFigure.objects.get(document=world["secret"], text="4,321")


# -- the service -------------------------------------------------------------------------


def test_quoted_figures_from_draft_keeps_the_figure_with_its_source(world, displaced):
    assert world["first"]["created"] >= 10 and world["first"]["skipped"] == 0
    assert displaced.value == Decimal("301027")
    assert displaced.counts == "persons"
    assert displaced.unit == ""
    assert displaced.sentence.startswith(DISPLACED)
    assert DISPLACED in displaced.passage.text  # the passage the sentence stands in
    assert displaced.passage.document_id == world["document"].pk
    assert displaced.country.iso2 == "ML"  # "Malian": one country named
    assert displaced.meeting == world["meeting"]  # the reference document's meeting
    money = QuotedFigure.objects.get(document=world["document"], text="€ 1,273,719")
    assert (money.value, money.unit) == (Decimal("1273719"), "€")
    # "Algeria received 35,411 refugees coming from Libya": two countries, so none.
    assert QuotedFigure.objects.get(document=world["document"], text="35,411").country is None


def test_quoted_figures_from_draft_twice_changes_nothing(world):
    before = list(QuotedFigure.objects.filter(document=world["document"]).values())
    again = quoted_figures_from_draft(draft=world["draft"])
    assert again == {
        "created": 0,
        "updated": 0,
        "unchanged": world["first"]["created"],
        "removed": 0,
        "skipped": 0,
    }
    assert list(QuotedFigure.objects.filter(document=world["document"]).values()) == before


def test_quoted_figures_from_draft_follows_the_reviewed_draft(world):
    """Accepting a draft gives the meeting; a figure taken out of the draft goes; a figure not
    written in digits is skipped."""
    document = world["document"]
    other = Meeting.objects.exclude(pk=world["meeting"].pk).order_by("pk").first()
    figures = [f for f in world["draft"].data["figures"] if f["text"] != "35,411"]
    figures.append({"value": "four", "text": "four", "sentence": "Four pilot programmes."})
    draft = ExtractionDraft.objects.create(document=document, data={"figures": figures})
    counts = quoted_figures_from_draft(draft=draft, meeting=other)
    assert counts["removed"] == 1 and counts["skipped"] == 1 and counts["created"] == 0
    assert counts["updated"] == world["first"]["created"] - 1
    assert not QuotedFigure.objects.filter(document=document, text="35,411").exists()
    assert set(
        QuotedFigure.objects.filter(document=document).values_list("meeting", flat=True)
    ) == {other.pk}


def test_a_failed_extraction_removes_no_figure(world):
    document = world["document"]
    count = QuotedFigure.objects.filter(document=document).count()
    draft = ExtractionDraft.objects.create(
        document=document, data={"figures": [], "error": "RuntimeError"}
    )
    assert quoted_figures_from_draft(draft=draft)["removed"] == 0
    assert QuotedFigure.objects.filter(document=document).count() == count


@pytest.mark.parametrize(
    "value, text, expected",
    [
        (301027, "301,027", Decimal("301027")),
        (9800000.0, "9.8 million", Decimal("9800000")),
        ("95", "95", Decimal("95")),
        ("1 500", "1 500", Decimal("1500")),
        ("9.8 million", "9.8 million", Decimal("9800000")),
        ("2,5", "2,5", Decimal("2.5")),
        ("four", "four", None),
        ("around ten", "around ten", None),
    ],
)
def test_figure_value(value, text, expected):
    assert figure_value(value, text) == expected


@pytest.mark.parametrize(
    "sentence, text, expected",
    [
        ("It mobilised a total of 95 participants (face-to-face).", "95", "participants"),
        ("22 Dialogue partner countries were represented.", "22", "Dialogue partner countries"),
        ("Over 100 delegates from 39 partners attended.", "39", "partners"),
        ("Algeria received 35,411 refugees coming from Libya.", "35,411", "refugees"),
        ("doctors (18 of them working in 3 refugee camps)", "3", "refugee camps"),
        ("doctors (18 of them working in 3 refugee camps)", "18", ""),
        ("75% of whom were women", "75%", ""),
        (
            "the representatives of 57 African and European countries",
            "57",
            "African and European countries",
        ),  # noqa: E501
        ("Lake Chad shrank by 90 % due to overuse.", "90 %", ""),
    ],
)
def test_counted_phrase(sentence, text, expected):
    assert counted_phrase(sentence, text) == expected


def test_the_same_figure_twice_in_a_sentence_is_two_records(world):
    sentence = "Two papers look at policies in 6 African and 6 European countries."
    six = {"value": 6, "text": "6", "sentence": sentence}
    draft = ExtractionDraft.objects.create(document=world["secret"], data={"figures": [six, six]})
    assert quoted_figures_from_draft(draft=draft)["created"] == 2
    rows = QuotedFigure.objects.filter(document=world["secret"], text="6").order_by("id")
    assert [f.counts for f in rows] == ["African", "European countries"]
    assert quoted_figures_from_draft(draft=draft)["unchanged"] == 2


# -- where a visitor sees them -----------------------------------------------------------


def test_meeting_page_shows_the_figures_with_a_link_to_their_passage(world, displaced, client):
    page = client.get(world["meeting"].get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="figures"' in html and "Figures quoted" in html
    assert "301,027" in html and DISPLACED in html
    link = reverse("knowledge:document", kwargs={"pk": world["document"].pk})
    link += f"#p{displaced.passage.position}"
    assert f'href="{link}"' in html
    text = client.get(link.split("#")[0]).content.decode()
    anchor = text.index(f'id="p{displaced.passage.position}"')
    assert DISPLACED in text[anchor : anchor + 2000]


def test_country_page_shows_the_figures_about_the_country(world, client):
    mali = Country.objects.get(iso2="ML")
    html = client.get(mali.get_absolute_url()).content.decode()
    assert "Figures quoted" in html and "301,027" in html and DISPLACED in html
    assert "35,411" not in html  # about Algeria and Libya, not Mali
    senegal = Country.objects.get(iso2="SN")
    assert "301,027" not in client.get(senegal.get_absolute_url()).content.decode()


@pytest.mark.parametrize("query", ["301,027", "displaced", "301027"])
def test_search_finds_the_figure_with_its_source(world, displaced, client, query):
    response = client.get(reverse("search:search"), {"q": query, "kind": "figure"})
    html = response.content.decode()
    assert displaced.get_absolute_url() in html
    assert world["document"].title in html


def test_figure_list_and_api_use_one_filterset(world, client):
    api = client.get("/api/library/figures/", {"country": "ML", "page_size": 100}).json()
    rows = api["results"]
    assert rows and all(row["country"] == "ML" for row in rows)
    row = next(r for r in rows if r["text"] == "301,027")
    assert row["value"] == 301027 and row["counts"] == "persons"
    assert row["document"] == world["document"].slug and row["meeting"] == PARIS_MEETING
    assert row["url"].startswith(f"/library/document/{world['document'].pk}/#p")
    html = client.get(reverse("knowledge:figures"), {"country": "ML"}).content.decode()
    assert all(r["sentence"].replace("'", "&#x27;") in html for r in rows)
    assert "35,411" not in html
    export = client.get(reverse("knowledge:figures"), {"country": "ML", "export": "json"}).json()
    assert {r["id"] for r in export} == {r["id"] for r in rows}
    assert export[0].keys() == rows[0].keys()


def test_open_data_has_the_figures(world, client):
    page = client.get("/monitoring/data/").content.decode()
    assert "/monitoring/data/figures.csv" in page
    rows = client.get("/monitoring/data/figures.json").json()["rows"]
    row = next(r for r in rows if r["text"] == "301,027")
    assert row["country"] == "ML" and row["document"] == world["document"].slug
    assert row["passage"] is not None and row["sentence"].startswith(DISPLACED)
    csv = client.get("/monitoring/data/figures.csv").content.decode()
    assert "301027" in csv and DISPLACED in csv
    dictionary = client.get("/monitoring/data/dictionary/").content.decode()
    assert "The country the sentence names, when it names exactly one." in dictionary


def test_openapi_schema_lists_the_figures():
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    params = {p["name"] for p in schema["paths"]["/api/library/figures/"]["get"]["parameters"]}
    assert {"country", "meeting", "document", "q"} <= params
    fields = schema["components"]["schemas"]["QuotedFigure"]["properties"]
    assert fields["value"]["type"] == "number"


# -- a partners-only document's figure ---------------------------------------------------


def test_a_partners_only_figure_does_not_exist_for_visitors(world, hidden, client):
    assert hidden.country.iso2 == "NE" and hidden.meeting == world["meeting"]
    niger = Country.objects.get(iso2="NE")
    pages = [
        world["meeting"].get_absolute_url(),
        niger.get_absolute_url(),
        reverse("knowledge:figures"),
        "/api/library/figures/?page_size=100",
    ]
    for url in [*pages, "/monitoring/data/figures.json"]:
        assert "4,321" not in client.get(url).content.decode(), url
    search = client.get(reverse("search:search"), {"q": "4,321"}).content.decode()
    assert hidden.get_absolute_url() not in search
    assert client.get(f"/api/library/figures/{hidden.pk}/").status_code == 404
    assert client.get(hidden.get_absolute_url().split("#")[0]).status_code == 404

    partner = signed_in_client(UserFactory(partner=True))
    for url in pages:
        assert "4,321" in partner.get(url).content.decode(), url
    assert partner.get(f"/api/library/figures/{hidden.pk}/").status_code == 200
    search = partner.get(reverse("search:search"), {"q": "4,321", "kind": "figure"})
    assert hidden.get_absolute_url() in search.content.decode()
    # Still out of the open data, which is built for visitors whoever downloads it.
    assert "4,321" not in partner.get("/monitoring/data/figures.json").content.decode()


def test_a_document_made_partners_only_takes_its_figures_out_of_search(world, client):
    document = world["document"]
    document.visibility = "partners"
    document_save(document=document)
    figure = QuotedFigure.objects.get(document=document, text="301,027")
    response = client.get(reverse("search:search"), {"q": "301,027", "kind": "figure"})
    assert figure.get_absolute_url() not in response.content.decode()
    assert "301,027" not in client.get(world["meeting"].get_absolute_url()).content.decode()


@pytest.mark.parametrize("url", ["/library/figures/", "/api/library/figures/"])
def test_figure_lists_read_a_fixed_number_of_queries(world, client, url):
    """As many queries for the 5 figures about Mali as for all of them (no query per row)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(params):
        with CaptureQueriesContext(connection) as context:
            assert client.get(url, params).status_code == 200
        return len(context.captured_queries)

    queries({})  # warm the content version and the sessions
    mali = QuotedFigure.objects.filter(country__iso2="ML").count()
    assert QuotedFigure.objects.count() > 2 * mali
    assert queries({"country": "ML", "x": "1"}) == queries({"x": "2"})
