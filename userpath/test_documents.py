"""Real documents in, real records out, on an instance built as ``make run`` builds it."""

from __future__ import annotations

import json
import re
import shutil
import urllib.parse

import pytest

from .conftest import BROWSER_PAGE, CORPUS, WEB

pytestmark = pytest.mark.userpath

SHIPPED = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md"))

# A phrase of each shipped document that no other shipped document contains.
ONLY_IN = {
    "2014-04-paris-thematic-meeting-crisis-context": "Consiglio italiano per i rifugiati",
    "2014-04-pf3md-presentation": "desert locust",
    "2014-06-rabat-som-summary": "joint investigation teams",
    "2021-04-webinar-mainstreaming-migration": "Digital Monitoring Platform",
    "2021-11-malabo-som-conclusions": "eco-villages",
}


def test_every_shipped_document_is_in_the_corpus_list():
    assert {p.stem for p in SHIPPED} == set(ONLY_IN)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_rabat_extract_prints_valid_json_for_every_real_document(instance, path):
    """``rabat extract FILE --format json`` with the reference data loaded (the state that
    crashed on every document with "cannot unpack non-iterable Suggestion object")."""
    done = instance.rabat("extract", str(path), "--format", "json", timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    data = json.loads(done.stdout)
    assert data["document_kind"], "document kind is never empty"
    assert data["meeting"] is not None, "every real document here is about a meeting"
    assert any(e["source"] == "suggested" for e in data["framework_items"])


def test_make_load_brings_each_shipped_document_through_the_pipeline(instance):
    """Each shipped document has passages (indexed for search) and an extraction draft."""
    rows = instance.sql(
        """SELECT d.slug,
                  (SELECT COUNT(*) FROM knowledge_passage p WHERE p.document_id = d.id),
                  (SELECT COUNT(*) FROM search_searchentry e
                    WHERE e.kind = 'passage' AND e.document_id = d.id),
                  (SELECT COUNT(*) FROM knowledge_extractiondraft x WHERE x.document_id = d.id)
             FROM documents_document d"""
    )
    by_slug = {slug: (passages, indexed, drafts) for slug, passages, indexed, drafts in rows}
    for stem in ONLY_IN:
        passages, indexed, drafts = by_slug[stem]
        assert passages > 10 and indexed == passages and drafts == 1, (stem, by_slug[stem])
    failed = instance.sql(
        "SELECT filename, error FROM knowledge_ingestitem WHERE failed_step != ''"
    )
    assert failed == []


def test_a_second_make_load_changes_nothing(instance):
    before = instance.sql("SELECT COUNT(*) FROM knowledge_passage")[0][0]
    done = instance.rabat("ingest_corpus")
    assert done.returncode == 0, done.stderr
    assert "already has its passages and draft" in done.stdout
    assert instance.sql("SELECT COUNT(*) FROM knowledge_passage")[0][0] == before
    assert instance.sql("SELECT COUNT(*) FROM documents_document")[0][0] == len(
        instance.sql("SELECT DISTINCT sha256 FROM documents_document")
    )


@pytest.mark.parametrize(("stem", "phrase"), sorted(ONLY_IN.items()))
def test_search_finds_a_phrase_found_only_inside_each_document(served, stem, phrase):
    assert [p.stem for p in SHIPPED if phrase.lower() in p.read_text().lower()] == [stem]
    status, html = served.get("/search/?" + urllib.parse.urlencode({"q": f'"{phrase}"'}))
    assert status == 200
    # The result leads to the passage itself, in the library's reading of the document (the
    # shipped texts have no pages).
    ((pk,),) = served.sql("SELECT id FROM documents_document WHERE slug = ?", stem)
    assert f'href="/library/document/{pk}/#p' in html, f"{phrase!r} did not find {stem}"


def test_figures_the_documents_quote_are_records_on_the_meeting_page(served):
    """ "It mobilised a total of 95 participants": a figure of the Malabo conclusions, shown
    on the Malabo SOM's page with its sentence, and found by the search."""
    figures = served.sql(
        """SELECT d.slug, COUNT(*) FROM knowledge_quotedfigure f
             JOIN documents_document d ON d.id = f.document_id GROUP BY d.slug"""
    )
    assert dict(figures).get("2021-11-malabo-som-conclusions", 0) >= 3, figures
    status, html = served.get("/meetings/2021-11-malabo-senior-officials-meeting/")
    assert status == 200
    assert "Figures quoted" in html and "95 participants" in html
    status, html = served.get("/search/?q=%2295+participants%22")
    assert status == 200
    assert "Quoted figure" in html
    # The figure, its words marked, then its document.
    assert re.search(r"<mark>95</mark> <mark>participants</mark> — Rabat Process Senior", html)


def test_search_for_pf3md_finds_the_presentation(served):
    status, html = served.get("/search/?q=PF3MD")
    assert status == 200
    ((pk,),) = served.sql(
        "SELECT id FROM documents_document WHERE slug = '2014-04-pf3md-presentation'"
    )
    assert f'href="/library/document/{pk}/#p' in html


def test_rabat_ingest_reads_real_web_pages_into_drafts(instance, tmp_path):
    """``rabat ingest`` on the web pages: every file done, each draft with its meeting, no
    failed step, and ingesting them again finds duplicates, not new documents."""
    # The page the browser test uploads is left to it (this instance is shared).
    pages = sorted(p for p in WEB.glob("*.txt") if p != BROWSER_PAGE)
    folder = tmp_path / "pages"
    folder.mkdir()
    for page in pages:
        shutil.copy(page, folder / page.name)
    done = instance.rabat("ingest", str(folder), "--no-progress", "--visibility", "public")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert f"{len(pages)} files" in done.stdout and f"{len(pages)} ingested" in done.stdout
    rows = instance.sql(
        """SELECT i.filename, i.status, i.failed_step, x.data
             FROM knowledge_ingestitem i
             JOIN knowledge_extractiondraft x ON x.document_id = i.document_id
            WHERE i.filename LIKE ?""",
        f"{folder}%",
    )
    assert len(rows) == len(pages)
    for filename, status, failed_step, data in rows:
        assert (status, failed_step) == ("done", ""), filename
        assert json.loads(data)["meeting"], f"{filename}: empty draft"
    again = instance.rabat("ingest", str(folder), "--no-progress")
    assert again.returncode == 0 and f"{len(pages)} duplicates" in again.stdout
