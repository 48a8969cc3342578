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
    # Accounts that keep a partner group but hold no partner role (core.roles.roles_of): a
    # focal point whose appointment ended, and a "Reference countries" member without a
    # record. They are the public: every case allows them exactly when it allows "public".
    "expired_focal_point",  # in "Focal points"; its FocalPoint record for world.country ended
    "group_only",  # in "Reference countries" with no FocalPoint or ReferenceCountry record
    "focal_point",  # focal point of world.country
    "other_focal_point",  # focal point of world.other_country
    "reference_country",  # focal point of world.reference_country, which follows world.domain
    "steering_committee",
    "chair",
    "secretariat",
    "admin",
)
ACTIONS = ("list", "view", "create", "change", "delete", "export")
PUBLIC_LIKE = frozenset({"expired_focal_point", "group_only"})

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
    # For a pattern without a name: url_name is "<unnamed: route>" as the coverage test
    # prints it, and ``path`` (a string or a callable taking the World) is requested.
    path: str | Callable | None = None

    def __post_init__(self):
        if self.action not in ACTIONS:
            raise ValueError(f"{self.url_name}: unknown action {self.action!r}")
        unknown = set(self.allowed) - set(ROLES)
        if unknown:
            raise ValueError(f"{self.url_name}: unknown roles {sorted(unknown)}")
        # A group without a current record gives no role: such accounts get what "public"
        # gets, whatever set the app wrote (EVERYONE - {"public"} included).
        allowed = set(self.allowed) - PUBLIC_LIKE
        if "public" in allowed:
            allowed |= PUBLIC_LIKE
        object.__setattr__(self, "allowed", frozenset(allowed))

    def resolve(self, value, world):
        return value(world) if callable(value) else value


NOBODY = frozenset()


def list_cases(url_name, allowed=EVERYONE, *, kwargs=None, exports=("csv", "json")):
    """A list page and its exports (``?export=csv`` / ``?export=json``)."""
    kwargs = kwargs or {}
    return [
        Case(url_name, "list", allowed, kwargs),
        *(Case(url_name, "export", allowed, kwargs, query=f"?export={fmt}") for fmt in exports),
    ]


def api_cases(basename, detail_kwargs, allowed=EVERYONE, *, detail_allowed=None, writes=True):
    """A read-only API endpoint: list, CSV export, detail; writes refused to everyone
    (``writes=False`` when the endpoint accepts them: give its own cases)."""
    list_name, detail_name = f"api:{basename}-list", f"api:{basename}-detail"
    detail_allowed = allowed if detail_allowed is None else detail_allowed
    cases = [
        Case(list_name, "list", allowed),
        Case(list_name, "export", allowed, query="?format=csv"),
        Case(detail_name, "view", detail_allowed, detail_kwargs),
    ]
    if writes:
        cases += [
            Case(list_name, "create", NOBODY, method="POST", data={}, content_type=JSON),
            Case(detail_name, "change", NOBODY, detail_kwargs, method="PATCH", data={},
                 content_type=JSON),
            Case(detail_name, "delete", NOBODY, detail_kwargs, method="DELETE"),
        ]  # fmt: skip
    return cases


JSON = "application/json"
