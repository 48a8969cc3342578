"""Writes for documents: every path (admin, loader, later ingestion) goes through here."""

from django.db import transaction

from workflows.writes import WriteService

from .models import Document


class DocumentWrites(WriteService):
    """The Secretariat writes documents (admin); the file's SHA-256 and size are recomputed
    from the file on every write, whatever the writer sent."""

    def prepare(self, record, *, by, creating: bool) -> None:
        record.compute_file_facts()


@transaction.atomic
def document_save(*, document: Document) -> Document:
    """Validate and save a document, recomputing its SHA-256 and size from the file."""
    document.compute_file_facts()
    document.full_clean()
    document.save()
    return document
