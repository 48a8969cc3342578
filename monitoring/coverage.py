"""The dashboard's denormalised figures of initiatives: kept right on every write.

``CoverageEntry`` holds, for each validated initiative, one row per thing it counts for
(each framework item it is linked to and every item above it, each framework, the reporting
country, each country concerned) with its audience, years, currency and budget.
``CoverageFigure`` holds the sums of those rows per (dimension, key, audience, start year,
end year, currency): the dashboard reads a few thousand figures, never the initiatives.

``refresh(initiative_ids)`` recomputes the entries of some initiatives and applies the
difference to the figures, inside the caller's transaction. It is called by the signal
receivers below (saves, deletes, framework links, countries concerned; framework items
moved or deleted and crosswalks changed through ``monitoring.tallies``: so the forms, the
admin, the API and the importers are all covered) and
by the services that write with ``QuerySet.update`` or ``bulk_create`` (publication,
imports). ``rebuild()`` recomputes everything (``rabat rebuild_coverage``, the migration).
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from core.models import Visibility

from . import figures
from .choices import RecordState
from .models import (
    ALL_YEARS,
    NO_YEAR,
    CoverageEntry,
    CoverageFigure,
    Initiative,
    InitiativeCountry,
)

D = CoverageEntry.Dimension
CHUNK = 500
BUDGETED = (D.ITEM.value, D.FRAMEWORK.value)
FIGURE_FIELDS = ("dimension", "key", "public", "start_year", "end_year", "currency", "via")

# Initiatives being deleted: the deletion of their countries concerned must not put their
# entries back before the initiative itself goes.
_deleting: ContextVar[frozenset] = ContextVar("coverage_deleting", default=frozenset())
# Initiatives to refresh at the end of a ``deferred()`` block (None: refresh at once).
_pending: ContextVar[set | None] = ContextVar("coverage_pending", default=None)


def _models(apps=None):
    """The models (the historical ones in a migration)."""
    from django.apps import apps as live

    apps = apps or live
    return (
        apps.get_model("monitoring", "Initiative"),
        apps.get_model("monitoring", "InitiativeCountry"),
        apps.get_model("monitoring", "CoverageEntry"),
        apps.get_model("monitoring", "CoverageFigure"),
        apps.get_model("frameworks", "FrameworkItem"),
    )


def _ancestry(apps=None) -> tuple[dict[int, list[int]], dict[int, int]]:
    """Each framework item with itself and every item above it; each item's framework."""
    FrameworkItem = _models(apps)[4]
    rows = list(FrameworkItem.objects.values_list("id", "parent_id", "framework_id"))
    parent = {i: p for i, p, _f in rows}
    framework = {i: f for i, _p, f in rows}
    chains = {}
    for item_id in parent:
        chain, current, seen = [], item_id, set()
        while current is not None and current not in seen:
            seen.add(current)
            chain.append(current)
            current = parent.get(current)
        chains[item_id] = chain
    return chains, framework


def crossings(chains, apps=None) -> dict[int, set[int]]:
    """``{source item: items counted for through crosswalks}``: work on a crosswalk's source
    (or below it) counts for its target and every item above the target."""
    from django.apps import apps as live

    Crosswalk = (apps or live).get_model("frameworks", "Crosswalk")
    found: dict[int, set[int]] = defaultdict(set)
    for source, target in Crosswalk.objects.values_list("source_item_id", "target_item_id"):
        found[source].update(chains.get(target, [target]))
    return found


def via_crosswalks(direct, crossed) -> set[int]:
    """The items a record counts for through crosswalks and not directly (``direct``: the
    items it is linked to and those above them)."""
    found = set()
    for item in direct:
        found |= crossed.get(item, set())
    return found - set(direct)


def _entries(initiative_ids, ancestry, apps=None) -> list:
    Initiative, InitiativeCountry, CoverageEntry, _f, _i = _models(apps)
    chains, frameworks, crossed = ancestry
    rows = list(
        Initiative._base_manager.filter(
            id__in=initiative_ids, record_state=RecordState.VALIDATED
        ).values_list(
            "id", "country_id", "visibility", "start_date", "end_date", "budget", "currency"
        )
    )
    ids = [r[0] for r in rows]
    items = defaultdict(set)
    for ini, item in Initiative.framework_items.through.objects.filter(
        initiative_id__in=ids
    ).values_list("initiative_id", "frameworkitem_id"):
        items[ini].add(item)
    concerned = defaultdict(set)
    for ini, country in InitiativeCountry.objects.filter(initiative_id__in=ids).values_list(
        "initiative_id", "country_id"
    ):
        concerned[ini].add(country)
    entries = []
    for ini, country, visibility, start, end, budget, currency in rows:
        common = {
            "initiative_id": ini,
            "public": visibility == Visibility.PUBLIC,
            "start_year": start.year if start else NO_YEAR,
            "end_year": end.year if end else NO_YEAR,
            "currency": currency if budget is not None else "",
            "budget": budget,
        }
        keys = {(D.REPORTED.value, country)} | {(D.CONCERNED.value, c) for c in concerned[ini]}
        direct = set()
        for item in items[ini]:
            direct.update(chains.get(item, [item]))
            if item in frameworks:
                keys.add((D.FRAMEWORK.value, frameworks[item]))
        keys |= {(D.ITEM.value, i) for i in direct}
        # Budgets are summed per item and framework; per country only initiatives are counted
        # (no currency: a third as many figures to add up).
        per_country = {**common, "currency": "", "budget": None}
        entries.extend(
            CoverageEntry(dimension=d, key=k, **(common if d in BUDGETED else per_country))
            for d, k in sorted(keys)
        )
        entries.extend(
            CoverageEntry(dimension=D.ITEM.value, key=i, via=True, **common)
            for i in sorted(via_crosswalks(direct, crossed))
        )
    return entries


def _sums(entries) -> dict[tuple, list]:
    """The figures of these entries: per year, and all years added up (``ALL_YEARS``)."""
    sums: dict[tuple, list] = defaultdict(lambda: [0, Decimal(0)])
    for e in entries:
        for years in ((e.start_year, e.end_year), (ALL_YEARS, ALL_YEARS)):
            key = (e.dimension, e.key, e.public, *years, e.currency, e.via)
            sums[key][0] += 1
            sums[key][1] += e.budget or Decimal(0)
    return sums


def _apply(delta: dict[tuple, list]) -> None:
    """Add the differences to the figures (insert or increment), then drop empty figures."""
    changes = [(*key, n, Decimal(budget)) for key, (n, budget) in delta.items() if n or budget]
    figures.add(CoverageFigure, FIGURE_FIELDS, ("initiatives", "budget"), changes)


@contextmanager
def deferred():
    """Within this block, refreshes are collected and run once at its end (imports,
    publication, round opening: many writes per initiative, one refresh)."""
    if _pending.get() is not None:  # nested: the outer block refreshes
        yield
        return
    token = _pending.set(set())
    try:
        yield
        ids = _pending.get()
    finally:
        _pending.reset(token)
    refresh(ids)


def refresh(initiative_ids, *, removing: bool = False) -> None:
    """Recompute the entries of these initiatives and update the figures by the difference.
    ``removing``: the initiatives are being deleted (their entries go, none come back)."""
    ids = sorted({int(i) for i in initiative_ids if i is not None})
    if not ids:
        return
    pending = _pending.get()
    if pending is not None and not removing:
        pending.update(ids)
        return
    ancestry = None
    if not removing:
        chains, frameworks = _ancestry()
        ancestry = (chains, frameworks, crossings(chains))
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            # One writer at a time per initiative (PostgreSQL; SQLite serialises writers).
            list(
                Initiative._base_manager.select_for_update()
                .filter(id__in=chunk)
                .values_list("id", flat=True)
            )
            old = list(CoverageEntry.objects.filter(initiative_id__in=chunk))
            new = [] if removing else _entries(chunk, ancestry)
            delta = _sums(new)
            for key, (n, budget) in _sums(old).items():
                delta[key][0] -= n
                delta[key][1] -= budget
            CoverageEntry.objects.filter(initiative_id__in=chunk).delete()
            CoverageEntry.objects.bulk_create(new, batch_size=2000)
            _apply(delta)
        # The country x action table's figures (``monitoring.tallies``, kind "cells").
        from . import tallies

        tallies.refresh("cells", ids)


def drain() -> int:
    """Recompute the initiatives that ``CoverageBacklog`` rows hold, ``CHUNK`` of them per
    short transaction, and delete each row when it is done; the number recomputed. Safe to run
    twice or at once in two processes: ``refresh`` applies differences, so a chunk recomputed
    again changes nothing."""
    from .models import CoverageBacklog

    done = 0
    for backlog in CoverageBacklog.objects.order_by("pk"):
        ids = sorted({int(i) for i in backlog.initiative_ids})
        for start in range(0, len(ids), CHUNK):
            refresh(ids[start : start + CHUNK])
        CoverageBacklog.objects.filter(pk=backlog.pk).delete()
        done += len(ids)
    return done


def rebuild(*, say=None, apps=None) -> dict[str, int]:
    """Recompute every entry and figure from the initiatives (command and migration)."""
    Initiative, _c, CoverageEntry, CoverageFigure, _i = _models(apps)
    chains, frameworks = _ancestry(apps)
    ancestry = (chains, frameworks, crossings(chains, apps))
    ids = list(
        Initiative._base_manager.filter(record_state=RecordState.VALIDATED)
        .order_by("id")
        .values_list("id", flat=True)
    )
    with transaction.atomic():
        if apps is None:  # everything is recomputed: a drain left by a stopped import is done
            from .models import CoverageBacklog

            CoverageBacklog.objects.all().delete()
        CoverageEntry.objects.all().delete()
        CoverageFigure.objects.all().delete()
        for start in range(0, len(ids), 5000):
            CoverageEntry.objects.bulk_create(
                _entries(ids[start : start + 5000], ancestry, apps), batch_size=5000
            )
            if say:
                say(f"  {min(start + 5000, len(ids))} initiatives")
        table, entries = CoverageFigure._meta.db_table, CoverageEntry._meta.db_table
        columns = ", ".join(FIGURE_FIELDS)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({columns}, initiatives, budget) "
                f"SELECT {columns}, COUNT(*), COALESCE(SUM(budget), 0) FROM {entries} "
                f"GROUP BY {columns}"
            )
            cursor.execute(
                f"INSERT INTO {table} ({columns}, initiatives, budget) "
                "SELECT dimension, key, public, %s, %s, currency, via, COUNT(*), "
                f"COALESCE(SUM(budget), 0) FROM {entries} "
                "GROUP BY dimension, key, public, currency, via",
                [ALL_YEARS, ALL_YEARS],
            )
    return {
        "initiatives": len(ids),
        "entries": CoverageEntry.objects.count(),
        "figures": CoverageFigure.objects.count(),
    }


# -- signal receivers ------------------------------------------------------------------------


def _initiative_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh([instance.pk])


def _initiative_deleting(sender, instance, **kwargs):
    _deleting.set(_deleting.get() | {instance.pk})
    refresh([instance.pk], removing=True)


def _initiative_deleted(sender, instance, **kwargs):
    _deleting.set(_deleting.get() - {instance.pk})


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse:
        if action != "pre_clear":
            refresh([instance.pk])
    elif action == "pre_clear":  # an item's links all go: remember whose
        instance._coverage_clearing = list(
            Initiative.framework_items.through.objects.filter(
                frameworkitem_id=instance.pk
            ).values_list("initiative_id", flat=True)
        )
    elif action == "post_clear":
        refresh(getattr(instance, "_coverage_clearing", []))
    else:
        refresh(pk_set or [])


def _country_changed(sender, instance, raw=False, **kwargs):
    if raw or instance.initiative_id in _deleting.get():
        return
    refresh([instance.initiative_id])


def counted_at(item_id, *, via=None) -> list[int]:
    """The validated initiatives with entries at an item: linked to it or below it, or (unless
    ``via=False``) counted for it through a crosswalk. ``monitoring.tallies`` refreshes them
    when the item moves or goes, or a crosswalk from it changes."""
    entries = CoverageEntry.objects.filter(dimension=D.ITEM, key=item_id)
    if via is not None:
        entries = entries.filter(via=via)
    return sorted(set(entries.values_list("initiative_id", flat=True)))


def connect() -> None:
    """The initiatives' own writes; framework items and crosswalks that change are handled
    with every other kind's by ``monitoring.tallies``."""
    uid = "monitoring.coverage"
    post_save.connect(_initiative_saved, sender=Initiative, dispatch_uid=f"{uid}.saved")
    pre_delete.connect(_initiative_deleting, sender=Initiative, dispatch_uid=f"{uid}.deleting")
    post_delete.connect(_initiative_deleted, sender=Initiative, dispatch_uid=f"{uid}.deleted")
    m2m_changed.connect(
        _links_changed, sender=Initiative.framework_items.through, dispatch_uid=f"{uid}.links"
    )
    post_save.connect(_country_changed, sender=InitiativeCountry, dispatch_uid=f"{uid}.c+")
    post_delete.connect(_country_changed, sender=InitiativeCountry, dispatch_uid=f"{uid}.c-")
