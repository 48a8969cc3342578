"""A database too busy to take a write gets an honest answer, never a server error (F11).

SQLite lets one connection write at a time; the others wait for the lock up to the busy
timeout (``RABAT_SQLITE_TIMEOUT``, docs/configuration.md). Should a write still find the
database locked after that wait (a long write elsewhere, a backup), the request is answered
503 "The platform is busy" with ``Retry-After``, in the visitor's language, and a warning is
logged: the sign-in, form or API call can simply be sent again. One rule for every page and
API view, here only.

The view's own writes reach ``process_exception``. Writes made by other middleware on the way
out (the session saved after a sign-in) are turned into a 500 by Django before this middleware
sees them: ``got_request_exception`` notes them on the request, and the 500 is replaced.
"""

from __future__ import annotations

import logging
import sys

from django.core.signals import got_request_exception
from django.db import OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger("rabat.database")

RETRY_AFTER_SECONDS = 5
LOCKED_MESSAGES = ("database is locked", "database table is locked")


def is_database_busy(error: BaseException | None) -> bool:
    """SQLite's "database is locked" (``SQLITE_BUSY``) or "database table is locked"."""
    return isinstance(error, OperationalError) and any(m in str(error) for m in LOCKED_MESSAGES)


def busy_response(request) -> HttpResponse:
    logger.warning(
        "Database busy, answered 503: %s %s",
        request.method,
        request.path,
        extra={"request": request, "status_code": 503},
    )
    message = _("The platform is busy. Please try again in a moment.")
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=503)
    else:
        response = HttpResponse(
            render_to_string("core/busy.html", {"message": message}), status=503
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseBusyMiddleware:
    """Outermost but for ``SecurityMiddleware`` (config/settings/base.py), so that it sees
    the 500s that inner middleware made of a locked database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, "_database_busy", False):
            return busy_response(request)
        return response

    def process_exception(self, request, exception):
        if is_database_busy(exception):
            return busy_response(request)
        return None


def _note_busy(sender, request=None, **kwargs):
    if request is not None and is_database_busy(sys.exc_info()[1]):
        request._database_busy = True


got_request_exception.connect(_note_busy, dispatch_uid="core.middleware.database-busy")
