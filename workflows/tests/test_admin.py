"""Every versioned record's admin detects concurrent edits (workflows.admin.VersionedAdmin)."""

import pytest
from django.contrib import admin

from workflows.admin import VersionedAdmin
from workflows.models import VersionedModel

VERSIONED = sorted(
    (model._meta.label, model_admin)
    for model, model_admin in admin.site._registry.items()
    if issubclass(model, VersionedModel)
)


def test_there_are_versioned_records_in_the_admin():
    assert len(VERSIONED) >= 8


@pytest.mark.parametrize(("label", "model_admin"), VERSIONED, ids=[v[0] for v in VERSIONED])
def test_the_admin_of_a_versioned_record_checks_the_version(label, model_admin):
    assert isinstance(model_admin, VersionedAdmin), f"{label}: its admin must be a VersionedAdmin"
    assert "version" in model_admin.readonly_fields, f"{label}: the version is not editable"
