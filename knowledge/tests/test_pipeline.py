"""A step that fails after the text is stored is recorded, shown and can be run again; passages
reach the search index; the shipped documents come through the pipeline once."""

from __future__ import annotations

import io
import logging
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

import knowledge.extract
from core.tests.factories import UserFactory
from documents.models import Document
from knowledge.choices import ItemStatus
from knowledge.models import ExtractionDraft, IngestItem, Passage
from knowledge.services import batch_create, corpus_ingest, queue_drain
from knowledge.worker import shutdown

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "reference" / "data" / "corpus"
MALABO = CORPUS / "2021-11-malabo-som-conclusions.md"


@pytest.fixture(autouse=True)
def _stop_child():
    yield
    shutdown()


def _failing_extraction(monkeypatch):
    """A fault injected into the extraction (a bug, a missing file): it raises."""

    def boom(parsed):
        raise RuntimeError("the gazetteer could not be read")

    monkeypatch.setattr(knowledge.extract, "extract", boom)


def _ingest(path: Path) -> IngestItem:
    batch = batch_create(paths=[(path, path.name)], source="command", visibility="public")
    queue_drain(batch=batch)
    return IngestItem.objects.get(batch=batch)


def secretariat() -> Client:
    client = Client()
    client.force_login(UserFactory(role="Secretariat"))
    return client


def test_a_failed_extraction_is_recorded_logged_shown_and_run_again(
    monkeypatch, caplog, reference_plans, tmp_path
):
    path = tmp_path / MALABO.name
    shutil.copy(MALABO, path)
    _failing_extraction(monkeypatch)
    with caplog.at_level(logging.ERROR, logger="knowledge.services"):
        item = _ingest(path)

    # Recorded on the item, the text kept, the traceback logged.
    assert item.status == ItemStatus.DONE
    assert item.failed_step == "extraction"
    assert item.error == "RuntimeError: the gazetteer could not be read"
    assert Passage.objects.filter(document=item.document).count() > 50
    assert any(r.exc_info and "extraction failed" in r.getMessage() for r in caplog.records)
    draft = ExtractionDraft.objects.get(document=item.document)
    assert draft.data["meeting"] is None

    # Shown on the jobs page and the review page, with the action.
    client = secretariat()
    jobs = client.get("/library/jobs/").content.decode()
    assert "Extraction failed:" in jobs and "the gazetteer could not be read" in jobs
    assert f'action="/library/review/{draft.pk}/extract-again/"' in jobs

    # Run again, once the fault is gone: the draft gets its proposal, the failure is cleared.
    monkeypatch.undo()
    response = client.post(
        f"/library/review/{draft.pk}/extract-again/", {"draft-version": draft.version}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    item.refresh_from_db()
    assert draft.data["meeting"]["city"] == "Malabo"
    assert draft.version == 2
    assert (item.failed_step, item.error) == ("", "")
    assert "Extraction failed" not in client.get("/library/jobs/").content.decode()


def test_running_the_extraction_again_is_refused_to_partners(reference_plans, tmp_path):
    path = tmp_path / MALABO.name
    shutil.copy(MALABO, path)
    draft = ExtractionDraft.objects.get(document=_ingest(path).document)
    client = Client()
    client.force_login(UserFactory(role="Focal point"))
    response = client.post(f"/library/review/{draft.pk}/extract-again/")
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.version == 1


def test_rabat_ingest_fails_loudly_when_a_step_failed(monkeypatch, tmp_path):
    path = tmp_path / MALABO.name
    shutil.copy(MALABO, path)
    _failing_extraction(monkeypatch)
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 of the ingested files have a failed step"):
        call_command("ingest", str(path), "--no-progress", stdout=out)
    assert "Extraction failed: RuntimeError" in out.getvalue()


def test_passages_of_an_ingested_document_are_searchable(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text(
        "# Notes of the webinar\n\nThe eco-villages strategy of Burkina Faso was presented.\n"
    )
    document = _ingest(path).document
    client = Client()
    html = client.get("/search/", {"q": "eco-villages"}).content.decode()
    # A text without pages: the result leads to the passage in the library's reading.
    assert f'href="/library/document/{document.pk}/#p' in html


def test_the_shipped_documents_come_through_the_pipeline_once(reference_plans):
    from reference.loaders import load_all

    load_all()
    items = corpus_ingest(folder=CORPUS)
    assert sorted(i.filename for i in items) == sorted(
        p.name for p in CORPUS.iterdir() if p.suffix in (".txt", ".md")
    )
    assert all(i.status == ItemStatus.DONE and not i.failed_step for i in items)
    # The documents loaded from the reference data keep their hand-read title and meeting.
    paris = Document.objects.get(slug="2014-04-paris-thematic-meeting-crisis-context")
    assert paris.meeting.slug == "2014-04-paris-thematic-meeting-migrants-crisis-context"
    assert Document.objects.count() == 5
    assert all(d.passages.exists() and d.drafts.count() == 1 for d in Document.objects.all())
    # Idempotent: nothing is read again.
    assert corpus_ingest(folder=CORPUS) == []
    assert ExtractionDraft.objects.count() == 5
