"""The OpenAPI schema states every answer an operation can give, in one place.

drf-spectacular documents the success answer of each operation. This schema class adds the
error answers that the shared machinery gives, with their bodies (``Error``,
``ValidationError``), so that a client (and Schemathesis, ``core/tests/test_schemathesis.py``)
finds no undocumented status code:

- 400: a bad filter value (``core.api.filters``), a bad page size, an invalid body;
- 403: a write without the session's CSRF token or by an account that may not write, and every
  operation whose view asks for a permission (partners only, staff);
- 404: an unknown or hidden record (``restrict``), a page past the last one;
- 409: a versioned write or workflow step carrying a stale ``version``
  (``workflows.api.VersionedSerializerMixin``, ``ConflictError``).

Fields that may be ``null`` in an answer are declared ``nullable``: a field read through a
relation that may be empty (``source="country.iso2"``) and a model field with ``null=True``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent, force_instance
from rest_framework import permissions, serializers

SAFE = ("GET", "HEAD", "OPTIONS")

ERROR_SCHEMA = {
    "type": "object",
    "description": "Why the request was refused.",
    "properties": {
        "detail": {"type": "string"},
        "current": {
            "type": "object",
            "additionalProperties": {},
            "description": "On 409: the record as it is now.",
        },
    },
    "required": ["detail"],
    "additionalProperties": {},
}

VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "The reasons per filter or field (``non_field_errors`` for the record as a whole), "
        'e.g. ``{"year": ["Ensure this value is greater than or equal to 1."]}``.'
    ),
    "additionalProperties": {
        "anyOf": [
            {"type": "array", "items": {}},
            {"type": "object", "additionalProperties": {}},
            {"type": "string"},
        ]
    },
}

DESCRIPTIONS = {
    "400": _("Bad request: a filter value, a page size or a field that cannot be applied."),
    "403": _("Forbidden: the account may not do this, or a write lacks the CSRF token."),
    "404": _("Not found: no such record (or hidden from this account), or no such page."),
    "409": _("Conflict: the record changed since it was read (send the current version)."),
}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema with the error answers and the nullable fields declared."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code in responses:
                continue
            schema = VALIDATION_ERROR_SCHEMA if code == "400" else ERROR_SCHEMA
            name = "ValidationError" if code == "400" else "Error"
            component = ResolvedComponent(
                name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
            )
            self.registry.register_on_missing(component)
            response = self._get_response_for_code(component.ref, code, direction=direction)
            response["description"] = str(DESCRIPTIONS[code])
            responses[code] = response
        return responses

    def _error_codes(self) -> list[str]:
        codes = ["400", "404"]
        if self.method not in SAFE or not self._allows_anyone():
            codes.append("403")
        if self.method not in SAFE and self._is_versioned_write():
            codes.append("409")
        return codes

    def _allows_anyone(self) -> bool:
        return all(
            isinstance(permission, permissions.AllowAny)
            for permission in self.view.get_permissions()
        )

    def _is_versioned_write(self) -> bool:
        """A write that sends the ``version`` it read: an update or a step on a record (a
        create has no version to be stale, a delete sends none)."""
        if self.method == "DELETE" or getattr(self.view, "action", None) == "create":
            return False
        serializer = force_instance(self.get_request_serializer())
        return "version" in getattr(serializer, "fields", {})

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction == "response" and _may_be_null(field) and "$ref" not in schema:
            schema["nullable"] = True
        return schema


def _may_be_null(field) -> bool:
    """Whether a read field's value may be ``None``: its source crosses a relation that may be
    empty, or ends on a model field with ``null=True``."""
    if getattr(field, "allow_null", False):
        return True
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    source = getattr(field, "source", None)
    if model is None or not source or source == "*":
        return False
    if isinstance(field, serializers.ManyRelatedField):
        return False
    for name in source.split("."):
        try:
            model_field = model._meta.get_field(name)
        except Exception:  # a property or method: its type hint decides
            return False
        if model_field.one_to_many or model_field.many_to_many:
            return False  # a list, empty rather than null
        if model_field.null:  # a column with null=True, a missing reverse one-to-one
            return True
        if not model_field.is_relation or model_field.related_model is None:
            return False
        model = model_field.related_model
    return False
