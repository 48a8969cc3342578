"""Registries that let higher apps plug into lower ones without imports going upwards.

``frameworks`` knows nothing of meetings or documents; ``meetings`` and ``documents``
register here, from their ``AppConfig.ready()``, what they link to framework items and
what they show on a country profile.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class LinkedKind:
    """Records of one kind that can be linked to framework items (meetings, documents...).

    ``pairs(item_ids, user)`` yields ``(item_id, record_id)`` for every link the user may see;
    ``records(item_ids, user)`` returns a queryset of the distinct records linked to any of
    those items; ``list_url`` is the list page to which ``?framework_item=<uid>`` is appended.
    Optional ``dates(queryset, start, end)`` narrows a ``records`` queryset to the records
    dated within a period (either bound may be ``None``: open); ``dated_between`` builds it.
    Kinds without it cannot be limited to a period (the reference countries' workspace then
    shows all their linked records and says so).
    Optional ``rollup(item_ids, user, crosswalks=False)`` returns ``{item_id: n}``, the number
    of distinct records the user may see linked to each item or any item below it (with
    ``crosswalks``, or to an earlier plan's item it continues), read from figures kept up to
    date; the framework browser then uses it instead of reading every pair. It must agree with
    ``pairs``. The monitoring app provides it for the kinds that declare a ``tally``.
    Optional ``tally`` (a ``Tally``) lets the monitoring dashboard keep the kind's counts as
    figures updated on every write instead of counting every link per request.
    """

    key: str
    label: Callable[[], str]
    pairs: Callable[[Iterable[int], object], Iterable[tuple[int, int]]]
    records: Callable[[Iterable[int], object], object]
    template: str
    list_url: Callable[[], str] | None = None
    order: int = 100
    dates: Callable[[object, date | None, date | None], object] | None = None
    rollup: Callable[[Iterable[int], object], dict[int, int]] | None = None
    tally: Tally | None = None


@dataclass(frozen=True)
class Tally:
    """What the monitoring app needs to keep a kind's dashboard figures (``monitoring.tallies``).

    ``facts(record_ids)`` yields ``(record_id, item_id, public, start, end, extra)`` for every
    framework link of those records that ``pairs`` would return to a partner (``public``: a
    visitor sees it too; ``start``/``end``: the dates ``dates`` filters on, ``None`` when
    unknown; ``extra``: a short label counted separately, e.g. a follow-up status, or "").
    ``model`` holds the records; ``links`` the links to framework items (a many-to-many
    ``through`` model or a model with foreign keys), named by ``record_field`` and
    ``item_field``. ``watch``: ``(model, record_ids(instance))`` for other models whose saves
    and deletes change the facts (a recommendation's meeting, its follow-up).
    Writes that send no signal (``bulk_create``, ``QuerySet.update``) must call
    ``monitoring.tallies.refresh(key, ids)`` or be followed by ``rabat rebuild_coverage``.
    """

    model: type
    facts: Callable[[list[int]], Iterable[tuple]]
    links: type | None = None
    record_field: str = ""
    item_field: str = ""
    watch: tuple = ()
    chain: bool = True
    """``False``: the keys are not framework items (no rolling up the tree)."""


def dated_between(start_field: str, end_field: str | None = None):
    """A ``LinkedKind.dates`` for records dated by ``start_field`` (and ``end_field`` for
    records spanning several days): a record counts when its dates overlap the period.
    Undated records are outside every bounded period."""
    end_field = end_field or start_field

    def dates(queryset, start, end):
        if start is not None:
            queryset = queryset.filter(**{f"{end_field}__gte": start})
        if end is not None:
            queryset = queryset.filter(**{f"{start_field}__lte": end})
        return queryset

    return dates


@dataclass(frozen=True)
class ProfileSection:
    """A section of a country profile (or of a meeting page): ``context(country, user)``
    returns the template context."""

    key: str
    template: str
    context: Callable[[object, object], dict]
    order: int = 100


@dataclass
class Registry:
    entries: list = field(default_factory=list)

    def register(self, entry) -> None:
        if any(existing.key == entry.key for existing in self.entries):
            return
        self.entries.append(entry)
        self.entries.sort(key=lambda e: e.order)

    def __iter__(self):
        return iter(self.entries)

    def replace(self, key: str, **changes) -> None:
        """Change fields of a registered entry (e.g. a higher app providing a kind's
        ``rollup``)."""
        from dataclasses import replace

        self.entries = [replace(e, **changes) if e.key == key else e for e in self.entries]


framework_links = Registry()
country_sections = Registry()
# Sections of a meeting page from higher apps: ``ProfileSection`` whose ``context(meeting,
# user)`` returns the template context, or ``None`` to leave the section out.
meeting_sections = Registry()


def framework_item_links(model, *, order_by: tuple, select_related: tuple[str, ...]):
    """``(pairs, records)`` for a model linked to framework items by ``framework_items``.

    Both read through ``restrict(user)``: what a user may not see is neither counted nor listed.
    """

    def pairs(item_ids, user):
        # One join, not an IN over every visible id: SQLite plans such a subquery row by row.
        return (
            model.objects.restrict(user)
            .filter(framework_items__in=item_ids)
            .values_list("framework_items", "id")
            .order_by()
        )

    def records(item_ids, user):
        linked = model.objects.filter(framework_items__in=item_ids).values("id")
        return (
            model.objects.restrict(user)
            .filter(id__in=linked)
            .select_related(*select_related)
            .order_by(*order_by)
        )

    return pairs, records
