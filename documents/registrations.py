"""What the documents app plugs into the framework browser and the country profile."""

from functools import cache as once

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import Visibility
from core.registry import (
    LinkedKind,
    ProfileSection,
    Tally,
    country_sections,
    dated_between,
    framework_item_links,
    framework_links,
)

from .models import Document

document_pairs, document_records = framework_item_links(
    Document, order_by=tuple(Document._meta.ordering), select_related=("meeting",)
)


def document_facts(ids):
    """Documents' links: partners-only documents are not public; dated by the document."""
    for doc, item, visibility, day in Document.framework_items.through.objects.filter(
        document_id__in=ids
    ).values_list("document_id", "frameworkitem_id", "document__visibility", "document__date"):
        yield doc, item, visibility == Visibility.PUBLIC, day, day, ""


def country_documents(country, user):
    documents = Document.objects.restrict(user).filter(countries=country).select_related("meeting")
    return {
        "documents": documents[:50],
        "documents_count": once(documents.count),  # runs only if the body is rendered
        "list_url": reverse("documents:list") + f"?country={country.iso2}",
    }


def register() -> None:
    framework_links.register(
        LinkedKind(
            key="documents",
            label=lambda: _("Documents"),
            pairs=document_pairs,
            records=document_records,
            template="documents/includes/document_rows.html",
            list_url=lambda: reverse("documents:list"),
            order=20,
            dates=dated_between("date"),
            tally=Tally(
                model=Document,
                facts=document_facts,
                links=Document.framework_items.through,
                record_field="document",
                item_field="frameworkitem",
            ),
        )
    )
    country_sections.register(
        ProfileSection(
            key="documents",
            template="documents/includes/country_documents.html",
            context=country_documents,
            order=20,
        )
    )
