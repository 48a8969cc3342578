"""What the search box indexes, and keeping the index in step with the records.

``index_record(obj)`` writes (or removes) the ``SearchEntry`` of one record; signals call it on
every save and delete (``search.signals``), ``rebuild()`` redoes everything
(``rabat search_index --rebuild``). Derived data only: no workflow step lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.urls import reverse

from . import semantic
from .choices import FacetName, ResultKind
from .models import SearchEntry, SearchFacet, SearchVector
from .query import tags_for


@dataclass
class Row:
    kind: str
    object_id: int
    title_en: str
    title_fr: str = ""
    body: str = ""
    url: str = ""
    language: str = ""
    year: int | None = None
    page: int | None = None
    document_id: int | None = None
    visibility: str = "public"  # the document's, for passages and documents
    countries: set[str] = field(default_factory=set)
    items: set[str] = field(default_factory=set)


def _join(*parts) -> str:
    return "\n".join(p for p in parts if p)


def document_row(doc) -> Row:
    return Row(
        kind=ResultKind.DOCUMENT,
        object_id=doc.pk,
        title_en=doc.title_en,
        title_fr=doc.title_fr,
        body=_join(doc.description_en, doc.description_fr),
        url=doc.get_absolute_url(),
        language=doc.language,
        year=doc.date.year if doc.date else None,
        document_id=doc.pk,
        visibility=doc.visibility,
        countries={c.iso2 for c in doc.countries.all()},
        items={i.uid for i in doc.framework_items.all()},
    )


def passage_row(passage, doc=None, countries=None, items=None) -> Row:
    doc = doc or passage.document
    return Row(
        kind=ResultKind.PASSAGE,
        object_id=passage.pk,
        title_en=doc.title_en,
        title_fr=doc.title_fr,
        body=_join(passage.heading, passage.text) if passage.kind != "heading" else passage.text,
        # A text without pages (plain text, Markdown, HTML): the passage itself, in the
        # library's reading of the document.
        url=(
            f"{doc.get_absolute_url()}#page-{passage.page}"
            if passage.page
            else f"{reverse('knowledge:document', kwargs={'pk': doc.pk})}#p{passage.position}"
        ),
        language=passage.language or doc.language,
        year=doc.date.year if doc.date else None,
        page=passage.page,
        document_id=doc.pk,
        visibility=doc.visibility,
        countries=countries if countries is not None else {c.iso2 for c in doc.countries.all()},
        items=items if items is not None else {i.uid for i in doc.framework_items.all()},
    )


def figure_row(figure, doc=None) -> Row:
    """A figure a document quotes: found by its number, its words and its sentence, shown with
    its document and page, visible when the document is."""
    doc = doc or figure.document
    passage = figure.passage
    label = f"{figure.text} {figure.counts}".strip()
    plain = f"{Decimal(str(figure.value)).normalize():f}"  # "301027" for "301,027"
    return Row(
        kind=ResultKind.FIGURE,
        object_id=figure.pk,
        title_en=f"{label} — {doc.title_en}",
        title_fr=f"{label} — {doc.title_fr}" if doc.title_fr else "",
        body=_join(figure.sentence, plain if plain not in figure.text else ""),
        url=figure.get_absolute_url(),
        language=doc.language,
        year=doc.date.year if doc.date else None,
        page=passage.page if passage else None,
        document_id=doc.pk,
        visibility=doc.visibility,
        countries={figure.country.iso2} if figure.country_id else set(),
    )


def meeting_row(meeting) -> Row:
    countries = {c.iso2 for c in meeting.participating_countries.all()}
    if meeting.country_id:
        countries.add(meeting.country.iso2)
    return Row(
        kind=ResultKind.MEETING,
        object_id=meeting.pk,
        title_en=meeting.title_en,
        title_fr=meeting.title_fr,
        body=_join(meeting.description_en, meeting.description_fr, meeting.city, meeting.venue),
        url=meeting.get_absolute_url(),
        year=meeting.start_date.year,
        countries=countries,
        items={i.uid for i in meeting.framework_items.all()},
    )


def recommendation_row(rec) -> Row:
    meeting = rec.meeting
    number = rec.full_number
    countries = {meeting.country.iso2} if meeting.country_id else set()
    return Row(
        kind=ResultKind.RECOMMENDATION,
        object_id=rec.pk,
        title_en=f"{meeting.title_en} — {number}",
        title_fr=f"{meeting.title_fr} — {number}" if meeting.title_fr else "",
        body=_join(rec.heading_en, rec.heading_fr, rec.text_en, rec.text_fr),
        url=rec.get_absolute_url(),
        year=meeting.start_date.year,
        countries=countries,
        items={i.uid for i in rec.framework_items.all()},
    )


def person_row(person) -> Row:
    # Names, functions and affiliations are public; e-mail and telephone are never indexed.
    return Row(
        kind=ResultKind.PERSON,
        object_id=person.pk,
        title_en=person.name,
        body=_join(person.title, person.affiliation),
        url=person.get_absolute_url(),
        countries={person.country.iso2} if person.country_id else set(),
    )


def organisation_row(org) -> Row:
    return Row(
        kind=ResultKind.ORGANISATION,
        object_id=org.pk,
        title_en=_join(org.name_en, org.acronym).replace("\n", " "),
        title_fr=org.name_fr,
        body=org.note,
        url=org.get_absolute_url(),
        countries={org.country.iso2} if org.country_id else set(),
    )


def item_row(item) -> Row:
    framework = item.framework
    label = (
        f"{framework.short_name_en or framework.name_en} — {item.get_kind_display()} {item.number}"
    )
    return Row(
        kind=ResultKind.FRAMEWORK_ITEM,
        object_id=item.pk,
        title_en=_join(label, item.title_en).replace("\n", ": "),
        title_fr=item.title_fr,
        body=_join(item.short_label_en, item.text_en, item.text_fr, item.uid),
        url=item.get_absolute_url(),
        year=framework.adopted_date.year if framework.adopted_date else None,
        items={item.uid},
    )


def write(rows: list[Row]) -> None:
    """Insert or replace the entries of ``rows`` and their facet values."""
    if not rows:
        return
    with transaction.atomic():
        keys = {(r.kind, r.object_id) for r in rows}
        existing = {
            (e.kind, e.object_id): e
            for kind in {k for k, _ in keys}
            for e in SearchEntry.objects.filter(
                kind=kind, object_id__in=[o for k, o in keys if k == kind]
            )
        }
        facets, created, stale, retext = [], [], [], []
        for row in rows:
            values = {
                "title_en": row.title_en or "",
                "title_fr": row.title_fr or "",
                "body": row.body or "",
                "url": row.url,
                "language": row.language or "",
                "year": row.year,
                "page": row.page,
                "document_id": row.document_id,
                "visibility": row.visibility,
                "tags": tags_for(
                    visibility=row.visibility, kind=row.kind, language=row.language,
                    year=row.year, countries=row.countries, items=row.items,
                ),
            }  # fmt: skip
            entry = existing.get((row.kind, row.object_id))
            if entry is None:
                entry = SearchEntry(kind=row.kind, object_id=row.object_id, **values)
                created.append((entry, row))
                continue
            if any(getattr(entry, k) != v for k, v in values.items()):
                if (entry.title_en, entry.body) != (values["title_en"], values["body"]):
                    retext.append(entry.pk)
                for k, v in values.items():
                    setattr(entry, k, v)
                entry.save()
            stale.append(entry.pk)
            facets += _facets(entry, row)
        if stale:
            SearchFacet.objects.filter(entry_id__in=stale).delete()
        SearchEntry.objects.bulk_create([e for e, _r in created], batch_size=1000)
        for entry, row in created:
            facets += _facets(entry, row)
        SearchFacet.objects.bulk_create(facets, batch_size=2000)
        # The optional semantic vectors follow the text (after commit; only where in use).
        semantic.schedule(retext + [e.pk for e, _r in created])


def _facets(entry, row: Row) -> list[SearchFacet]:
    return [SearchFacet(entry=entry, name=FacetName.COUNTRY, value=c) for c in row.countries] + [
        SearchFacet(entry=entry, name=FacetName.ITEM, value=u) for u in row.items
    ]


def remove(kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


def index_document(doc, *, with_passages: bool = True) -> None:
    """A document and (its visibility, title, countries or links may have changed) its
    passages."""
    rows = [document_row(doc)]
    if with_passages:
        countries = {c.iso2 for c in doc.countries.all()}
        items = {i.uid for i in doc.framework_items.all()}
        rows += [passage_row(p, doc, countries, items) for p in doc.passages.all()]
        # Quoted figures carry the document's visibility and title too.
        figures = doc.quoted_figures.select_related("passage", "country")
        rows += [figure_row(f, doc) for f in figures]
    write(rows)


ROW_BUILDERS = {
    ResultKind.MEETING: meeting_row,
    ResultKind.RECOMMENDATION: recommendation_row,
    ResultKind.PERSON: person_row,
    ResultKind.ORGANISATION: organisation_row,
    ResultKind.FRAMEWORK_ITEM: item_row,
    ResultKind.PASSAGE: passage_row,
    ResultKind.FIGURE: figure_row,
}


def sources():
    """(kind, queryset) of every indexed kind, with what the row builders read prefetched."""
    from documents.models import Document
    from frameworks.models import FrameworkItem
    from knowledge.models import Passage, QuotedFigure
    from meetings.models import Meeting, Recommendation
    from partners.models import Organisation, Person

    return [
        (
            ResultKind.DOCUMENT,
            Document.objects.prefetch_related("countries", "framework_items"),
        ),
        (
            ResultKind.PASSAGE,
            Passage.objects.select_related("document").prefetch_related(
                "document__countries", "document__framework_items"
            ),
        ),
        (
            ResultKind.MEETING,
            Meeting.objects.select_related("country").prefetch_related(
                "participating_countries", "framework_items"
            ),
        ),
        (
            ResultKind.RECOMMENDATION,
            Recommendation.objects.select_related(
                "meeting", "meeting__country", "parent"
            ).prefetch_related("framework_items"),
        ),
        (ResultKind.PERSON, Person.objects.select_related("organisation", "country")),
        (ResultKind.ORGANISATION, Organisation.objects.select_related("country")),
        (ResultKind.FRAMEWORK_ITEM, FrameworkItem.objects.select_related("framework")),
        (
            ResultKind.FIGURE,
            QuotedFigure.objects.select_related("document", "passage", "country"),
        ),
    ]


def rebuild(*, batch: int = 2000, stdout=None) -> dict[str, int]:
    """Empty the index and index every record again (idempotent)."""
    from django.db import connection

    counts = {}
    with transaction.atomic():
        SearchVector.objects.all().delete()  # the entries get new ids: --embed again
        SearchFacet.objects.all().delete()
        SearchEntry.objects.all().delete()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO search_entry_fts(search_entry_fts) VALUES ('rebuild')")
        for kind, qs in sources():
            build = document_row if kind == ResultKind.DOCUMENT else ROW_BUILDERS[kind]
            rows, n = [], 0
            for obj in qs.iterator(chunk_size=batch):
                rows.append(build(obj))
                if len(rows) >= batch:
                    write(rows)
                    n += len(rows)
                    rows = []
            write(rows)
            n += len(rows)
            counts[kind] = n
            if stdout is not None:
                stdout.write(f"{kind}: {n}")
    return counts
