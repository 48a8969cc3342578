"""Idempotent writes for reference data: create, update only what differs, or leave alone.

Saving only when a value changed keeps ``updated_at`` and the simple_history tables quiet
when the same data is loaded twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Literal

from django.db import models

Status = Literal["created", "updated", "unchanged"]
STATUSES: tuple[Status, ...] = ("created", "updated", "unchanged")


class Counts:
    """Created / updated / unchanged tallies per model name (``"Country"``, ``"Group"``...)."""

    def __init__(self) -> None:
        self._counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STATUSES, 0))

    def add(self, label: str, status: Status) -> None:
        self._counts[label][status] += 1

    def merge(self, other: Counts) -> None:
        for label, row in other._counts.items():
            for status, n in row.items():
                self._counts[label][status] += n

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {label: dict(row) for label, row in self._counts.items()}

    def total(self, status: Status) -> int:
        return sum(row[status] for row in self._counts.values())


def combine(*statuses: Status) -> Status:
    """The status of an object written in several steps: created wins, then updated."""
    for status in STATUSES:
        if status in statuses:
            return status
    return "unchanged"


def _differs(obj: models.Model, name: str, value) -> bool:
    field = obj._meta.get_field(name)
    if field.many_to_one or field.one_to_one:
        wanted = value.pk if isinstance(value, models.Model) else value
        return getattr(obj, field.attname) != wanted
    return getattr(obj, name) != value


def upsert(
    model: type[models.Model],
    lookup: dict,
    values: dict | None = None,
    *,
    create_only: dict | None = None,
    extra: Callable[[models.Model], bool] | None = None,
    counts: Counts | None = None,
) -> tuple[models.Model, Status]:
    """Make the row found by ``lookup`` (its natural key) carry ``values``.

    Creates it if absent; otherwise sets and saves only the fields whose value differs.
    ``create_only`` values are used when creating and never overwrite an existing row
    (e.g. an unknown title that the Secretariat may since have filled in). ``extra(obj)``
    may make further changes before saving (such as attaching a file) and returns whether
    it changed anything. New and changed objects go through ``full_clean()`` first.
    """
    values = values or {}
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **(create_only or {}), **values)
        status: Status = "created"
    else:
        changed = [name for name, value in values.items() if _differs(obj, name, value)]
        for name in changed:
            setattr(obj, name, values[name])
        status = "updated" if changed else "unchanged"
    if extra is not None and extra(obj) and status == "unchanged":
        status = "updated"
    if status != "unchanged":
        obj.full_clean()
        obj.save()
    if counts is not None:
        counts.add(model.__name__, status)
    return obj, status


def sync_m2m(manager, wanted: Iterable[models.Model]) -> bool:
    """Make a many-to-many relation hold exactly ``wanted``; return whether it changed."""
    wanted_ids = {obj.pk for obj in wanted}
    current_ids = set(manager.values_list("pk", flat=True))
    if wanted_ids == current_ids:
        return False
    manager.set(list(wanted_ids))
    return True
