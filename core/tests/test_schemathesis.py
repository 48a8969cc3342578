"""The API schema tells the truth (issue 13, point 4): Schemathesis generates requests for every
operation of ``/api/schema/`` and checks each answer against the schema.

It runs in-process against the WSGI application, on the test database with the reference data
loaded (``reference.loaders.load_all``) and a few workflow records, in three audiences: an
anonymous visitor, a Secretariat account (it may write everything) and a focal point of Mali
who enrolled a device, both past their second factor. Per audience, every operation gets
``MAX_EXAMPLES`` valid and ``MAX_EXAMPLES`` invalid requests, and ``MAX_EXAMPLES`` valid ones
on an existing record when its path names one (derandomised: the same requests every run).

Three figures must be 0: server errors (5xx), answers that violate the schema (body or
Content-Type) and status codes the operation does not document. docs/api.md says how to run
it (``make test-api``).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.core.cache import cache
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable

# Valid and invalid requests per operation and audience; ``RABAT_SCHEMATHESIS_EXAMPLES``
# raises it for a longer run.
MAX_EXAMPLES = int(os.environ.get("RABAT_SCHEMATHESIS_EXAMPLES", "4"))

pytestmark = pytest.mark.django_db


@dataclass
class Figures:
    operations: set = field(default_factory=set)
    examples: int = 0
    server_errors: list = field(default_factory=list)
    schema_violations: list = field(default_factory=list)
    undocumented_statuses: list = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)

    def line(self) -> str:
        failures = self.server_errors + self.schema_violations + self.undocumented_statuses
        return (
            f"operations={len(self.operations)} examples={self.examples} "
            f"failures={len(failures)} "
            f"server_errors={len(self.server_errors)} "
            f"schema_violations={len(self.schema_violations)} "
            f"undocumented_statuses={len(self.undocumented_statuses)}"
        )


def _checks():
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    return {
        not_a_server_error: "server_errors",
        response_schema_conformance: "schema_violations",
        content_type_conformance: "schema_violations",
        status_code_conformance: "undocumented_statuses",
    }


def _session_headers(user) -> dict:
    """The headers of a browser signed in as ``user`` who passed a second factor (as
    ``accounts.twofactor.must_verify`` asks of a Secretariat account and of anyone with a
    device), with its CSRF token for writes."""
    from accounts.twofactor import must_verify
    from core.tests.factories import satisfy_two_factor, signed_in_client

    if user is None:
        return {}
    client = satisfy_two_factor(signed_in_client(user), user)
    assert must_verify(type(user).objects.get(pk=user.pk))
    assert client.get("/api/initiatives/").status_code == 200  # past the second factor
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    token = secrets.token_hex(16)
    return {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={token}",
        "X-CSRFToken": token,
    }


def _probe(schema, audience: str, headers: dict, figures: Figures) -> None:
    from schemathesis import GenerationMode
    from schemathesis.core.failures import FailureGroup

    checks = _checks()

    def record(case, response, label, mode):
        figures.examples += 1
        figures.statuses[response.status_code] += 1
        for check, bucket in checks.items():
            try:
                case.validate_response(response, checks=[check])
            except FailureGroup as group:  # the check's findings
                for failure in group.exceptions:
                    getattr(figures, bucket).append(
                        f"[{audience}/{mode.value}] {label} -> {response.status_code}: "
                        f"{failure.title}: {str(failure.message).strip()[:400]}\n"
                        f"    {case.as_curl_command()}"
                    )

    for result in schema.get_all_operations():
        operation = result.ok()
        figures.operations.add(operation.label)
        runs = [(mode, {}) for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]
        existing = _existing_record(operation.path)
        if existing:  # valid requests on a real record too (random ids mostly find none)
            runs.append((GenerationMode.POSITIVE, existing))
        for mode, path_parameters in runs:
            strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

            @hypothesis_settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def send(case):
                cache.clear()
                record(case, case.call(headers=headers), operation.label, mode)  # noqa: B023

            with contextlib.suppress(Unsatisfiable):  # no invalid request exists for it
                send()


def _existing_record(path: str) -> dict:
    """``{parameter: value}`` naming the first record of the viewset that serves ``path``
    (``/api/meetings/{slug}/``), or ``{}`` for a path without parameter."""
    import re

    from django.urls import Resolver404, resolve

    names = re.findall(r"{(\w+)}", path)
    if len(names) != 1:
        return {}
    for sample in ("1", "a/A1"):  # framework items: ``<framework>/<code>``
        try:
            view = resolve(re.sub(r"{\w+}", sample, path)).func
            break
        except Resolver404:
            continue
    else:
        return {}
    viewset = getattr(view, "cls", None)
    queryset = getattr(viewset, "queryset", None)
    if queryset is None:
        return {}
    record = queryset.model._default_manager.order_by("pk").first()
    if record is None:
        return {}
    return {names[0]: str(getattr(record, viewset.lookup_field))}


@pytest.fixture
def api_site(db):
    """The reference data as ``rabat load_reference`` loads it, and one record of each
    workflow, so that details and writes meet real rows."""
    from assistance.tests.factories import AssistanceRequestFactory
    from evaluations.tests.factories import survey
    from labels.tests.factories import LabelApplicationFactory
    from monitoring.tests.factories import InitiativeFactory, RoundFactory
    from partners.models import Country
    from reference.loaders import load_all

    load_all()
    mali = Country.objects.get(iso2="ML")
    InitiativeFactory()
    InitiativeFactory(country=mali)
    AssistanceRequestFactory()
    AssistanceRequestFactory(requesting_country=mali)
    LabelApplicationFactory()
    RoundFactory()
    survey(state="open")


def _keeping_the_test_connection(application):
    """``application`` without closing "old" database connections when a request starts and
    ends (Django's test client does the same): the test's connection holds the test's
    transaction, and on PostgreSQL closing it would end the run."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    def wsgi(environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = application(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    return wsgi


def test_the_api_answers_as_its_schema_says(api_site):
    """0 server errors, 0 answers outside the schema, 0 undocumented status codes, over every
    operation, as a visitor, a Secretariat account and a focal point with a device (both past
    their second factor)."""
    import schemathesis

    from config.wsgi import application
    from core.tests.factories import UserFactory
    from partners.models import Country
    from partners.tests.factories import FocalPointFactory, PersonFactory

    mali = Country.objects.get(iso2="ML")
    focal_point = UserFactory(partner=True)
    FocalPointFactory(country=mali, user=focal_point, person=PersonFactory(country=mali))
    audiences = {
        "anonymous": None,
        "secretariat": UserFactory(role="Secretariat"),
        "focal-point": focal_point,  # enrolled a device, so must pass it too
    }
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/", _keeping_the_test_connection(application)
    )
    figures = Figures()
    started = time.monotonic()
    for audience, user in audiences.items():
        _probe(schema, audience, _session_headers(user), figures)
    elapsed = time.monotonic() - started
    report = "\n".join(
        figures.server_errors + figures.schema_violations + figures.undocumented_statuses
    )
    print(f"\nschemathesis: {figures.line()} statuses={dict(figures.statuses)} ({elapsed:.0f} s)")
    assert figures.operations, "the schema lists no operation"
    assert (
        len(figures.server_errors),
        len(figures.schema_violations),
        len(figures.undocumented_statuses),
    ) == (0, 0, 0), f"{figures.line()}\n{report}"
