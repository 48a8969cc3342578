"""Declarations of the write battery (``core/tests/test_write_battery.py``, issue 13).

Every editable model (an admin add/change page, an API create/update, or a page form) declares
one ``WriteCase`` in ``WRITES`` of its app's ``authz.py``, next to the authorisation-matrix
cases: the full, real values of a record to create, the changes of an update, the record the
update changes, and the paths that write it (page URL names, API basename, the admin). The
battery posts the same values on every path in that path's format, for every role of
``core.authz.ROLES``: the roles allowed get the same stored record on every path, the others a
refusal and nothing written; an update without the version is refused on every versioned path.

Values are model field names with model values (records, lists of records for
many-to-many, dates, booleans); callables take the matrix ``World`` (with the reference data
loaded). A model the battery cannot write declares ``exempt`` with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.authz import ROLES


@dataclass(frozen=True)
class WriteCase:
    """How to write one editable model.

    ``model``: ``"app_label.ModelName"``. ``values(world)``: the fields of a new record;
    ``changes(world)``: the fields an update changes on ``record(world)``. ``create_roles`` /
    ``update_roles``: who may write this record on the site's pages and API (None: whoever
    the admin lets in: the administrator, and the Secretariat where ``roles.json`` gives it the
    model permission); the admin path is always limited to the admin's own gate.
    ``page_create`` / ``page_update``: URL names of the page forms (``page_*_kwargs(world,
    record)`` their arguments; default ``{"pk": record.pk}`` for the update); ``api``: the
    router basename of a create/update endpoint; ``admin``: the admin writes it.
    ``files(world)``: file fields, ``{name: (filename, bytes)}``, sent on the form paths.
    ``form_extra(world)`` / ``api_extra(world)``: what a create carries besides the model's
    fields: rows of the page's and the admin's formsets (a label application's linked
    actions, posted under the same prefix), the API's nested lists.
    ``xfail``: ``(action, path, reason)`` for a path known to break the rule while its app's
    service is being mended: the roles allowed on that path are expected to fail (strictly).
    """

    model: str
    values: Callable | None = None
    changes: Callable | None = None
    record: Callable | None = None
    create_roles: frozenset[str] | None = None
    update_roles: frozenset[str] | None = None
    page_create: str | None = None
    page_create_kwargs: Callable | dict | None = None
    page_update: str | None = None
    page_update_kwargs: Callable | None = None
    api: str | None = None
    admin: bool = True
    creates: bool = True
    updates: bool = True
    files: Callable | None = None
    form_extra: Callable | None = None
    api_extra: Callable | None = None
    exempt: str = ""
    xfail: tuple[tuple[str, str, str], ...] = ()

    def __post_init__(self):
        for roles in (self.create_roles, self.update_roles):
            unknown = set(roles or ()) - set(ROLES)
            if unknown:
                raise ValueError(f"{self.model}: unknown roles {sorted(unknown)}")
        if not self.exempt and (self.values is None or self.record is None):
            raise ValueError(f"{self.model}: values and record are required (or exempt)")

    @property
    def label(self) -> str:
        return self.model


# ---- the reference data the declarations write with (reference/data/*.json) ------------------
def country(iso2: str):
    from partners.models import Country

    return Country.objects.get(iso2=iso2)


def organisation(slug: str):
    from partners.models import Organisation

    return Organisation.objects.get(slug=slug)


def framework(slug: str):
    from frameworks.models import Framework

    return Framework.objects.get(slug=slug)


def item(uid: str):
    from frameworks.models import FrameworkItem

    return FrameworkItem.objects.get(uid=uid)


def meeting(slug: str):
    from meetings.models import Meeting

    return Meeting.objects.get(slug=slug)
