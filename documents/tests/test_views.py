"""Document pages and files."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.html import escape

from documents.models import Document
from documents.services import document_save

from .factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_file_served_inline_with_its_type(client):
    document = DocumentFactory(slug="agenda")
    response = client.get(document.get_download_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_uploaded_html_cannot_run_scripts(client):
    document = DocumentFactory(
        slug="html-note",
        file=ContentFile(b"<script>alert(1)</script><p>Note</p>", name="note.html"),
    )
    response = client.get(document.get_download_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "sandbox" in response["Content-Security-Policy"]
    assert "script-src" not in response["Content-Security-Policy"]


def test_document_without_file_has_no_download(client):
    document = document_save(
        document=Document(slug="no-file", title_en="Minutes (no file)", kind="other", language="en")
    )
    assert client.get(document.get_download_url()).status_code == 404
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert document.get_download_url() not in response.content.decode()
    assert client.get("/api/documents/no-file/").json()["file_url"] is None


def test_file_missing_from_storage_is_404(client):
    document = DocumentFactory(slug="lost")
    document.file.storage.delete(document.file.name)
    assert client.get(document.get_download_url()).status_code == 404


def test_detail_page(client):
    document = DocumentFactory(
        slug="conclusions-rabat-2014", title_en="Conclusions of the Rabat SOM",
        kind="conclusions",
    )  # fmt: skip
    response = client.get(document.get_absolute_url())
    html = response.content.decode()
    assert escape(document.title_en) in html
    assert document.get_download_url() in html
    assert document.sha256 in html or response.context["document"].sha256 == document.sha256


def test_document_list_filters(client):
    DocumentFactory(slug="agenda-2014", kind="agenda")
    DocumentFactory(slug="conclusions-2014", kind="conclusions", language="fr")
    response = client.get(reverse("documents:list"), {"kind": "agenda"})
    assert [d.slug for d in response.context["object_list"]] == ["agenda-2014"]
    response = client.get(reverse("documents:list"), {"language": "fr"})
    assert [d.slug for d in response.context["object_list"]] == ["conclusions-2014"]
    api = client.get("/api/documents/", {"language": "fr"}).json()
    assert [d["slug"] for d in api["results"]] == ["conclusions-2014"]
