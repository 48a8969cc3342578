"""One write path per editable model: create, update and delete go through its write service.

Pages, the API and the admin all call ``writes_for(Model)`` (NetBox's generic views and
Zulip's ``do_*`` actions are the examples); none of them saves a record itself. A model's
service is named next to its read rule: the queryset class that defines ``restrict()`` sets
``write_service = "app.services.SomeWrites"``. A model without one gets ``WriteService``:
the Secretariat writes, everyone else is refused.

What every write does, in this order, inside one transaction:
1. the permission, from roles only: ``may_create`` (default: the Secretariat), or the record
   being in ``Model.objects.restrict(by, "change")`` (``"delete"`` for a delete);
2. owner fields (``owner_fields``: the partner a record belongs to) are immutable for
   everyone but the Secretariat: a change is refused, never silently applied;
3. ``clean()``: the service's cross-field and ownership rules, then the model's own
   ``full_clean()``;
4. the save: a versioned record (a ``version`` field) needs the version the writer read
   (missing: a ``ValidationError`` on ``version``; stale: ``workflows.locking.Conflict``) and
   its version is raised by the conditional UPDATE of ``save_versioned``; history is written
   by django-simple-history with the writer as its user;
5. many-to-many values, then ``after_write()`` (notifications, logs), in the same
   transaction.

**Lock order.** A write locks the versioned record it changes first (the conditional UPDATE of
its version), then writes its children and links. A write through a child record (a follow-up
entry, a note) locks and raises the parent's version first with ``parent_touch()``, then
writes the child: every writer takes the rows in the same order, parent before child, so two
writers never wait on each other in a cycle (no deadlock on PostgreSQL).

Refusals are exceptions the three paths translate the same way: ``PermissionDenied`` (403, or
404 for a record the writer may not see), ``ValidationError`` (a form error, API 400),
``Conflict`` (the form again with the current values, API 409).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from core.roles import roles_of

from .locking import Conflict, save_versioned

__all__ = ["Conflict", "WriteService", "parent_touch", "writes_for"]

VERSION_MISSING = _("Send the version of the record you read (the field “version”).")
OWNER_IMMUTABLE = _("Only the Secretariat moves a record to another partner.")


def is_versioned(model) -> bool:
    return any(f.name == "version" for f in model._meta.concrete_fields)


class WriteService:
    """The create/update/delete of one model. Subclass it per model; override the hooks."""

    model: type[models.Model] | None = None
    #: Fields naming the partner a record belongs to: only the Secretariat changes them.
    owner_fields: tuple[str, ...] = ()

    def __init__(self, model=None):
        if model is not None:
            self.model = model

    # ---- who may write (roles only, through restrict) --------------------------------------
    def may_create(self, by, values: dict) -> bool:
        """Default: the Secretariat. ``values`` are the fields being written."""
        return roles_of(by).staff

    def _restricted(self, by, action: str):
        queryset = self.model._default_manager.all()
        if hasattr(queryset, "restrict"):
            return queryset.restrict(by, action)
        return queryset if roles_of(by).staff else queryset.none()

    def may_change(self, by, record) -> bool:
        return self._restricted(by, "change").filter(pk=record.pk).exists()

    def may_delete(self, by, record) -> bool:
        return self._restricted(by, "delete").filter(pk=record.pk).exists()

    # ---- hooks -----------------------------------------------------------------------------
    def prepare(self, record, *, by, creating: bool) -> None:
        """Set fields the writer does not send (author, initial state) before cleaning."""

    def clean(self, record, *, by, creating: bool, m2m: dict) -> None:
        """Cross-field and ownership rules; raise ``ValidationError`` or ``PermissionDenied``.
        ``m2m`` holds the many-to-many values being written (not yet set)."""

    def after_write(self, record, *, by, created: bool, m2m: dict) -> None:
        """Notifications, logs and derived rows, in the write's transaction."""

    def before_delete(self, record, *, by) -> None:
        """Refuse a delete the model's rules forbid (raise ``ValidationError``)."""

    # ---- the writes ------------------------------------------------------------------------
    @property
    def versioned(self) -> bool:
        return is_versioned(self.model)

    def _split(self, values: dict) -> tuple[dict, dict]:
        many = {f.name for f in self.model._meta.many_to_many}
        plain = {k: v for k, v in values.items() if k not in many and k != "version"}
        m2m = {k: v for k, v in values.items() if k in many}
        return plain, m2m

    def _validate(self, record, *, by, creating: bool, m2m: dict) -> None:
        self.clean(record, by=by, creating=creating, m2m=m2m)
        record.full_clean(exclude=list(m2m))

    def check(self, record, *, by, values: dict, creating: bool) -> None:
        """Every check of a write without writing: the admin's form calls it to show the
        refusal as a form error. ``record`` gets the values (an unsaved change)."""
        plain, m2m = self._split(values)
        if creating:
            if not self.may_create(by, values):
                raise PermissionDenied(_("You may not create this record."))
        else:
            self._check_change(type(record)._base_manager.get(pk=record.pk), by=by, plain=plain)
        for name, value in plain.items():
            setattr(record, name, value)
        self.prepare(record, by=by, creating=creating)
        self._validate(record, by=by, creating=creating, m2m=m2m)

    def _check_change(self, record, *, by, plain: dict) -> None:
        if not self.may_change(by, record):
            raise PermissionDenied(_("You may not change this record."))
        if roles_of(by).staff:
            return
        moved = [
            name
            for name in self.owner_fields
            if name in plain and _key(plain[name]) != _key(getattr(record, name))
        ]
        if moved:
            raise ValidationError(dict.fromkeys(moved, OWNER_IMMUTABLE))

    def create(self, *, by, values: dict, record=None):
        """Create a record from ``values`` (field name → value, many-to-many as iterables).
        ``record``: an unsaved instance to start from (the admin builds one)."""
        plain, m2m = self._split(values)
        if not self.may_create(by, values):
            raise PermissionDenied(_("You may not create this record."))
        with transaction.atomic():
            record = record if record is not None else self.model()
            for name, value in plain.items():
                setattr(record, name, value)
            self.prepare(record, by=by, creating=True)
            self._validate(record, by=by, creating=True, m2m=m2m)
            record._history_user = by if getattr(by, "is_authenticated", False) else None
            record.save()
            for name, value in m2m.items():
                getattr(record, name).set(value)
            self.after_write(record, by=by, created=True, m2m=m2m)
        return record

    def update(self, *, record, by, values: dict, expected_version=None):
        """Change ``record``. A versioned record needs ``expected_version`` (the version the
        writer read): missing is a ``ValidationError``, stale a ``Conflict``; nothing is
        written then."""
        plain, m2m = self._split(values)
        if self.versioned and expected_version in (None, ""):
            raise ValidationError({"version": VERSION_MISSING})
        # Permission and ownership are judged on the record as stored, not as sent.
        stored = type(record)._base_manager.get(pk=record.pk) if record.pk else record
        self._check_change(stored, by=by, plain=plain)
        with transaction.atomic():
            for name, value in plain.items():
                setattr(record, name, value)
            self.prepare(record, by=by, creating=False)
            self._validate(record, by=by, creating=False, m2m=m2m)
            record._history_user = by if getattr(by, "is_authenticated", False) else None
            if self.versioned:
                save_versioned(record, expected_version)
            else:
                record.save()
            for name, value in m2m.items():
                getattr(record, name).set(value)
            self.after_write(record, by=by, created=False, m2m=m2m)
        return record

    def delete(self, *, record, by, expected_version=None) -> None:
        """Delete ``record``; with ``expected_version``, only if nobody changed it since."""
        if not self.may_delete(by, record):
            raise PermissionDenied(_("You may not delete this record."))
        self.before_delete(record, by=by)
        with transaction.atomic():
            if self.versioned and expected_version not in (None, ""):
                current = (
                    type(record)
                    ._base_manager.select_for_update()
                    .filter(pk=record.pk)
                    .values_list("version", flat=True)
                    .first()
                )
                if current != int(expected_version):
                    raise Conflict(type(record)._base_manager.get(pk=record.pk))
            record._history_user = by if getattr(by, "is_authenticated", False) else None
            record.delete()


def _key(value):
    return getattr(value, "pk", value)


def parent_touch(parent, *, by=None, apply=None, expected_version=None):
    """A write through a child record: lock the versioned parent first and raise its version,
    so a concurrent edit of the parent that read the old version is a ``Conflict`` instead of
    writing old values back. Call it inside the child write's transaction, before writing the
    child (the lock order of this module).

    Without ``expected_version`` the parent is taken as it is now (adding a child never
    conflicts); with it, a stale version is a ``Conflict``. ``apply(parent)`` changes the
    parent's fields on its current values (re-read under the lock), then it is saved with
    its history."""
    model = type(parent)
    with transaction.atomic():
        if expected_version is None:
            model._base_manager.filter(pk=parent.pk).update(version=F("version") + 1)
        else:
            claimed = model._base_manager.filter(pk=parent.pk, version=int(expected_version))
            if not claimed.update(version=F("version") + 1):
                raise Conflict(model._base_manager.get(pk=parent.pk))
        parent.refresh_from_db()
        if apply is not None:
            apply(parent)
        parent._history_user = by if getattr(by, "is_authenticated", False) else None
        parent.save()
    return parent


_services: dict = {}


def writes_for(model) -> WriteService:
    """The write service of ``model`` (a class or an instance), from its queryset's
    ``write_service``; ``WriteService(model)`` (the Secretariat only) when it names none."""
    model = model if isinstance(model, type) else type(model)
    model = model._meta.concrete_model
    service = _services.get(model)
    if service is None:
        path = getattr(model._default_manager.get_queryset(), "write_service", None)
        service = import_string(path)(model) if path else WriteService(model)
        _services[model] = service
    return service
