"""The machinery of the write battery (``test_write_battery.py``; declarations in
``core.writebattery``).

Each path is run the way its users run it: the page and the admin are read first (GET) and the
browser's POST is rebuilt from the rendered HTML form (hidden fields, the version, inline
management forms), with the declared values encoded by the form's own fields; the API gets
JSON encoded by its serializer's fields. Each write runs in a savepoint that is rolled back
after its stored record has been read, so every path starts from the same World.
"""

from __future__ import annotations

import datetime
import decimal
import json
from dataclasses import dataclass, field
from functools import cache

import lxml.html
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import request_finished
from django.db import close_old_connections, models
from django.forms import BaseForm, BaseFormSet, CheckboxInput, MultiWidget
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLPattern, URLResolver

from core.writebattery import WriteCase

PATHS = ("page", "api", "admin")
ACTIONS = ("create", "update")
# Accounts keep their own privilege rules (accounts/privilege.py): their admin is checked by
# accounts/tests/test_admin_privilege.py, not by the write services.
ACCOUNT_MODELS = {"auth.User", "auth.Group", "otp_totp.TOTPDevice", "otp_static.StaticDevice"}


# ---- the registry of editable models --------------------------------------------------------
def superuser_request():
    """A request of an (unsaved) administrator, to ask an admin what it offers at all."""
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    return request


def admin_writes(model_admin) -> bool:
    """Whether the admin adds, changes or deletes any record (a read-only admin does not)."""
    request = superuser_request()
    return (
        model_admin.has_add_permission(request)
        or model_admin.has_change_permission(request)
        or model_admin.has_delete_permission(request)
    )


def admin_models() -> set[str]:
    return {
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if admin_writes(model_admin)
    }


def api_models() -> dict[str, str]:
    """label -> basename of every router viewset that creates or updates."""
    from config.api_urls import router

    found = {}
    for _prefix, viewset, basename in router.registry:
        if hasattr(viewset, "create") or hasattr(viewset, "update"):
            serializer = getattr(viewset, "serializer_class", None)
            model = getattr(getattr(serializer, "Meta", None), "model", None)
            if model is not None:
                found[model._meta.label] = basename
    return found


def page_models(resolver=None, namespace="") -> dict[str, set[str]]:
    """label -> URL names of the page views that write it through a model form."""
    from django.views.generic.edit import ModelFormMixin

    from workflows.views import ServiceFormMixin

    resolver = resolver or get_resolver()
    found: dict[str, set[str]] = {}
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            for label, names in page_models(entry, ns).items():
                found.setdefault(label, set()).update(names)
        elif isinstance(entry, URLPattern):
            view = getattr(entry.callback, "view_class", None)
            if view is None or not issubclass(view, (ServiceFormMixin, ModelFormMixin)):
                continue
            if namespace.startswith("admin:"):
                continue
            model = getattr(view, "model", None)
            form = getattr(view, "form_class", None)
            if model is None and form is not None and hasattr(form, "_meta"):
                model = getattr(form._meta, "model", None)
            if model is not None and entry.name:
                found.setdefault(model._meta.label, set()).add(f"{namespace}{entry.name}")
    return found


def editable_models() -> set[str]:
    return (admin_models() | set(api_models()) | set(page_models())) - ACCOUNT_MODELS


def write_cases() -> list[WriteCase]:
    from accounts.tests.world import authz_modules

    from .battery_cases import WRITES as OTHERS

    cases = list(OTHERS)
    for module in authz_modules():
        cases.extend(getattr(module, "WRITES", []))
    return cases


# ---- roles per path -------------------------------------------------------------------------
@cache
def _secretariat_permissions() -> frozenset[str]:
    from accounts.tests.admin_cases import secretariat_permissions

    return secretariat_permissions()


def admin_gate(model, action: str) -> frozenset[str]:
    """Who the admin lets write: the administrator; the Secretariat with the permission."""
    opts = model._meta
    codename = f"{opts.app_label}.{'add' if action == 'create' else 'change'}_{opts.model_name}"
    if codename in _secretariat_permissions():
        return frozenset({"secretariat", "admin"})
    return frozenset({"admin"})


def declared_roles(case: WriteCase, action: str) -> frozenset[str]:
    model = apps.get_model(case.model)
    roles = case.create_roles if action == "create" else case.update_roles
    return admin_gate(model, action) if roles is None else roles


def allowed_on(case: WriteCase, action: str, path: str) -> frozenset[str]:
    roles = declared_roles(case, action)
    if path == "admin":
        return roles & admin_gate(apps.get_model(case.model), action)
    return roles


def paths_of(case: WriteCase, action: str) -> tuple[str, ...]:
    paths = []
    if (case.page_create if action == "create" else case.page_update) is not None:
        paths.append("page")
    if case.api is not None and hasattr(
        viewset_of(case.api), "create" if action == "create" else "partial_update"
    ):
        paths.append("api")
    if case.admin and (action != "create" or admin_adds(apps.get_model(case.model))):
        paths.append("admin")
    return tuple(paths)


def admin_adds(model) -> bool:
    """Whether the model's admin has an add page (some records are only made on their page
    or by a workflow step: a label application is made with its actions)."""
    return admin.site._registry[model].has_add_permission(superuser_request())


# ---- records as stored ----------------------------------------------------------------------
VOLATILE = (models.AutoField, models.BigAutoField, models.FileField, models.BinaryField)
# Identifiers made from the primary key ("INI-000041"): each path's record gets its own key
# (PostgreSQL's sequences do not give a number back when a savepoint rolls back).
FROM_PK = {"monitoring.Initiative": ("uid",)}


def plain(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set, models.QuerySet)):
        return sorted(plain(v) for v in value)
    if isinstance(value, decimal.Decimal):
        return decimal.Decimal(value).normalize()
    if isinstance(value, float):
        return round(value, 6)
    return value


def snapshot(record) -> dict:
    """Every stored value of ``record`` (foreign keys as keys, many-to-many sorted)."""
    data = {}
    for f in type(record)._meta.concrete_fields:
        if (
            isinstance(f, VOLATILE)
            or f.primary_key
            or f.name in FROM_PK.get(record._meta.label, ())
        ):
            continue
        if (
            f.name == "version"
            or getattr(f, "auto_now", False)
            or getattr(f, "auto_now_add", False)
        ):
            continue  # the version raised by the write, its time
        data[f.name] = plain(getattr(record, f.attname))
    for f in type(record)._meta.many_to_many:
        data[f.name] = sorted(getattr(record, f.name).values_list("pk", flat=True))
    return data


def expected(values: dict) -> dict:
    return {name: plain(value) for name, value in values.items()}


# ---- one write ------------------------------------------------------------------------------
@dataclass
class Result:
    path: str
    status: int
    written: bool
    record: dict | None = None
    sent: set[str] = field(default_factory=set)  # the declared fields the path carried
    errors: str = ""

    def describe(self) -> str:
        state = "written" if self.written else "nothing written"
        return f"{self.path}: HTTP {self.status}, {state} {self.errors}".strip()


def close(response):
    # Do not let the test client's request_finished close the World's connection.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def _unwrap(widget):
    while isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    return widget


def encode_form_value(bound_field, value) -> dict[str, list[str]]:
    """What a browser posts for ``value`` in ``bound_field``'s widget."""
    form_field = bound_field.field
    widget = _unwrap(form_field.widget)
    name = bound_field.html_name
    if isinstance(widget, CheckboxInput):
        return {name: ["on"] if value else []}
    prepared = form_field.prepare_value(value)
    if isinstance(widget, MultiWidget):
        parts = widget.decompress(prepared)
        return {
            f"{name}{suffix}": [_text(sub.format_value(part))]
            for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=True)
        }
    if isinstance(prepared, (list, tuple)):
        return {name: [str(p) for p in prepared]}
    formatted = widget.format_value(prepared)
    if isinstance(formatted, (list, tuple)):
        return {name: [str(p) for p in formatted if p not in (None, "")]}
    return {name: [_text(formatted)]}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def context_values(context) -> list:
    """Every value of a response's template context (a ``ContextList`` or one ``Context``)."""
    if context is None:
        return []
    contexts, flat = [context], []
    while contexts:
        each = contexts.pop()
        if isinstance(each, list):
            contexts.extend(each)
        else:
            flat.append(each)
    values, seen = [], set()
    for each in flat:
        for value in each.flatten().values():
            if id(value) not in seen:
                seen.add(id(value))
                values.append(value)
    return values


def forms_in(context) -> list[BaseForm]:
    found = []
    for value in context_values(context):
        if hasattr(value, "form") and isinstance(getattr(value, "form", None), BaseForm):
            value = value.form  # the admin's AdminForm
        if isinstance(getattr(value, "formset", None), BaseFormSet):
            value = value.formset  # the admin's InlineAdminFormSet
        if isinstance(value, BaseForm):
            found.append(value)
        elif isinstance(value, BaseFormSet):
            found.extend(value.forms)
    return list({id(f): f for f in found}.values())


def html_form(content: bytes, names: set[str], form_id: str | None = None):
    """The rendered POST form: the one with ``form_id``, else the one carrying most of
    ``names``; its values as a browser submits them (name -> list of values)."""
    document = lxml.html.fromstring(content)
    candidates = [f for f in document.forms if (f.method or "").lower() == "post"]
    chosen = None
    if form_id:
        chosen = next((f for f in candidates if f.get("id") == form_id), None)
    if chosen is None:
        chosen = max(
            candidates,
            key=lambda f: len(names & {i.name for i in f.inputs if i.name}),
            default=None,
        )
    if chosen is None:
        return None
    data: dict[str, list[str]] = {}
    for name, value in chosen.form_values():
        data.setdefault(name, []).append(value)
    return data


@dataclass
class FormPost:
    """The POST of a page or admin form: the browser's data and the declared fields it carries."""

    data: dict
    sent: set[str]
    files: dict


def build_form_post(response, values: dict, files: dict, form_id=None) -> FormPost | None:
    forms = forms_in(response.context)
    data = html_form(response.content, set(values), form_id)
    if data is None:
        return None
    sent = set()
    for name, value in values.items():
        form = next((f for f in forms if name in f.fields and f.prefix is None), None)
        form = form or next((f for f in forms if name in f.fields), None)
        if form is None or form.fields[name].disabled:
            continue
        for key in [k for k in data if k == form[name].html_name]:
            data.pop(key)
        data.update(encode_form_value(form[name], value))
        sent.add(name)
    upload_names = set()
    for name in files:
        if any(name in f.fields for f in forms):
            upload_names.add(name)
            sent.add(name)
    return FormPost(
        {k: v for k, v in data.items() if v != []}, sent, {n: files[n] for n in upload_names}
    )


def simple_post(values: dict, files: dict) -> FormPost:
    """The POST of a form the page does not render (a POST-only endpoint): each value as a
    form field posts it (records by key, lists as repeated keys, booleans as "on")."""
    data = {}
    for name, value in values.items():
        if isinstance(value, bool):
            if value:
                data[name] = ["on"]
        elif isinstance(value, (list, tuple)):
            data[name] = [str(plain(v)) for v in value]
        elif value is not None:
            data[name] = [_text(plain(value))]
    return FormPost(data, set(values), dict(files))


def post_form(client, url, post: FormPost, *, drop=(), extra=None):
    data = {k: v for k, v in post.data.items() if k not in drop}
    data.update({k: v if isinstance(v, list) else [str(v)] for k, v in (extra or {}).items()})
    for name, (filename, content) in post.files.items():
        data[name] = SimpleUploadedFile(filename, content)
    return client.post(url, data)


def form_errors(response) -> str:
    if response.context is None:
        return ""
    messages = []
    for form in forms_in(response.context):
        if form.errors:
            messages.append(form.errors.as_text())
        if getattr(form, "non_field_errors", None) and form.non_field_errors():
            messages.append(" ".join(form.non_field_errors()))
    for value in context_values(response.context):
        formset = getattr(value, "formset", value)
        if not isinstance(formset, BaseFormSet):
            continue
        if formset.non_form_errors():
            messages.append(" ".join(formset.non_form_errors()))
    return " | ".join(dict.fromkeys(m for m in messages if m))[:600]


# ---- the API --------------------------------------------------------------------------------
def viewset_of(basename: str):
    from config.api_urls import router

    for _prefix, viewset, name in router.registry:
        if name == basename:
            return viewset
    raise LookupError(f"no API viewset with basename {basename!r}")


def api_payload(basename: str, values: dict) -> tuple[dict, set[str]]:
    serializer = viewset_of(basename).serializer_class()
    payload, sent = {}, set()
    for field_name, serializer_field in serializer.fields.items():
        # Read-only fields too: an API that silently drops a declared value is caught by the
        # comparison of the stored record, not skipped here.
        source = serializer_field.source or field_name
        if source not in values:
            continue
        value = values[source]
        if value is None:
            payload[field_name] = None
        elif isinstance(value, (list, tuple)) and not hasattr(serializer_field, "child_relation"):
            payload[field_name] = [serializer_field.to_representation(v) for v in value]
        else:
            payload[field_name] = serializer_field.to_representation(value)
        sent.add(source)
    return json.loads(json.dumps(payload, cls=DjangoJSONEncoder)), sent


def api_detail_url(basename: str, record) -> str:
    viewset = viewset_of(basename)
    lookup = getattr(viewset, "lookup_field", "pk") or "pk"
    kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup
    return reverse(f"api:{basename}-detail", kwargs={kwarg: getattr(record, lookup)})


def api_errors(response) -> str:
    try:
        return json.dumps(response.json(), ensure_ascii=False)[:600]
    except ValueError:
        return ""
