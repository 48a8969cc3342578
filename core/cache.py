"""Caching keyed by the content version: cached figures never outlive a change of the data.

Any save, delete or many-to-many change of a model in ``settings.CONTENT_CACHE_APPS`` raises
``ContentVersion`` inside the writing transaction (see ``CoreConfig.ready``); every key built
here includes that version, so a stale entry is simply never read again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.http import HttpResponse

from .models import ContentVersion
from .roles import sees_partner_content

TIMEOUT = 3600


# The version read during the current request (reset by ContentVersionMiddleware and by
# every bump), so that a page reads it once however many cached pieces it has.
_request_version: ContextVar[int | None] = ContextVar("content_version", default=None)


def content_version() -> int:
    version = _request_version.get()
    if version is None:
        row = ContentVersion.objects.filter(pk=1).values_list("version", flat=True).first()
        version = row or 0
        _request_version.set(version)
    return version


class ContentVersionMiddleware:
    """Forget the version read by the previous request handled by this thread."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_version.set(None)
        try:
            return self.get_response(request)
        finally:
            _request_version.reset(token)


def bump_content_version(**kwargs) -> None:
    """Signal receiver: raise the version when a model of the Dialogue's data changes."""
    sender = kwargs.get("sender")
    if sender is not None:
        model = getattr(sender, "_meta", None)
        if model is None or model.app_label not in settings.CONTENT_CACHE_APPS:
            return
    if kwargs.get("raw"):
        return
    _request_version.set(None)
    if not ContentVersion.objects.filter(pk=1).update(version=F("version") + 1):
        ContentVersion.objects.get_or_create(pk=1, defaults={"version": 1})


def audience(user) -> str:
    """Cached content differs only between visitors and partner accounts: the audience is
    the rule of ``core.roles.sees_partner_content``, so an account that keeps a partner
    group without a partner role shares the visitors' entries, never the partners'."""
    return "partners" if sees_partner_content(user) else "public"


def cached(key: str, compute: Callable[[], Any], *, user=None, timeout: int = TIMEOUT):
    """``compute()`` cached under ``key`` for this content version (and audience)."""
    parts = [key, str(content_version())]
    if user is not None:
        parts.append(audience(user))
    full_key = ":".join(parts)
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value


def address(request) -> str:
    """What a cached answer depends on besides the language, the version and the audience.

    The scheme and host (pages and API answers hold absolute addresses: links to the next
    page, feeds, canonical links), the path and query string, and whether htmx asked
    (``HX-Request``: the dashboard's table and maps answer a fragment to htmx and a whole
    page otherwise). Hashed, so that a long query string makes a key of the same length.
    """
    htmx = "htmx" if request.headers.get("HX-Request") else "page"
    whole = f"{request.scheme}://{request.get_host()}{request.get_full_path()} {htmx}"
    return hashlib.sha256(whole.encode("utf-8")).hexdigest()


class AnonymousPageCacheMiddleware:
    """Whole HTML pages for visitors who are not signed in, per address (``address``: scheme,
    host, path and query, htmx or not), language and version.

    Pages for visitors carry nothing personal (no CSRF token, no user name), so one rendering
    serves them all until the data changes. Signed-in users, other methods, the admin, the API
    (cached by its own views), exports and any response setting a cookie are left alone.
    """

    SKIPPED_PREFIXES = ("/admin/", "/api/", "/accounts/", "/language/", "/i18n/", "/healthz/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            request.method not in ("GET", "HEAD")
            or request.path.startswith(self.SKIPPED_PREFIXES)
            or "export" in request.GET
            or "messages" in request.COOKIES
            or user is None
            or user.is_authenticated
        ):
            return self.get_response(request)
        key = ":".join(["page", str(content_version()), request.LANGUAGE_CODE, address(request)])
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        response = self.get_response(request)
        cache_control = response.get("Cache-Control", "")
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            # A page that carries a CSRF token (a form) is for this visitor only.
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and "no-store" not in cache_control
            and "private" not in cache_control
            and response.get("Content-Type", "").startswith("text/html")
        ):
            cache.set(key, (response.content, response["Content-Type"]), TIMEOUT)
        return response
