"""Ingestion end to end: the command, deduplication, the upload page, the jobs page, the queue."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from core.tests.factories import UserFactory
from documents.models import Document
from knowledge.choices import ItemStatus
from knowledge.models import ExtractionDraft, IngestBatch, IngestItem, Passage
from knowledge.samples import make_pdf, report_pages, sample_docx
from knowledge.services import batch_create, queue_drain, queue_requeue_stale
from knowledge.worker import shutdown

pytestmark = pytest.mark.django_db

MARKDOWN = (
    b"# Conclusions of the meeting\n\nThe partners of the Dialogue agreed on the plan.\n\n"
    b"1. Create a network of contact points on return\n2. Strengthen the protection of migrants\n"
)
HTML = b"<html><head><title>Summary</title></head><body><h1>Summary</h1><p>Les partenaires du Dialogue ont examine la mise en oeuvre du plan d'action et la cooperation entre les pays.</p></body></html>"  # noqa: E501


@pytest.fixture(autouse=True)
def _stop_child():
    yield
    shutdown()


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "report.pdf").write_bytes(make_pdf(report_pages(4), title="Report of the SOM"))
    (tmp_path / "conclusions.docx").write_bytes(sample_docx("fr"))
    (tmp_path / "sub" / "summary.html").write_bytes(HTML)
    (tmp_path / "sub" / "notes.md").write_bytes(MARKDOWN)
    (tmp_path / "sub" / "plain.txt").write_bytes(
        b"The partners met in Rabat and agreed on the plan of the Dialogue for the region.\n"
    )  # noqa: E501
    (tmp_path / ".hidden").write_bytes(b"not ingested")
    return tmp_path


def secretariat_client():
    client = Client()
    client.force_login(UserFactory(role="Secretariat"))
    return client


def test_ingest_command_reads_every_format_and_prints_a_summary(folder):
    out = io.StringIO()
    call_command("ingest", str(folder), "--no-progress", stdout=out)
    output = out.getvalue()
    assert "5 files" in output and "5 ingested, 0 duplicates, 0 rejected" in output
    documents = {d.source.rsplit("/", 1)[-1]: d for d in Document.objects.all()}
    assert set(documents) == {
        "report.pdf",
        "conclusions.docx",
        "summary.html",
        "notes.md",
        "plain.txt",
    }  # noqa: E501
    pdf = documents["report.pdf"]
    assert pdf.title_en == "Report of the SOM"
    assert pdf.file.name.endswith(".pdf") and pdf.visibility == "partners"
    assert pdf.passages.filter(kind="heading").count() == 4
    assert sorted(set(pdf.passages.values_list("page", flat=True))) == [1, 2, 3, 4]
    assert documents["conclusions.docx"].language == "fr"
    assert documents["summary.html"].language == "fr"
    assert documents["notes.md"].passages.filter(kind="list_item").count() == 2
    assert ExtractionDraft.objects.filter(state="pending").count() == 5
    item = IngestItem.objects.get(filename__endswith="report.pdf")
    assert (item.status, item.pages, item.mime) == ("done", 4, "application/pdf")
    assert item.sha256 == pdf.sha256 and item.parse_seconds is not None


def test_ingesting_the_same_files_twice_changes_nothing(folder):
    call_command("ingest", str(folder), "--no-progress", stdout=io.StringIO())
    counts = (Document.objects.count(), Passage.objects.count(), ExtractionDraft.objects.count())
    out = io.StringIO()
    call_command("ingest", str(folder), "--no-progress", stdout=out)
    assert "0 ingested, 5 duplicates" in out.getvalue()
    assert (
        Document.objects.count(),
        Passage.objects.count(),
        ExtractionDraft.objects.count(),
    ) == counts  # noqa: E501
    # The same content under another name is the same document.
    copy = folder / "copy-of-report.bin"
    copy.write_bytes((folder / "report.pdf").read_bytes())
    call_command("ingest", str(copy), "--no-progress", stdout=io.StringIO())
    item = IngestItem.objects.get(filename__endswith="copy-of-report.bin")
    assert item.status == "duplicate"
    assert item.document == Document.objects.get(source__endswith="report.pdf")
    assert Document.objects.count() == counts[0]


def test_ingest_command_refuses_a_missing_path(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("ingest", str(tmp_path / "nope.pdf"))


def test_upload_page_queues_files_and_the_jobs_page_shows_each_status(settings, tmp_path):
    settings.RABAT_INGEST_SPOOL_DIR = tmp_path / "spool"
    client = secretariat_client()
    page = client.get("/library/upload/")
    assert page.status_code == 200 and b'type="file"' in page.content
    response = client.post(
        "/library/upload/",
        {
            "files": [
                SimpleUploadedFile("report.pdf", make_pdf(report_pages(2))),
                SimpleUploadedFile("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"x" * 100),
                SimpleUploadedFile("notes.md", MARKDOWN),
            ],
            "visibility": "public",
        },
    )
    batch = IngestBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/library/jobs/?batch={batch.pk}"
    assert batch.items.filter(status="queued").count() == 3
    assert len(list((tmp_path / "spool").iterdir())) == 3
    jobs_page = client.get(response["Location"])
    assert jobs_page.content.decode().count("Queued") >= 3
    assert b'hx-trigger="every 2s"' in jobs_page.content

    assert queue_drain() == 3
    html = client.get(response["Location"]).content.decode()
    assert "rejected: This is a PNG image, not a document." in html
    assert html.count('<span class="badge">Done</span>') == 2
    assert 'hx-trigger="every 2s"' not in html  # nothing left to poll for
    assert list((tmp_path / "spool").iterdir()) == []  # spooled uploads are removed
    assert Document.objects.filter(visibility="public").count() == 2
    csv = client.get("/library/jobs/?export=csv")
    assert csv.status_code == 200 and b"photo.pdf" in csv.content


def test_upload_and_jobs_are_for_the_secretariat_only(partner_client, anon_client):
    for url in ("/library/upload/", "/library/jobs/", "/library/review/"):
        assert partner_client.get(url).status_code == 403
        assert anon_client.get(url).status_code == 302
    assert partner_client.get("/api/library/ingest-items/").status_code == 403


def test_items_left_running_by_a_dead_worker_are_retried_then_given_up(tmp_path):
    path = tmp_path / "notes.md"
    path.write_bytes(MARKDOWN)
    batch = batch_create(paths=[(path, "notes.md")], source="command", visibility="public")
    item = batch.items.get()
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    IngestItem.objects.filter(pk=item.pk).update(status="running", started_at=long_ago, attempts=1)
    assert queue_requeue_stale() == 1
    item.refresh_from_db()
    assert item.status == "queued"
    IngestItem.objects.filter(pk=item.pk).update(status="running", started_at=long_ago, attempts=3)
    queue_requeue_stale()
    item.refresh_from_db()
    assert (item.status, item.reason) == ("rejected", "worker_lost")
    assert "interrupted" in item.reason_text
    # A fresh running item is left alone.
    IngestItem.objects.filter(pk=item.pk).update(status="running", started_at=timezone.now())
    assert queue_requeue_stale() == 0


@pytest.mark.django_db(transaction=True)
def test_an_upload_is_ingested_by_the_task_worker_not_the_web_process(settings, tmp_path):
    """The upload page enqueues one drain task; nothing is ingested until a worker runs it."""
    from django_tasks_db.models import DBTaskResult

    settings.RABAT_INGEST_SPOOL_DIR = tmp_path / "spool"
    client = secretariat_client()
    response = client.post(
        "/library/upload/",
        {"files": [SimpleUploadedFile("notes.md", MARKDOWN)], "visibility": "public"},
    )
    assert response.status_code == 302
    item = IngestItem.objects.get(filename="notes.md")
    assert item.status == ItemStatus.QUEUED  # the web process did not touch it
    assert list(DBTaskResult.objects.values_list("task_path", "status")) == [
        ("knowledge.tasks.ingest_queue_drain", "READY")
    ]
    call_command("db_worker", "--batch", "--no-startup-delay", "--verbosity=0")
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert client.get(f"/library/document/{item.document_id}/").status_code == 200


def test_ingest_worker_command_drains_the_queue(tmp_path):
    path = tmp_path / "notes.md"
    path.write_bytes(MARKDOWN)
    batch = batch_create(paths=[(path, "notes.md")], source="upload", visibility="public")
    out = io.StringIO()
    call_command("ingest_worker", stdout=out)
    assert "1 files processed" in out.getvalue()
    assert batch.items.get().status == "done"
    assert not path.exists()  # an upload's spooled copy is removed once processed


def test_concurrent_claims_process_an_item_once(tmp_path):
    from knowledge.services import item_claim

    path = tmp_path / "notes.md"
    path.write_bytes(MARKDOWN)
    batch = batch_create(paths=[(path, "notes.md")], source="command", visibility="public")
    item = batch.items.get()
    assert item_claim(item) is True
    assert item_claim(IngestItem.objects.get(pk=item.pk)) is False
