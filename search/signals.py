"""Keep the search index in step with the records (derived data only).

Bulk writes that bypass signals (``bulk_create``, ``QuerySet.update``) must call
``search.indexing.index_document(document)`` or run ``rabat search_index --rebuild``.
Set ``RABAT_SEARCH_AUTO_INDEX = False`` to switch the signals off (e.g. for a large import,
followed by a rebuild).
"""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save

from core.signals import bulk_written

from . import indexing
from .choices import ResultKind


def _enabled(kwargs) -> bool:
    return getattr(settings, "RABAT_SEARCH_AUTO_INDEX", True) and not kwargs.get("raw")


def _on_document(sender, instance, **kwargs):
    if _enabled(kwargs):
        indexing.index_document(instance)


def _on_passage(sender, instance, **kwargs):
    if _enabled(kwargs):
        indexing.write([indexing.passage_row(instance)])


def _on_bulk(sender, instances, **kwargs):
    """Passages written in bulk (``knowledge.services.passages_store``): their documents are
    indexed again, passages included, in the writer's transaction."""
    from documents.models import Document
    from knowledge.models import Passage

    if sender is not Passage or not getattr(settings, "RABAT_SEARCH_AUTO_INDEX", True):
        return
    ids = {passage.document_id for passage in instances}
    for document in Document.objects.filter(pk__in=ids).prefetch_related(
        "countries", "framework_items"
    ):
        indexing.index_document(document)


def _simple(kind):
    def handler(sender, instance, **kwargs):
        if _enabled(kwargs):
            indexing.write([indexing.ROW_BUILDERS[kind](instance)])

    return handler


def _remover(kind):
    def handler(sender, instance, **kwargs):
        if getattr(settings, "RABAT_SEARCH_AUTO_INDEX", True):
            indexing.remove(kind, instance.pk)

    return handler


def _on_framework(sender, instance, **kwargs):
    if _enabled(kwargs):
        indexing.write([indexing.item_row(i) for i in instance.items.select_related("framework")])


def _on_m2m(builder):
    def handler(sender, instance, action, reverse, **kwargs):
        if action not in ("post_add", "post_remove", "post_clear") or not _enabled(kwargs):
            return
        if reverse:  # e.g. item.documents.add(doc): re-index each record on the other side
            model = kwargs["model"]
            pks = kwargs.get("pk_set") or ()
            for obj in model.objects.filter(pk__in=pks):
                builder(obj)
        else:
            builder(instance)

    return handler


def connect() -> None:
    from documents.models import Document
    from frameworks.models import Framework, FrameworkItem
    from knowledge.models import Passage, QuotedFigure
    from meetings.models import Meeting, Recommendation
    from partners.models import Organisation, Person

    uid = "search-index"
    post_save.connect(_on_document, sender=Document, weak=False, dispatch_uid=f"{uid}-document")
    post_delete.connect(
        _remover(ResultKind.DOCUMENT),
        sender=Document,
        weak=False,
        dispatch_uid=f"{uid}-document-del",
    )
    post_save.connect(_on_passage, sender=Passage, weak=False, dispatch_uid=f"{uid}-passage")
    bulk_written.connect(_on_bulk, weak=False, dispatch_uid=f"{uid}-bulk")
    post_delete.connect(
        _remover(ResultKind.PASSAGE), sender=Passage, weak=False, dispatch_uid=f"{uid}-passage-del"
    )
    for model, kind in (
        (Meeting, ResultKind.MEETING),
        (Recommendation, ResultKind.RECOMMENDATION),
        (Person, ResultKind.PERSON),
        (Organisation, ResultKind.ORGANISATION),
        (FrameworkItem, ResultKind.FRAMEWORK_ITEM),
        (QuotedFigure, ResultKind.FIGURE),
    ):
        post_save.connect(_simple(kind), sender=model, weak=False, dispatch_uid=f"{uid}-{kind}")
        post_delete.connect(
            _remover(kind), sender=model, weak=False, dispatch_uid=f"{uid}-{kind}-del"
        )
    post_save.connect(_on_framework, sender=Framework, weak=False, dispatch_uid=f"{uid}-framework")

    def doc(obj):
        indexing.index_document(obj)

    def rec(obj):
        indexing.write([indexing.recommendation_row(obj)])

    def meet(obj):
        indexing.write([indexing.meeting_row(obj)])

    for through, builder, name in (
        (Document.countries.through, doc, "doc-countries"),
        (Document.framework_items.through, doc, "doc-items"),
        (Meeting.participating_countries.through, meet, "meeting-countries"),
        (Meeting.framework_items.through, meet, "meeting-items"),
        (Recommendation.framework_items.through, rec, "rec-items"),
    ):
        m2m_changed.connect(
            _on_m2m(builder), sender=through, weak=False, dispatch_uid=f"{uid}-{name}"
        )
