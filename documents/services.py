"""Writes for documents: every path (admin, loader, later ingestion) goes through here."""

from django.db import transaction

from .models import Document


@transaction.atomic
def document_save(*, document: Document) -> Document:
    """Validate and save a document, recomputing its SHA-256 and size from the file."""
    document.compute_file_facts()
    document.full_clean()
    document.save()
    return document
