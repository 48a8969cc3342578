"""Search: one box across every kind of record, ranked, highlighted, faceted, and never
showing or counting what the user may not see."""

import datetime
import io

import pytest
from django.core.management import call_command

from documents.tests.factories import DocumentFactory
from frameworks.tests.factories import FrameworkItemFactory
from meetings.tests.factories import MeetingFactory, RecommendationFactory
from partners.tests.factories import CountryFactory, OrganisationFactory, PersonFactory
from search.models import SearchEntry
from search.selectors import Filters, search

from .factories import PassageFactory

pytestmark = pytest.mark.django_db

SECRET = "zanzibarquokka"  # a word that only the partners-only document contains


@pytest.fixture
def corpus(db):
    mali = CountryFactory(iso2="ML", name_en="Mali", name_fr="Mali")
    item = FrameworkItemFactory(
        code="D5", number="5", title_en="Return, readmission and reintegration"
    )
    public = DocumentFactory(
        slug="paris-2014", title_en="Migrants in a crisis context", language="en",
        date=datetime.date(2014, 4, 25), countries=[mali], framework_items=[item],
    )  # fmt: skip
    secret = DocumentFactory(
        slug="internal-note", title_en="Internal note on reintegration", language="fr",
        date=datetime.date(2021, 11, 18), partners_only=True, countries=[mali],
        framework_items=[item],
    )  # fmt: skip
    PassageFactory(document=public, position=1, page=3, text=(
        "The co-chairs support the idea of creating a network of contact points on return "
        "initiatives, and insist that voluntary return in dignity remains the preferable solution."
    ))  # fmt: skip
    PassageFactory(document=public, position=2, page=4, text=(
        "The diaspora supported the population with donations during the crisis <script>x</script>."
    ))  # fmt: skip
    PassageFactory(document=secret, position=1, page=2, language="fr", text=(
        f"Note interne : la réintégration des personnes de retour et le projet {SECRET}."
    ))  # fmt: skip
    meeting = MeetingFactory(
        slug="2021-malabo-som", title_en="Senior Officials' Meeting on return",
        start_date=datetime.date(2021, 11, 17), country=mali, framework_items=[item],
        description_en="Exchanges on the reintegration of returnees.",
    )  # fmt: skip
    RecommendationFactory(meeting=meeting, text_en="Create a network of contact points on return.")
    PersonFactory(name="Seydou Keita", title="Technical consultant on return", country=mali)
    OrganisationFactory(
        slug="iom", acronym="IOM", name_en="International Organization for Migration"
    )
    return {"public": public, "secret": secret, "item": item, "meeting": meeting}


def _kinds(results):
    return [r.entry.kind for r in results.results]


def test_one_search_finds_every_kind_of_record(corpus):
    results = search(None, "return")
    assert set(_kinds(results)) >= {"passage", "meeting", "recommendation", "person",
                                    "framework_item"}  # fmt: skip
    assert results.total == len(results.results)


@pytest.mark.parametrize("who", ["anonymous", "public"])
def test_partners_only_documents_are_never_returned_quoted_or_counted(corpus, client, who):
    from core.tests.factories import UserFactory

    if who == "public":
        client.force_login(UserFactory(public=True))
    page = client.get(f"/search/?q={SECRET}")
    assert page.status_code == 200
    body = page.content.decode()
    for leak in ("Note interne", "internal-note", "Internal note on reintegration", "<mark>"):
        assert leak not in body
    assert "0 results" in body
    api = client.get(f"/api/search/?q={SECRET}").json()
    assert api["count"] == 0 and api["results"] == []
    assert all(not values for values in api["facets"].values())
    # A word both documents share: only the public one is counted, in results and facets.
    api = client.get("/api/search/?q=reintegration").json()
    docs = {r["document"] for r in api["results"] if r["document"]}
    assert "internal-note" not in docs
    kinds = {f["value"]: f["count"] for f in api["facets"]["kind"]}
    assert kinds.get("document", 0) == 0  # only the secret document has it in its title
    languages = {f["value"] for f in api["facets"]["language"]}
    assert "fr" not in languages  # the only French entries are the secret document's
    years = {f["value"] for f in api["facets"]["year"]}
    assert "2021" in years  # the meeting of 2021 is public...
    assert sum(f["count"] for f in api["facets"]["year"] if f["value"] == "2021") == 1  # ...alone


def test_partner_accounts_find_partners_only_documents(corpus, partner_client):
    api = partner_client.get(f"/api/search/?q={SECRET}").json()
    assert api["count"] == 1
    hit = api["results"][0]
    assert hit["kind"] == "passage" and hit["document"] == "internal-note" and hit["page"] == 2
    assert f"<mark>{SECRET}</mark>" in hit["snippet_html"]
    page = partner_client.get(f"/search/?q={SECRET}").content.decode()
    assert "Partners only" in page


def test_visibility_change_reaches_the_index(corpus, anon_client):
    secret = corpus["secret"]
    secret.visibility = "public"
    secret.save()
    assert anon_client.get(f"/api/search/?q={SECRET}").json()["count"] == 1
    secret.visibility = "partners"
    secret.save()
    assert anon_client.get(f"/api/search/?q={SECRET}").json()["count"] == 0


def test_snippets_are_escaped_then_marked_with_page_numbers(corpus, anon_client):
    body = anon_client.get("/search/?q=diaspora").content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in body
    assert "<script>x</script>" not in body
    assert "<mark>diaspora</mark>" in body
    assert "page 4" in body


def test_exact_phrases_and_title_matches_come_first(corpus):
    results = search(None, '"contact points"')
    assert results.total >= 2
    assert all("contact points" in r.entry.body for r in results.results)
    assert search(None, '"points contact"').total == 0
    ranked = search(None, "crisis")
    tiers = [r.tier for r in ranked.results]
    assert tiers == sorted(tiers) and tiers[0] == 0
    assert "crisis" in ranked.results[0].entry.title_en  # the document's (or its passages')


def test_stemmed_and_accent_insensitive_matching(corpus, partner_user):
    assert search(None, "returning").total >= 1  # porter: returning -> return
    assert search(partner_user, "reintegration").total >= search(None, "reintegration").total
    assert any(
        r.entry.document_id == corpus["secret"].pk
        for r in search(partner_user, "réintégration").results
    )


def test_facets_filter_the_results(corpus, anon_client):
    api = anon_client.get("/api/search/?q=return&kind=meeting").json()
    assert {r["kind"] for r in api["results"]} == {"meeting"}
    api = anon_client.get("/api/search/?q=return&country=ML&year=2014").json()
    assert api["results"] and {r["year"] for r in api["results"]} == {2014}
    uid = corpus["item"].uid
    api = anon_client.get(f"/api/search/?q=return&item={uid}").json()
    assert api["count"] >= 2
    page = anon_client.get("/search/?q=return").content.decode()
    assert "Mali" in page and f"item={uid.replace('/', '%2F')}" in page


def test_filters_from_the_query_string_are_validated():
    from django.http import QueryDict

    f = Filters.from_querydict(QueryDict("kind=bogus&kind=meeting&year=20x4&year=2014&country=ml"))
    assert f.kind == ["meeting"] and f.year == [2014] and f.country == ["ML"]


def test_fts_syntax_in_the_query_is_harmless(corpus, anon_client):
    for q in ['"', "AND OR NOT", "return*", "(", "title:x", "-", "NEAR(a b)"]:
        assert anon_client.get("/search/", {"q": q}).status_code == 200
        assert anon_client.get("/api/search/", {"q": q}).status_code == 200


def test_index_follows_saves_and_deletes(corpus):
    meeting = corpus["meeting"]
    meeting.title_en = "Senior Officials' Meeting on pangolins"
    meeting.save()
    assert search(None, "pangolins").total == 1
    meeting.delete()
    assert search(None, "pangolins").total == 0
    assert not SearchEntry.objects.filter(kind="recommendation", object_id__in=[]).exists()
    assert search(None, '"contact points on return."').total == 1  # only the passage left


def test_rebuild_is_idempotent(corpus):
    before = sorted(SearchEntry.objects.values_list("kind", "object_id"))
    call_command("search_index", "--rebuild", stdout=io.StringIO())
    call_command("search_index", "--rebuild", stdout=io.StringIO())
    assert sorted(SearchEntry.objects.values_list("kind", "object_id")) == before
    assert search(None, SECRET).total == 0
    assert search(None, "diaspora").total == 1


def test_empty_query_shows_the_form(anon_client, db):
    page = anon_client.get("/search/")
    assert page.status_code == 200
    assert 'name="q"' in page.content.decode()
    assert anon_client.get("/api/search/").json()["count"] == 0


def test_search_in_french(corpus, anon_client):
    page = anon_client.get("/search/?q=return", HTTP_ACCEPT_LANGUAGE="fr",
                           headers={"Cookie": "django_language=fr"})  # fmt: skip
    assert page.status_code == 200


def test_large_result_sets_are_counted_exactly_and_keep_title_matches_first(
    corpus, settings, anon_client
):
    exact = search(None, "return")
    assert exact.exhaustive and exact.total >= 5
    settings.RABAT_SEARCH_RANK_CAP = 2  # score a sample of 2 matches (+1 title match)
    sampled = search(None, "return")
    assert sampled.total == exact.total  # still counted exactly, visibility applied
    assert not sampled.exhaustive
    first = sampled.results[0]  # e.g. the meeting "... on return": a title match
    assert first.tier == 0 and "return" in first.entry.title_en.lower()
    assert sum(f["count"] for f in sampled.facets["kind"]) == len(sampled.results)
    page = anon_client.get("/search/?q=return").content.decode()
    assert "counts below are those of the" in page
    assert SECRET not in anon_client.get("/search/?q=note").content.decode()


def test_filters_are_applied_inside_the_index(corpus, partner_user):
    from search.models import visibilities

    assert visibilities(None) == ("public",)
    both = search(partner_user, "reintegration")
    french = search(partner_user, "reintegration", Filters(language=["fr"]))
    assert 0 < french.total < both.total
    assert {r.entry.language for r in french.results} == {"fr"}
    assert search(None, "reintegration", Filters(language=["fr"])).total == 0
    assert search(None, "return", Filters(country=["SN"])).total == 0
    assert search(None, "return", Filters(kind=["person"], country=["ML"])).total == 1


@pytest.mark.postgres_only  # SQLite counts every match in its index: no cap there
def test_postgresql_stops_counting_at_the_cap(corpus, settings, anon_client):
    from django.db import connection

    assert connection.vendor == "postgresql"
    settings.RABAT_SEARCH_COUNT_CAP = 2
    api = anon_client.get("/api/search/?q=return").json()
    assert api["count"] == 2 and api["count_exact"] is False and api["results"]
    assert "More than 2 results" in anon_client.get("/search/?q=return").content.decode()
