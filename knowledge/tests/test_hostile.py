"""The hostile corpus (scripts/hostile_corpus.py): each file ends as expected, with its reason
and no leftovers, and the process that asked (this test process) keeps working."""

import pytest
from django.core.files.storage import default_storage

from documents.models import Document
from documents.tests.factories import DocumentFactory
from knowledge.choices import ItemStatus
from knowledge.models import ExtractionDraft, IngestItem, Passage
from knowledge.reasons import REASONS, Rejected
from knowledge.services import batch_create, queue_drain
from knowledge.worker import ParserChild, WorkerLimits, shutdown

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _stop_child():
    yield
    shutdown()


def stored_files() -> list[str]:
    found = []

    def walk(folder):
        try:
            folders, files = default_storage.listdir(folder)
        except FileNotFoundError:
            return
        found.extend(f"{folder}/{name}" for name in files)
        for sub in folders:
            walk(f"{folder}/{sub}")

    walk("documents")
    return found


def test_corpus_has_at_least_thirty_hostile_files(corpus):
    _folder, manifest = corpus
    hostile = [name for name, expected in manifest.items() if expected != "accepted"]
    assert len(hostile) >= 30
    assert set(manifest.values()) - {"accepted"} <= set(REASONS)


def test_every_hostile_file_is_rejected_with_its_reason_and_leaves_nothing(corpus, client):
    folder, manifest = corpus
    before = set(stored_files())
    batch = batch_create(
        paths=[(folder / name, name) for name in sorted(manifest)],
        source="command",
        visibility="public",
    )
    queue_drain(batch=batch)
    items = {item.filename: item for item in IngestItem.objects.filter(batch=batch)}
    outcomes = {
        name: ("accepted" if item.status == ItemStatus.DONE else item.reason)
        for name, item in items.items()
    }
    assert outcomes == manifest
    for item in items.values():
        if item.status == ItemStatus.REJECTED:
            assert item.document_id is None
            assert item.reason_text and "%(" not in item.reason_text
            assert "Traceback" not in item.reason_text
    # Only the accepted files left records, each with its passages and draft.
    accepted = [name for name, expected in manifest.items() if expected == "accepted"]
    assert Document.objects.count() == len(accepted)
    assert ExtractionDraft.objects.count() == len(accepted)
    assert set(Passage.objects.values_list("document_id", flat=True)) == set(
        Document.objects.values_list("pk", flat=True)
    )
    assert len(set(stored_files()) - before) == len(accepted)
    # The asking process is alive and serving.
    assert client.get("/library/").status_code == 200


def test_html_with_scripts_is_cleaned_not_rejected(corpus):
    folder, _manifest = corpus
    batch = batch_create(
        paths=[(folder / "script-and-iframes.html", "script-and-iframes.html")],
        source="command",
        visibility="public",
    )
    queue_drain(batch=batch)
    item = IngestItem.objects.get(batch=batch)
    assert item.status == ItemStatus.DONE
    text = " ".join(Passage.objects.filter(document=item.document).values_list("text", flat=True))
    assert "Create a network of contact points on return." in text
    for hostile in ("document.cookie", "alert", "display:none", "evil.example"):
        assert hostile not in text


def test_a_failure_while_storing_leaves_no_document_passage_draft_or_file(tmp_path, monkeypatch):
    path = tmp_path / "report.md"
    path.write_text("# Conclusions\n\nThe partners agreed on the plan of the Dialogue.\n")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ExtractionDraft.objects, "create", broken)
    before = set(stored_files())
    batch = batch_create(paths=[(path, "report.md")], source="command", visibility="public")
    queue_drain(batch=batch)
    item = IngestItem.objects.get(batch=batch)
    assert (item.status, item.reason) == ("rejected", "storage_failed")
    assert not Document.objects.exists()
    assert not Passage.objects.exists()
    assert set(stored_files()) == before


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_wall_clock_timeout_kills_the_child_and_the_next_file_works(tmp_path):
    from knowledge.samples import make_pdf, report_pages

    child = ParserChild(WorkerLimits(wall_seconds=0.0001))
    pdf = write(tmp_path, "a.pdf", make_pdf(report_pages(2)))
    with pytest.raises(Rejected) as caught:
        child.parse(pdf)
    assert caught.value.code == "timeout"
    assert child.process is None  # killed, will be replaced
    child.limits = WorkerLimits()
    assert child.parse(pdf).pages == 2
    child.close()


@pytest.mark.parametrize("memory_mb", [40, 150])
def test_memory_limit_ends_as_a_reason_not_a_crash_of_the_parent(tmp_path, memory_mb):
    """A page whose content takes more memory than allowed: with a very low cap Python
    raises MemoryError in the child; with a higher one PDFium aborts the child. Either way the
    file is rejected for memory and the next file is read by a fresh child."""
    from knowledge.samples import make_pdf, page_content, report_pages

    heavy = page_content([("word " * 20, 10)] * 200) * 500  # 14 MB of text operators
    pdf = write(tmp_path, "heavy.pdf", make_pdf([], raw_contents=[heavy]))
    child = ParserChild(WorkerLimits(memory_mb=memory_mb))
    with pytest.raises(Rejected) as caught:
        child.parse(pdf)
    assert caught.value.code == "memory"
    assert caught.value.params["limit_mb"] == memory_mb
    child.limits = WorkerLimits()
    assert child.parse(write(tmp_path, "ok.pdf", make_pdf(report_pages(1)))).pages == 1
    child.close()


def test_duplicate_of_a_hostile_name_does_not_matter_content_does(tmp_path):
    document = DocumentFactory()
    document.file.open("rb")
    path = write(tmp_path, "other-name.pdf", document.file.read())
    batch = batch_create(paths=[(path, "other-name.pdf")], source="command", visibility="public")
    queue_drain(batch=batch)
    item = IngestItem.objects.get(batch=batch)
    assert (item.status, item.document) == ("duplicate", document)


def test_reasons_read_in_french_too():
    from django.utils import translation

    from knowledge.reasons import reason_message

    with translation.override("fr"):
        assert reason_message("wrong_type", {"found": "a PNG image"}) == (
            "Ce fichier n’est pas un document (type reconnu : une image PNG). Formats "
            "acceptés : PDF, Word (DOCX), HTML, Markdown et texte brut."
        )
        assert reason_message("encrypted").startswith("Le fichier est protégé par un mot de passe.")
    assert reason_message("empty") == "The file is empty."
