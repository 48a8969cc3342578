"""The write battery (issue 13): every editable model x role x path (page, API, admin), creating
and updating with full, real values on a database with the reference data loaded. The same
input gets the same result or the same refusal everywhere (docs/workflows.md, "One write path").

- ``test_every_editable_model_has_a_write_case``: the registry (admin pages, API viewsets that
  create or update, page model forms) against the declared ``WriteCase``s (``WRITES`` of each
  app's ``authz.py``, ``core/tests/battery_cases.py``): a new editable model must join.
- ``test_write``: one declaration x create/update x role, every path of the declaration. A
  role allowed on a path gets the declared record stored, the same on every path; any other
  role gets nothing written.
- ``test_update_without_version_is_refused``: every versioned path refuses an update that does
  not say which version it read, and writes nothing.
- ``test_every_admin_writes_through_its_service``: every admin (accounts' aside) is a
  ``workflows.admin.ServiceAdmin``.

One World (``accounts/tests/world.py``, plus ``reference.loaders``) for the module, rolled back
at its end; each write runs in a savepoint rolled back after its record was read.
"""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.cache import cache
from django.db import connections, models, transaction
from django.urls import reverse

from core.authz import ROLES, STAFF
from workflows.admin import ServiceAdmin
from workflows.writes import is_versioned

from .battery import (
    ACCOUNT_MODELS,
    ACTIONS,
    Result,
    admin_writes,
    allowed_on,
    api_detail_url,
    api_errors,
    api_payload,
    build_form_post,
    close,
    editable_models,
    expected,
    form_errors,
    paths_of,
    post_form,
    simple_post,
    snapshot,
    write_cases,
)

CASES = write_cases()
BY_MODEL = {case.model: case for case in CASES}
WRITABLE = [case for case in CASES if not case.exempt]


def _params():
    params = []
    for case in WRITABLE:
        for action in ACTIONS:
            if not (case.creates if action == "create" else case.updates):
                continue
            if not paths_of(case, action):
                continue
            for role in ROLES:
                reasons = [
                    reason
                    for xf_action, path, reason in case.xfail
                    if xf_action == action and role in allowed_on(case, action, path)
                ]
                marks = [pytest.mark.xfail(reason=reasons[0], strict=True)] if reasons else []
                params.append(
                    pytest.param(
                        case, action, role, id=f"{case.model}-{action}-{role}", marks=marks
                    )
                )
    return params


PARAMS = _params()


def battery_size() -> str:
    model_paths = sum(
        len(set(paths_of(c, "create")) | set(paths_of(c, "update"))) for c in WRITABLE
    )
    writes = sum(len(paths_of(c, a)) for c in WRITABLE for a in ACTIONS) * len(ROLES)
    return (
        f"write battery: {len(WRITABLE)} models, {model_paths} model paths (page/API/admin) "
        f"x {len(ROLES)} roles = {model_paths * len(ROLES)} model-role-paths; {writes} "
        f"writes (create and update); {len(CASES) - len(WRITABLE)} models exempt"
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The matrix World and the reference data (countries, organisations, frameworks,
    governance, meetings), in a transaction rolled back at the end of the module."""
    from accounts.tests.world import authz_modules, build_world
    from reference.loaders import LOADERS

    with django_db_blocker.unblock():
        atomics = [transaction.atomic(using=alias) for alias in connections]
        for atomic in atomics:
            atomic.__enter__()
        try:
            world = build_world()
            for _filename, loader in LOADERS:
                loader()
            for module in authz_modules():
                if hasattr(module, "battery_setup"):
                    module.battery_setup(world)
            world.form_posts = {}
            # One signed-in client per role, made here: a session created inside a test's
            # savepoint would be rolled back with the write.
            world.clients = {role: world.client(role) for role in ROLES}
            yield world
        finally:
            for alias in connections:
                transaction.set_rollback(True, using=alias)
            for atomic in reversed(atomics):
                atomic.__exit__(None, None, None)


# ---- the registry ---------------------------------------------------------------------------
def test_every_editable_model_has_a_write_case(capsys):
    missing = sorted(editable_models() - set(BY_MODEL))
    with capsys.disabled():
        print("\n" + battery_size())
    assert not missing, (
        "These editable models have no WriteCase (core.writebattery; WRITES in the app's "
        "authz.py): " + ", ".join(missing)
    )


ADMINS = sorted(
    (model._meta.label, model_admin)
    for model, model_admin in admin.site._registry.items()
    if model._meta.label not in ACCOUNT_MODELS and admin_writes(model_admin)
)


@pytest.mark.parametrize(("label", "model_admin"), ADMINS, ids=[a[0] for a in ADMINS])
def test_every_admin_writes_through_its_service(label, model_admin):
    """Issue 13 point 1: the admin saves and deletes through the model's write service."""
    assert isinstance(model_admin, ServiceAdmin), (
        f"{label}: its admin saves without the write service (workflows.admin.ServiceAdmin)"
    )


# ---- one write on every path ----------------------------------------------------------------
def _resolve(value, world, *args):
    return value(world, *args) if callable(value) else (value or {})


def _urls(world, case, action, path, record):
    label = case.model.replace(".", "_").lower()
    if path == "admin":
        if action == "create":
            return reverse(f"admin:{label}_add")
        return reverse(f"admin:{label}_change", args=[record.pk])
    if action == "create":
        return reverse(case.page_create, kwargs=_resolve(case.page_create_kwargs, world) or None)
    kwargs = (
        case.page_update_kwargs(world, record) if case.page_update_kwargs else {"pk": record.pk}
    )
    return reverse(case.page_update, kwargs=kwargs)


def _form_post(world, case, action, path, role, url, values, files):
    """The browser's POST for ``role``: built from the role's own GET of the form, or, when
    the role may not open it, from the GET of a role that may (the same input, refused)."""
    allowed = allowed_on(case, action, path)
    readers = [role] + [r for r in reversed(ROLES) if r in allowed and r != role] + ["admin"]
    form_id = f"{apps.get_model(case.model)._meta.model_name}_form" if path == "admin" else None
    for reader in readers:
        key = (case.model, action, path, reader, tuple(sorted(values)))
        if key not in world.form_posts:
            response = world.clients[reader].get(url)
            post = None
            if response.status_code == 200 and response.context is not None:
                post = build_form_post(response, values, files, form_id)
            close(response)
            world.form_posts[key] = post
        if world.form_posts[key] is not None:
            return world.form_posts[key]
    # A POST-only endpoint (a note added from the record's page): the values as posted.
    return simple_post(values, files)


def run_path(world, case, action, path, role, *, without_version=False, values=None) -> Result:
    model = apps.get_model(case.model)
    client = world.clients[role]
    if values is None:
        values = case.values(world) if action == "create" else case.changes(world)
    files = case.files(world) if case.files else {}
    record = None
    if action == "update":
        record = model._base_manager.get(pk=case.record(world).pk)
        before = snapshot(record)
    else:
        existing = set(model._base_manager.values_list("pk", flat=True))

    if path == "api":
        payload, sent = api_payload(case.api, values)
        if case.api_extra and action == "create":
            payload.update(case.api_extra(world))
        if action == "create":
            url = reverse(f"api:{case.api}-list")
            response = client.post(url, data=json.dumps(payload), content_type="application/json")
        else:
            if is_versioned(model) and not without_version:
                payload["version"] = record.version
            url = api_detail_url(case.api, record)
            response = client.patch(url, data=json.dumps(payload), content_type="application/json")
        errors = api_errors(response) if response.status_code >= 400 else ""
    else:
        url = _urls(world, case, action, path, record)
        post = _form_post(world, case, action, path, role, url, values, files)
        sent = post.sent
        drop = ("version", "expected_version") if without_version else ()
        extra = {}
        if case.form_extra and action == "create":
            extra = case.form_extra(world)
        response = post_form(client, url, post, drop=drop, extra=extra)
        errors = form_errors(response) if response.status_code == 200 else ""
    status = response.status_code
    close(response)

    if action == "create":
        new = model._base_manager.exclude(pk__in=existing)
        stored = snapshot(new.get()) if new.count() == 1 else None
        written = new.exists()
    else:
        stored = snapshot(model._base_manager.get(pk=record.pk))
        written = stored != before
    return Result(path, status, written, stored, sent, errors)


def run_paths(world, case, action, role, **kwargs) -> list[Result]:
    results = []
    for path in paths_of(case, action):
        savepoint = transaction.savepoint()
        cache.clear()
        try:
            results.append(run_path(world, case, action, path, role, **kwargs))
        finally:
            transaction.savepoint_rollback(savepoint)
    return results


def _differences(stored: dict, wanted: dict) -> dict:
    return {k: (stored.get(k), v) for k, v in wanted.items() if stored.get(k) != v}


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "action", "role"), PARAMS)
def test_write(world, case, action, role):
    values = case.values(world) if action == "create" else case.changes(world)
    wanted = expected(values)
    results = run_paths(world, case, action, role)
    report = "; ".join(r.describe() for r in results)
    written = []
    for result in results:
        if role in allowed_on(case, action, result.path):
            assert result.written, f"{case.model} {action} as {role}: refused. {report}"
            assert result.record is not None, f"{case.model}: more than one record. {report}"
            wrong = _differences(result.record, wanted)
            assert not wrong, (
                f"{case.model} {action} as {role} on {result.path}: stored (got, declared) "
                f"{wrong}. {report}"
            )
            written.append(result)
        else:
            # Nothing written; or, where the path could not carry a declared field (a page
            # that sets the writer's own partner), a record of the writer's own.
            other = result.record is not None and any(
                name not in result.sent for name in _differences(result.record, wanted)
            )
            assert not result.written or (action == "create" and other), (
                f"{case.model} {action} as {role} on {result.path}: written, should be "
                f"refused. {report}"
            )
            assert result.status < 500, report
    # The time of the write is no part of the record compared across paths.
    model = apps.get_model(case.model)
    moments = {
        f.name for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)
    } - set(wanted)
    for result in written[1:]:
        first = {k: v for k, v in written[0].record.items() if k not in moments}
        other = {k: v for k, v in result.record.items() if k not in moments}
        assert other == first, (
            f"{case.model} {action} as {role}: {written[0].path} and {result.path} stored "
            f"different records: {_differences(other, first)}"
        )


VERSIONED = [
    pytest.param(case, path, id=f"{case.model}-{path}")
    for case in WRITABLE
    if case.updates and is_versioned(apps.get_model(case.model))
    for path in paths_of(case, "update")
]


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "path"), VERSIONED)
def test_update_without_version_is_refused(world, case, path):
    allowed = allowed_on(case, "update", path)
    role = next((r for r in reversed(ROLES) if r in allowed), None)
    if role is None:
        pytest.skip("nobody updates it on this path")
    savepoint = transaction.savepoint()
    try:
        result = run_path(world, case, "update", path, role, without_version=True)
    finally:
        transaction.savepoint_rollback(savepoint)
    assert not result.written, result.describe()
    if path == "api":
        assert result.status == 400, result.describe()
    else:  # the form again with the error (a 400 page names it too)
        assert result.status in (200, 400), result.describe()
        assert result.status == 400 or result.errors, result.describe()


def _owner_moves():
    """Every (declaration, path, role, owner field) where a role that may update a record
    that is not the Secretariat's could try to move it to another partner."""
    from workflows.writes import writes_for

    params = []
    for case in WRITABLE:
        if not case.updates:
            continue
        owner_fields = writes_for(apps.get_model(case.model)).owner_fields
        for path in paths_of(case, "update"):
            for role in sorted(allowed_on(case, "update", path) - STAFF):
                for name in owner_fields:
                    field = apps.get_model(case.model)._meta.get_field(name)
                    if (
                        getattr(field.related_model, "_meta", None) is None
                        or field.related_model._meta.label != "partners.Country"
                    ):
                        continue  # the World's other partner is a country
                    params.append(
                        pytest.param(
                            case, path, role, name, id=f"{case.model}-{path}-{role}-{name}"
                        )
                    )
    return params


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "path", "role", "name"), _owner_moves())
def test_partner_cannot_move_its_record_to_another_partner(world, case, path, role, name):
    """Issue 13 F4 on every path: a focal point sending another partner in an owner field
    gets a refusal (or a form without that field), and the record stays its partner's."""
    savepoint = transaction.savepoint()
    try:
        result = run_path(world, case, "update", path, role, values={name: world.other_country})
    finally:
        transaction.savepoint_rollback(savepoint)
    assert result.record[name] != world.other_country.pk, result.describe()
    assert not result.written or name not in result.sent, result.describe()
