"""Writes of the workspace: one write service per model (``workflows.writes``), named next to
``WorkspaceQuerySet.restrict``. The pages, the API and the admin all call it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.roles import roles_of
from documents.models import Document
from workflows.writes import WriteService

from .models import assignments_for

NOT_YOUR_ASSIGNMENT = _("You may not write on behalf of this reference country.")
NO_SUCH_DOCUMENT = _("No such document.")


class WorkspaceRecordWrites(WriteService):
    """A roadmap, final report (``ReferenceCountryReport``) or proposed theme (``Theme``),
    written by the Secretariat or by a reference country of the record's domain for itself.
    ``assignment`` is the owner field: only the Secretariat moves a record to another
    reference country. A theme's state changes only through its workflow's steps."""

    owner_fields = ("assignment",)

    def may_create(self, by, values: dict) -> bool:
        roles = roles_of(by)
        return roles.staff or bool(roles.reference_item_ids)

    def prepare(self, record, *, by, creating: bool) -> None:
        if creating and record.created_by_id is None and getattr(by, "is_authenticated", False):
            record.created_by = by

    def clean(self, record, *, by, creating: bool, m2m: dict) -> None:
        assignment = record.assignment if record.assignment_id else None
        if assignment is not None and not (
            assignments_for(by, assignment.item).filter(pk=assignment.pk).exists()
        ):
            raise ValidationError({"assignment": NOT_YOUR_ASSIGNMENT})
        # A report's document: one the writer may see ("a document or a text" is the model's
        # constraint).
        document_id = getattr(record, "document_id", None)
        if document_id and not Document.objects.restrict(by).filter(pk=document_id).exists():
            raise ValidationError({"document": NO_SUCH_DOCUMENT})
