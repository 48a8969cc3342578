"""Document invariants: SHA-256 format in the database, file facts from the service."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from core.models import Visibility
from documents.models import Document
from documents.services import document_save

from .factories import PDF_BYTES, DocumentFactory

pytestmark = pytest.mark.django_db


def test_document_save_computes_sha256_and_size():
    document = DocumentFactory()
    document.refresh_from_db()
    assert document.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert document.size == len(PDF_BYTES)
    assert document.content_type == "application/pdf"


@pytest.mark.parametrize(
    "bad",
    ["ABC", "0" * 63, "A" * 64, "g" * 64, " " * 64],
    ids=["short", "63-chars", "upper-case", "not-hex", "spaces"],
)
def test_sha256_format_enforced_by_database(bad):
    document = DocumentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(sha256=bad)


def test_sha256_empty_allowed_without_file():
    document = document_save(
        document=Document(slug="no-file", title_en="No file", kind="other", language="en")
    )
    assert document.sha256 == ""
    assert document.size is None


def test_visibility_limited_to_known_values():
    document = DocumentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(visibility="secret")
    assert Document.objects.get(pk=document.pk).visibility == Visibility.PUBLIC


def test_document_save_refuses_unaccepted_file_type():
    document = Document(slug="script", title_en="Script", kind="other", language="en")
    document.file.save("payload.exe", ContentFile(b"MZ"), save=False)
    with pytest.raises(ValidationError) as excinfo:
        document_save(document=document)
    assert "file" in excinfo.value.message_dict
    assert not Document.objects.filter(slug="script").exists()
