"""The platform's roles (Django groups) and their permissions, read from ``data/roles.json``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .errors import ReferenceDataError
from .upsert import Counts, sync_m2m, upsert

ROLES_FILE = Path(__file__).resolve().parent / "data" / "roles.json"


class RoleDataError(ReferenceDataError):
    """``roles.json`` names a permission or an app that does not exist, or is malformed."""


@dataclass(frozen=True)
class Role:
    name: str
    description: str
    permissions: tuple[str, ...]


def _model_permission_codes(app_labels: list[str], actions: list[str]) -> list[str]:
    codes = []
    for label in app_labels:
        try:
            app_config = apps.get_app_config(label)
        except LookupError as exc:
            raise RoleDataError(f"roles.json: unknown app {label!r}") from exc
        for model in app_config.get_models():
            if hasattr(model, "instance_type"):  # simple_history's Historical<Model> tables
                continue
            opts = model._meta
            for action in actions:
                if action not in opts.default_permissions:
                    continue
                codes.append(f"{opts.app_label}.{action}_{opts.model_name}")
    return codes


def read_roles(path: Path = ROLES_FILE) -> list[Role]:
    """The roles defined in ``roles.json``, with every permission spelled out."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        roles = []
        for entry in data["roles"]:
            codes = list(entry.get("permissions", []))
            model_perms = entry.get("model_permissions")
            if model_perms:
                codes += _model_permission_codes(model_perms["apps"], model_perms["actions"])
            roles.append(Role(entry["name"], entry["description"], tuple(dict.fromkeys(codes))))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        # RoleDataError (unknown app) is not among these and passes through as it is.
        raise RoleDataError(f"{Path(path).name}: cannot read the roles ({exc!r})") from exc
    return roles


def _permissions(codes: tuple[str, ...]) -> list[Permission]:
    wanted = {tuple(code.split(".", 1)) for code in codes}
    found = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in=[codename for _, codename in wanted]
        )
    }
    missing = sorted(f"{a}.{c}" for a, c in wanted - found.keys())
    if missing:
        raise RoleDataError(f"roles.json: unknown permission(s) {', '.join(missing)}")
    return [found[key] for key in sorted(wanted)]


@transaction.atomic
def ensure_roles(*, path: Path = ROLES_FILE) -> Counts:
    """Create or update the groups of ``roles.json`` so they hold exactly its permissions.

    Groups not in the file are left alone. Idempotent: a second run changes nothing.
    """
    # Permissions are normally created after ``migrate``; make sure they exist here too.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    counts = Counts()
    for role in read_roles(path):
        group, status = upsert(Group, {"name": role.name})
        if sync_m2m(group.permissions, _permissions(role.permissions)) and status == "unchanged":
            status = "updated"
        counts.add("Group", status)
    return counts


def role_descriptions(path: Path = ROLES_FILE) -> dict[str, str]:
    """Group name -> description, for pages that explain the roles."""
    return {role.name: role.description for role in read_roles(path)}
