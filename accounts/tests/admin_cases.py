"""Matrix cases generated from ``admin.site._registry``: changelist=list, add=create,
change=change, delete=delete, history=view (and simple_history's version pages).

Who may: the administrator (superuser) always; a Secretariat account (staff) where
``reference/data/roles.json`` gives the Secretariat the model permission.
"""

from __future__ import annotations

from functools import cache

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.authz import Case

ADMIN_ACTIONS = {
    # url suffix: (matrix action, permission codename prefix)
    "changelist": ("list", "view"),
    "add": ("create", "add"),
    "change": ("change", "change"),
    "delete": ("delete", "delete"),
    "history": ("view", "view"),
}


@cache
def secretariat_permissions() -> frozenset[str]:
    from reference.roles import read_roles

    for role in read_roles():
        if role.name == "Secretariat":
            return frozenset(role.permissions)
    return frozenset()


def allowed_for(model, codename_prefix) -> frozenset[str]:
    opts = model._meta
    # The change page also opens, read-only, with the view permission alone.
    prefixes = ("view", "change") if codename_prefix == "change" else (codename_prefix,)
    perms = secretariat_permissions()
    if any(f"{opts.app_label}.{prefix}_{opts.model_name}" in perms for prefix in prefixes):
        return frozenset({"secretariat", "admin"})
    return frozenset({"admin"})


def first_object(model):
    obj = model._default_manager.order_by("pk").first()
    if obj is None:
        opts = model._meta
        raise LookupError(
            f"The matrix World has no {opts.app_label}.{opts.model_name}: create one in "
            f"{opts.app_label}/authz.py setup(world) so that its admin pages are checked."
        )
    return obj


def first_pk(model):
    def kwargs(world):
        return {"object_id": first_object(model).pk}

    return kwargs


def legacy_change_path(model):
    def path(world):
        opts = model._meta
        return f"/admin/{opts.app_label}/{opts.model_name}/{first_object(model).pk}/"

    return path


def first_history_path(model):
    # simple_history's version page has a positional pattern: request its path.
    def path(world):
        obj = first_object(model)
        record = model.history.filter(**{model._meta.pk.attname: obj.pk}).first()
        if record is None:
            raise LookupError(f"{obj!r} has no history record")
        opts = model._meta
        return f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/history/{record.history_id}/"

    return path


def adds(model_admin) -> bool:
    """Whether the admin has an add page at all (asked as a superuser)."""
    from core.tests.battery import superuser_request

    return model_admin.has_add_permission(superuser_request())


def admin_cases() -> list[Case]:
    cases = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        base = f"admin:{opts.app_label}_{opts.model_name}"
        for suffix, (action, codename) in ADMIN_ACTIONS.items():
            kwargs = {} if suffix in ("changelist", "add") else first_pk(model)
            allowed = allowed_for(model, codename)
            if suffix == "add" and not adds(model_admin):
                allowed = frozenset()  # records made only by their page or workflow step
            cases.append(Case(f"{base}_{suffix}", action, allowed, kwargs))
        # The old-style change URL (unnamed), which redirects to the change page.
        cases.append(
            Case(
                f"<unnamed: admin/{opts.app_label}/{opts.model_name}/<path:object_id>/>",
                "change",
                # Only a redirect to the change page, which checks the model permission.
                frozenset({"secretariat", "admin"}),
                path=legacy_change_path(model),
            )
        )
        if isinstance(model_admin, SimpleHistoryAdmin):
            cases.append(
                Case(
                    f"{base}_simple_history",
                    "view",
                    allowed_for(model, "view"),
                    path=first_history_path(model),
                )
            )
    cases.append(
        Case("<unnamed: admin/(?P<url>.*)$>", "view", frozenset(), path="/admin/no-such-page/")
    )
    return cases
