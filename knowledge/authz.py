"""Authorisation matrix of the knowledge library (see core/authz.py).

The library and a document's text follow document visibility (everyone sees public documents,
partner roles the partners-only ones); upload, jobs, review and their API are the
Secretariat's.
"""

from core.authz import EVERYONE, PARTNERS, STAFF, Case, api_cases, list_cases


def setup(world):
    from documents.tests.factories import DocumentFactory
    from knowledge.models import ExtractionDraft, IngestBatch, IngestItem, Passage, QuotedFigure

    world.library_public = DocumentFactory(title_en="Library public document")
    world.library_private = DocumentFactory(title_en="Library private document", partners_only=True)
    for document in (world.library_public, world.library_private):
        Passage.objects.create(document=document, position=0, kind="paragraph", text="Text.")
    world.library_draft = ExtractionDraft.objects.create(document=world.library_private, data={})
    batch = IngestBatch.objects.create(source="command", visibility="public")
    world.library_item = IngestItem.objects.create(
        batch=batch, filename="report.pdf", status="done", document=world.library_public
    )
    world.figure_public, world.figure_private = (
        QuotedFigure.objects.create(
            document=document, value=95, text="95", counts="participants",
            sentence="95 participants.", sentence_key="0" * 64,
        )
        for document in (world.library_public, world.library_private)
    )  # fmt: skip


def _public(world):
    return {"pk": world.library_public.pk}


def _private(world):
    return {"pk": world.library_private.pk}


def _draft(world):
    return {"pk": world.library_draft.pk}


def _item(world):
    return {"pk": world.library_item.pk}


def _figure_public(world):
    return {"pk": world.figure_public.pk}


def _figure_private(world):
    return {"pk": world.figure_private.pk}


CASES = [
    Case("knowledge:list", "list", EVERYONE),
    Case("knowledge:list", "export", EVERYONE, query="?export=csv"),
    Case("knowledge:document", "view", EVERYONE, kwargs=_public),
    Case("knowledge:document", "view", PARTNERS, kwargs=_private),
    Case("knowledge:upload", "view", STAFF),
    # No file: the Secretariat gets the form back with an error (nothing queued).
    Case("knowledge:upload", "create", STAFF, method="POST", data={"visibility": "public"}),
    Case("knowledge:jobs", "list", STAFF),
    Case("knowledge:jobs", "export", STAFF, query="?export=json"),
    Case("knowledge:drafts", "list", STAFF),
    Case("knowledge:drafts", "export", STAFF, query="?export=csv"),
    Case("knowledge:review", "view", STAFF, kwargs=_draft),
    # An unknown action changes nothing and returns to the page.
    Case("knowledge:review", "change", STAFF, kwargs=_draft, method="POST", data={"action": "-"}),
    # The draft's document has no stored file: the Secretariat is told so, nothing changes.
    Case("knowledge:extract-again", "change", STAFF, kwargs=_draft, method="POST"),
    Case("api:library-document-list", "list", EVERYONE),
    Case("api:library-document-detail", "view", EVERYONE, kwargs=_public),
    Case("api:library-document-detail", "view", PARTNERS, kwargs=_private),
    Case("api:ingest-item-list", "list", STAFF),
    Case("api:ingest-item-detail", "view", STAFF, kwargs=_item),
    Case("api:extraction-draft-list", "list", STAFF),
    Case("api:extraction-draft-detail", "view", STAFF, kwargs=_draft),
    # Quoted figures follow their document's visibility.
    *list_cases("knowledge:figures"),
    *api_cases("quoted-figure", _figure_public, writes=False),
    Case("api:quoted-figure-detail", "view", PARTNERS, kwargs=_figure_private),
]


# ---- the write battery (core.writebattery; core/tests/test_write_battery.py) ------------------
def _writes():
    from core.writebattery import WriteCase, meeting

    return [
        WriteCase(
            "knowledge.Passage",
            values=lambda w: {
                "document": w.library_public,
                "position": 7,
                "kind": "paragraph",
                "level": 0,
                "page": 3,
                "heading": "Conclusions",
                "text": "The partners agreed to create a network of contact points on return.",
                "language": "en",
            },
            changes=lambda w: {"page": 4, "heading": "Recommendations"},
            record=lambda w: w.library_public.passages.order_by("position").first(),
        ),  # fmt: skip
        WriteCase(
            "knowledge.IngestBatch",
            values=lambda w: {"source": "upload", "visibility": "partners"},
            changes=lambda w: {"visibility": "partners"},
            record=lambda w: w.library_item.batch,
        ),
        WriteCase(
            "knowledge.IngestItem",
            values=lambda w: {
                "batch": w.library_item.batch,
                "filename": "ouagadougou-conclusions.pdf",
                "status": "queued",
                "language": "fr",
                "pages": 12,
            },
            changes=lambda w: {"filename": "report-2019.pdf", "pages": 14},
            record=lambda w: w.library_item,
        ),  # fmt: skip
        WriteCase(
            "knowledge.ExtractionDraft",
            values=lambda w: {
                "document": w.library_public,
                "state": "pending",
                "meeting": meeting("2019-02-ouagadougou-senior-officials-meeting"),
                "data": {"meeting": {"title_en": "SOM Ouagadougou"}},
            },
            changes=lambda w: {"state": "rejected", "data": {"meeting": {"city": "Ouagadougou"}}},
            record=lambda w: w.library_draft,
        ),  # fmt: skip
    ]


WRITES = _writes()
