"""Optimistic locking: a write names the version it read; a stale version is a conflict.

``select_for_update`` does nothing on SQLite, so the check is a conditional UPDATE of the
version column (``WHERE id = %s AND version = %s``), which is atomic on both databases. The
row is then saved normally inside the same transaction, so django-simple-history records it.
"""

from __future__ import annotations

from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _


class Conflict(Exception):
    """Somebody saved the record after the writer read it; ``current`` is the record now."""

    message = _(
        "Someone else changed this record while you were editing it. Nothing of yours was "
        "saved: the current values are shown; apply your changes to them and save again."
    )

    def __init__(self, current):
        super().__init__(str(self.message))
        self.current = current

    def current_values(self) -> dict:
        values = model_to_dict(self.current)
        values["version"] = self.current.version
        return values


def save_versioned(record, expected_version: int | None = None, **changes):
    """Apply ``changes`` to ``record`` and save it, unless its version moved on.

    ``expected_version`` defaults to the version the instance was loaded with. Raises
    ``Conflict`` (nothing written) when another write came first. Returns the record.
    """
    model = type(record)
    if expected_version is None:
        expected_version = record.version
    expected_version = int(expected_version)
    with transaction.atomic():
        claimed = model._base_manager.filter(pk=record.pk, version=expected_version).update(
            version=expected_version + 1
        )
        if not claimed:
            raise Conflict(model._base_manager.get(pk=record.pk))
        for name, value in changes.items():
            setattr(record, name, value)
        record.version = expected_version + 1
        record.save()
    return record
