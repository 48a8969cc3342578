"""The authorisation matrix: every URL pattern x role x action, declared by each app.

Each app that has URLs declares, in ``<app>/authz.py``, a list ``CASES`` of ``Case`` objects
and optionally ``setup(world)`` that adds the records its cases need to ``world`` (a
``World``: one account per role, two partner countries, a domain...). The generated test
(``accounts/tests/test_authz_matrix.py``) runs every case for every role of ``ROLES`` on a
fresh database and checks that the roles in ``allowed`` succeed and every other role is
refused; it also fails for any URL pattern that no case names.

Success is a status below 400 that is not a redirect to the login page; refusal is 403, 404,
405 for an unsafe method, or a redirect to the login page (anonymous users).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = (
    "anonymous",
    "public",  # registered member of the public
    "focal_point",  # focal point of world.country
    "other_focal_point",  # focal point of world.other_country
    "reference_country",  # focal point of world.reference_country, which follows world.domain
    "steering_committee",
    "chair",
    "secretariat",
    "admin",
)
ACTIONS = ("list", "view", "create", "change", "delete", "export")

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
PARTNERS = frozenset(
    {
        "focal_point",
        "other_focal_point",
        "reference_country",
        "steering_committee",
        "chair",
        "secretariat",
        "admin",
    }
)
STAFF = frozenset({"secretariat", "admin"})
ADMIN = frozenset({"admin"})


@dataclass(frozen=True)
class Case:
    """One request to check for every role.

    ``url_name`` is the URL pattern's name (``"labels:detail"``, ``"api:label-list"``);
    ``kwargs`` and ``data`` are dicts or callables taking the ``World``; ``query`` is appended
    to the URL (``"?export=csv"``). ``allowed`` is the set of roles that succeed.
    """

    url_name: str
    action: str
    allowed: frozenset[str]
    kwargs: dict | Callable = field(default_factory=dict)
    method: str = "GET"
    data: dict | Callable | None = None
    query: str = ""
    content_type: str | None = None  # e.g. "application/json" for API writes

    def __post_init__(self):
        if self.action not in ACTIONS:
            raise ValueError(f"{self.url_name}: unknown action {self.action!r}")
        unknown = set(self.allowed) - set(ROLES)
        if unknown:
            raise ValueError(f"{self.url_name}: unknown roles {sorted(unknown)}")

    def resolve(self, value, world):
        return value(world) if callable(value) else value
