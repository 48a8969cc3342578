"""Requests carrying a NUL character are refused with a 400 before they reach a view.

PostgreSQL text cannot hold a NUL (0x00): a lookup with one (a slug in the address
``/api/meetings/%00/``, a ``?country=`` value, a related record named by slug in a JSON body)
raised ``DataError`` and answered 500, and left the connection unusable (found by the
Schemathesis run, docs/api.md). SQLite accepts it, so only the PostgreSQL suite saw it. No
text of the platform contains a NUL, so the request is refused as a whole: the address, the
query string, and a URL-encoded or JSON body (file uploads are left to their forms).
"""

from __future__ import annotations

import json

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext_lazy as _

MESSAGE = _("The request contains a NUL character, which no value may contain.")
# A JSON body is read to look for one up to this size; larger bodies are the parsers' business.
JSON_LIMIT = 1_000_000


def has_nul(value) -> bool:
    """Whether a decoded JSON value holds a NUL in any of its strings or keys."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(key) or has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(has_nul(item) for item in value)
    return False


def request_has_nul(request) -> bool:
    if "\x00" in request.path:
        return True
    query = request.META.get("QUERY_STRING", "")
    if "%00" in query or "\x00" in query:
        return True
    content_type = request.content_type or ""
    if content_type == "application/x-www-form-urlencoded":
        return b"%00" in request.body or b"\x00" in request.body
    size = request.META.get("CONTENT_LENGTH") or "0"
    if content_type.endswith("json") and size.isdigit() and int(size) <= JSON_LIMIT:
        try:
            return has_nul(json.loads(request.body))
        except ValueError:  # not JSON: the parser answers 400
            return False
    return False


class NulCharacterMiddleware:
    """Answers 400 to a request with a NUL character (JSON ``{"detail": ...}`` under /api/,
    plain text elsewhere)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request_has_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": str(MESSAGE)}, status=400)
            return HttpResponseBadRequest(str(MESSAGE), content_type="text/plain; charset=utf-8")
        return self.get_response(request)
