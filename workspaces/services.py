"""Writes of the workspace (the page forms, the API and the admin share these checks)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from workflows.locking import save_versioned

from .models import ReferenceCountryReport, Theme, assignments_for


def _check_assignment(record, user) -> None:
    if not assignments_for(user, record.assignment.item).filter(pk=record.assignment_id).exists():
        raise PermissionDenied


@transaction.atomic
def workspace_record_create(*, record: ReferenceCountryReport | Theme, by):
    """Save a new report or theme on behalf of a reference country the user acts for."""
    _check_assignment(record, by)
    record.created_by = by
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def workspace_record_update(*, record, by, expected_version: int | None, changes: dict):
    """Apply ``changes`` unless the record moved on (``workflows.locking.Conflict``)."""
    for name, value in changes.items():
        setattr(record, name, value)
    _check_assignment(record, by)
    record.full_clean()
    save_versioned(record, expected_version)
    return record
