"""The generated authorisation matrix (docs/permissions.md).

``test_case`` runs every ``Case`` of every app's ``authz.CASES`` (plus the admin cases
generated from ``admin.site._registry``) for every role of ``core.authz.ROLES``: the roles
in ``allowed`` must succeed, every other one must be refused. The World is built once per
module; each case x role runs in its own transaction, rolled back afterwards.

``test_every_url_has_a_case`` walks the whole URL resolver and fails, naming them, for URL
patterns that no case covers: a new URL without a matrix entry fails the suite.
"""

from __future__ import annotations

import json

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections, connections, transaction
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLPattern, URLResolver

from accounts.tests.admin_cases import admin_cases
from accounts.tests.world import authz_modules, build_world
from core.authz import ROLES, Case


def all_cases() -> list[Case]:
    cases = []
    for module in authz_modules():
        cases.extend(getattr(module, "CASES", []))
    cases.extend(admin_cases())
    return cases


CASES = all_cases()
PARAMS = [
    pytest.param(
        case, role, id=f"{case.url_name}-{case.action}-{case.method}{case.query}-{i}-{role}"
    )
    for i, case in enumerate(CASES)
    for role in ROLES
]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at the end; each
    test's own transaction (pytest-django's ``db``) nests in it as a savepoint."""
    with django_db_blocker.unblock():
        atomics = [transaction.atomic(using=alias) for alias in connections]
        for atomic in atomics:
            atomic.__enter__()
        try:
            yield build_world()
        finally:
            for alias in connections:
                transaction.set_rollback(True, using=alias)
            for atomic in reversed(atomics):
                atomic.__exit__(None, None, None)


LOGIN_PATHS = ("/accounts/login/", "/admin/login/")


def outcome(response) -> str:
    """'allowed', 'refused' or 'unexpected' (a 400 or 500 is neither: the case is wrong)."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        location = response.headers.get("Location", "")
        if any(location.startswith(p) or p in location for p in LOGIN_PATHS):
            return "refused"
        return "allowed"
    if status < 400:
        return "allowed"
    if status in (401, 403, 404, 405):
        return "refused"
    return "unexpected"


def perform(case: Case, client, world):
    if case.path is not None:
        url = case.resolve(case.path, world) + case.query
    else:
        url = reverse(case.url_name, kwargs=case.resolve(case.kwargs, world) or None) + case.query
    data = case.resolve(case.data, world)
    method = getattr(client, case.method.lower())
    if case.content_type:
        body = json.dumps(data) if data is not None else ""
        return method(url, data=body, content_type=case.content_type)
    if data is None:
        return method(url)
    return method(url, data=data)


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "role"), PARAMS)
def test_case(world, case, role):
    response = perform(case, world.client(role), world)
    result = outcome(response)
    # Close file downloads without firing close_old_connections, which would close the
    # database connection inside the World's transaction (as Django's test client does).
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    expected = "allowed" if role in case.allowed else "refused"
    assert result == expected, (
        f"{case.method} {case.url_name}{case.query} ({case.action}) as {role}: "
        f"expected {expected}, got HTTP {response.status_code} "
        f"{response.headers.get('Location', '')}"
    )


def url_names(resolver=None, namespace="", prefix=""):
    """Every URL pattern of the project: its full name, or ``<unnamed: route>``."""
    resolver = resolver or get_resolver()
    names = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            names.extend(url_names(entry, ns, route))
        elif isinstance(entry, URLPattern):
            names.append(f"{namespace}{entry.name}" if entry.name else f"<unnamed: {route}>")
    return names


def test_every_url_has_a_case():
    covered = {case.url_name for case in CASES}
    missing = sorted(set(url_names()) - covered)
    assert not missing, (
        "These URL patterns have no case in any app's authz.py (core.authz.Case; see "
        "docs/permissions.md): " + ", ".join(missing)
    )
