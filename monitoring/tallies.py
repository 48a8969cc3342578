"""The dashboard's figures of every other kind linked to framework items (meetings,
recommendations, documents, labelled activities, assistance...), kept right on every write.

A kind takes part when its ``LinkedKind`` carries a ``core.registry.Tally``. ``LinkEntry``
holds, per counted record, one row per framework item it is linked to and each item above
it (its audience, years and extra label, e.g. a recommendation's follow-up status);
``LinkFigure`` holds the number of distinct records per (kind, item, audience, start year,
end year, extra). The dashboard sums a few thousand figures instead of counting every link
per request (``monitoring.dashboard``).

``refresh(kind, ids)`` recomputes the entries of some records and applies the difference to
the figures inside the caller's transaction. The signal receivers below call it for saves
and deletes of the records, their links, the models a kind watches and framework items
that move or go; ``core.signals.bulk_written`` covers the bulk writes that send no signal.
Framework items that move or go and crosswalks that change refresh the initiatives too
(``monitoring.coverage``): one set of receivers for every kind.
``rebuild()`` recomputes everything (``rabat rebuild_coverage``).
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from core.registry import framework_links

from . import figures
from .coverage import via_crosswalks
from .models import ALL_YEARS, LinkEntry, LinkFigure

CHUNK = 500
UNDATED_START = 9999
"""``start_year`` of a record without a start: after the end of every bounded period."""
UNDATED_END = 0
"""``end_year`` of a record without an end: before the start of every bounded period (a
kind's ``dates`` leaves undated records out of every bounded period)."""
FIGURE_FIELDS = ("kind", "item", "public", "start_year", "end_year", "extra", "via")
INITIATIVES = "initiatives"
"""The initiatives' kind: their figures are ``monitoring.coverage``'s, with budgets."""

# Tallies of the monitoring app's own, not framework links: ``{key: Tally}`` (participation).
_own: dict = {}

# Records to refresh at the end of a ``deferred()`` block, per kind (None: at once).
_pending: ContextVar[dict | None] = ContextVar("tallies_pending", default=None)


def tallied() -> dict:
    """``{kind key: Tally}`` for every registered kind that keeps figures, and the
    monitoring app's own (``register``)."""
    return {**{k.key: k.tally for k in framework_links if k.tally is not None}, **_own}


def register(key: str, tally) -> None:
    """Keep figures of something that is not a framework link (e.g. meetings attended per
    country: ``chain=False``, the keys are country ids)."""
    _own[key] = tally


def _entries(key, tally, ids, ancestry) -> list[LinkEntry]:
    """Per record and extra label: an entry for each item it is linked to and each item above
    it, and (``via``) for each item it counts for through crosswalks only. A record's audience
    and dates are the same on all its links."""
    chains, crossed = ancestry
    common, items = {}, defaultdict(set)
    for record, item, public, start, end, extra in tally.facts(ids):
        extra = extra or ""
        common.setdefault(
            (record, extra),
            {
                "public": bool(public),
                "start_year": start.year if start else UNDATED_START,
                "end_year": end.year if end else UNDATED_END,
                "extra": extra,
            },
        )
        items[record, extra].update(chains.get(item, [item]) if tally.chain else [item])
    entries = []
    for (record, extra), direct in items.items():
        attrs = common[record, extra]
        entries.extend(LinkEntry(kind=key, record=record, item=i, **attrs) for i in sorted(direct))
        if tally.chain:
            entries.extend(
                LinkEntry(kind=key, record=record, item=i, via=True, **attrs)
                for i in sorted(via_crosswalks(direct, crossed))
            )
    return entries


def _sums(entries) -> dict[tuple, int]:
    """The figures of these entries: per year, and all years added up (``ALL_YEARS``)."""
    sums: dict[tuple, int] = defaultdict(int)
    for e in entries:
        sums[(e.kind, e.item, e.public, e.start_year, e.end_year, e.extra, e.via)] += 1
        sums[(e.kind, e.item, e.public, ALL_YEARS, ALL_YEARS, e.extra, e.via)] += 1
    return sums


def _apply(delta: dict[tuple, int]) -> None:
    """Add the differences to the figures (insert or increment), then drop empty figures."""
    changes = [(*key, n) for key, n in delta.items() if n]
    figures.add(LinkFigure, FIGURE_FIELDS, ("records",), changes)


@contextmanager
def deferred():
    """Within this block, refreshes are collected and run once per kind at its end (loaders
    and imports: many writes per record, one refresh)."""
    if _pending.get() is not None:
        yield
        return
    token = _pending.set(defaultdict(set))
    try:
        yield
        pending = _pending.get()
    finally:
        _pending.reset(token)
    for key, ids in pending.items():
        refresh(key, ids)


def _ancestry_and_crossings():
    from .coverage import _ancestry, crossings

    chains, _frameworks = _ancestry()
    return chains, crossings(chains)


def refresh(key: str, record_ids) -> None:
    """Recompute the entries of these records of one kind and update the figures by the
    difference (records that no longer count, or no longer exist, lose their entries)."""
    ids = sorted({int(i) for i in record_ids if i is not None})
    tally = tallied().get(key)
    if not ids or tally is None:
        return
    pending = _pending.get()
    if pending is not None:
        pending[key].update(ids)
        return
    ancestry = _ancestry_and_crossings()
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            old = LinkEntry.objects.filter(kind=key, record__in=chunk)
            new = _entries(key, tally, chunk, ancestry)
            delta = _sums(new)
            for figure, n in _sums(old).items():
                delta[figure] -= n
            old.delete()
            LinkEntry.objects.bulk_create(new, batch_size=2000)
            _apply(delta)


def rebuild(*, say=None, keys=None) -> dict[str, int]:
    """Recompute every kind's entries and figures (or only those of ``keys``)."""
    ancestry = _ancestry_and_crossings()
    found = {}
    kinds = {k: t for k, t in tallied().items() if keys is None or k in keys}
    with transaction.atomic():
        LinkEntry.objects.filter(kind__in=list(kinds)).delete()
        LinkFigure.objects.filter(kind__in=list(kinds)).delete()
        for key, tally in kinds.items():
            ids = list(tally.model._base_manager.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(ids), 5000):
                LinkEntry.objects.bulk_create(
                    _entries(key, tally, ids[start : start + 5000], ancestry), batch_size=5000
                )
            found[key] = LinkEntry.objects.filter(kind=key).values("record").distinct().count()
            if say:
                say(f"  {key}: {found[key]} records counted")
        table, entries = LinkFigure._meta.db_table, LinkEntry._meta.db_table
        columns = ", ".join(FIGURE_FIELDS)
        if not kinds:
            return found
        marks = ", ".join(["%s"] * len(kinds))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({columns}, records) "
                f"SELECT {columns}, COUNT(*) FROM {entries} WHERE kind IN ({marks}) "
                f"GROUP BY {columns}",
                list(kinds),
            )
            cursor.execute(
                f"INSERT INTO {table} ({columns}, records) "
                f"SELECT kind, item, public, %s, %s, extra, via, COUNT(*) FROM {entries} "
                f"WHERE kind IN ({marks}) GROUP BY kind, item, public, extra, via",
                [ALL_YEARS, ALL_YEARS, *kinds],
            )
    return found


# -- signal receivers ------------------------------------------------------------------------


def _on_record(key):
    def handler(sender, instance, raw=False, **kwargs):
        if not raw:
            refresh(key, [instance.pk])

    return handler


def _on_link(key, tally):
    record_attr = f"{tally.record_field}_id"

    def handler(sender, instance, raw=False, **kwargs):
        if not raw:
            refresh(key, [getattr(instance, record_attr)])

    return handler


def _on_m2m(key, tally):
    record_column = f"{tally.record_field}_id"
    item_column = f"{tally.item_field}_id"

    def handler(sender, instance, action, reverse, pk_set, **kwargs):
        if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
            return
        if not reverse:  # record.framework_items.add(...)
            if action != "pre_clear":
                refresh(key, [instance.pk])
        elif action == "pre_clear":  # item.<records>.clear(): remember which records
            instance._tally_clearing = list(
                tally.links.objects.filter(**{item_column: instance.pk}).values_list(
                    record_column, flat=True
                )
            )
        elif action == "post_clear":
            refresh(key, getattr(instance, "_tally_clearing", []))
        else:
            refresh(key, pk_set or [])

    return handler


def _on_watched(key, record_ids):
    def handler(sender, instance, raw=False, **kwargs):
        if not raw:
            refresh(key, record_ids(instance))

    return handler


def _on_bulk(sender, instances=(), **kwargs):
    """``core.signals.bulk_written``: rows written without signals."""
    for key, tally in tallied().items():
        if sender is tally.model:
            refresh(key, [i.pk for i in instances])
        for model, record_ids in tally.watch:
            if sender is model:
                refresh(key, [pk for i in instances for pk in record_ids(i)])


def _by_kind(entries) -> dict[str, list[int]]:
    """``{kind: record ids}`` of some link entries."""
    found = defaultdict(list)
    for kind, record in entries.values_list("kind", "record"):
        found[kind].append(record)
    return found


def _counted_at(item_id, *, via=None) -> dict[str, list[int]]:
    """``{kind: record ids}`` of the records with entries at an item (linked to it or below
    it, or, unless ``via=False``, counted for it through a crosswalk), the initiatives of
    ``monitoring.coverage`` included."""
    from . import coverage

    chained = [key for key, tally in tallied().items() if tally.chain]
    entries = LinkEntry.objects.filter(item=item_id, kind__in=chained)
    found = _by_kind(entries if via is None else entries.filter(via=via))
    found[INITIATIVES] = coverage.counted_at(item_id, via=via)
    return found


def _refresh_found(*found: dict[str, list[int]]) -> None:
    """Refresh the records of ``_counted_at`` answers (taken before and after a change)."""
    from . import coverage

    records = defaultdict(set)
    for answer in found:
        for key, ids in answer.items():
            records[key].update(ids)
    for key, ids in records.items():
        if key == INITIATIVES:
            coverage.refresh(ids)
        else:
            refresh(key, ids)


def _item_saving(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    before = type(instance)._base_manager.filter(pk=instance.pk).values("parent_id", "framework_id")
    before = before.first()
    instance._tally_moved = before is not None and before != {
        "parent_id": instance.parent_id,
        "framework_id": instance.framework_id,
    }


def _item_saved(sender, instance, raw=False, **kwargs):
    # A moved item changes the items (and framework) above everything linked at or below it.
    if not raw and getattr(instance, "_tally_moved", False):
        instance._tally_moved = False
        _refresh_found(_counted_at(instance.pk))


def _crosswalk_saving(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    before = type(instance)._base_manager.filter(pk=instance.pk).first()
    instance._tally_before = _counted_at(before.source_item_id, via=False) if before else {}


def _crosswalk_changed(sender, instance, raw=False, **kwargs):
    # Work on the source (or below it) now counts, or no longer counts, for the target.
    if not raw:
        _refresh_found(
            getattr(instance, "_tally_before", {}),
            _counted_at(instance.source_item_id, via=False),
        )


def _item_deleting(sender, instance, **kwargs):
    instance._tally_counted = _counted_at(instance.pk)


def _item_deleted(sender, instance, **kwargs):
    _refresh_found(getattr(instance, "_tally_counted", {}))


def connect() -> None:
    from core.signals import bulk_written
    from frameworks.models import Crosswalk, FrameworkItem

    uid = "monitoring.tallies"
    for key, tally in tallied().items():
        post_save.connect(
            _on_record(key), sender=tally.model, weak=False, dispatch_uid=f"{uid}.{key}+"
        )
        post_delete.connect(
            _on_record(key), sender=tally.model, weak=False, dispatch_uid=f"{uid}.{key}-"
        )
        if tally.links is not None:
            m2m_changed.connect(
                _on_m2m(key, tally),
                sender=tally.links,
                weak=False,
                dispatch_uid=f"{uid}.{key}.m2m",
            )
        if tally.links is not None and not tally.links._meta.auto_created:
            # Links that are a model of their own: their rows' signals too.
            for signal, name in ((post_save, "l+"), (post_delete, "l-")):
                signal.connect(
                    _on_link(key, tally),
                    sender=tally.links,
                    weak=False,
                    dispatch_uid=f"{uid}.{key}.{name}",
                )
        for index, (model, record_ids) in enumerate(tally.watch):
            for signal, name in ((post_save, "w+"), (post_delete, "w-")):
                signal.connect(
                    _on_watched(key, record_ids),
                    sender=model,
                    weak=False,
                    dispatch_uid=f"{uid}.{key}.{name}{index}",
                )
    bulk_written.connect(_on_bulk, dispatch_uid=f"{uid}.bulk")
    pre_save.connect(_crosswalk_saving, sender=Crosswalk, dispatch_uid=f"{uid}.xw?")
    post_save.connect(_crosswalk_changed, sender=Crosswalk, dispatch_uid=f"{uid}.xw")
    post_delete.connect(_crosswalk_changed, sender=Crosswalk, dispatch_uid=f"{uid}.xw-")
    pre_save.connect(_item_saving, sender=FrameworkItem, dispatch_uid=f"{uid}.item?")
    post_save.connect(_item_saved, sender=FrameworkItem, dispatch_uid=f"{uid}.item")
    pre_delete.connect(_item_deleting, sender=FrameworkItem, dispatch_uid=f"{uid}.item-")
    post_delete.connect(_item_deleted, sender=FrameworkItem, dispatch_uid=f"{uid}.item--")
