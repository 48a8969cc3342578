"""Logs an operator can read and a machine can parse: one JSON object per line, on stderr.

Production (config/settings/production.py) logs through ``logging_config()``: every 5xx
(``django.request`` at ERROR, with its traceback), the "database busy" 503 line
(``rabat.database``), Django's security warnings and every ``rabat.*`` warning, to stderr,
where gunicorn, systemd's journal or a container runtime collect them. A record made while
answering a request carries the request's method and path, and its request id when the
reverse proxy sent one (``X-Request-ID``; nginx: ``proxy_set_header X-Request-ID
$request_id;``), so a user's "error at 10:42" is found by the id in the access log.

Imported by the settings: nothing here needs Django to be set up.
"""

from __future__ import annotations

import datetime
import json
import logging
import re

from django.core.exceptions import ImproperlyConfigured

REQUEST_ID_HEADER = "X-Request-ID"
# What a request id may hold: nginx's $request_id (32 hex digits), UUIDs, and the like. A header
# of anything else (or too long) is not copied into the logs.
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def request_id(request) -> str:
    value = request.headers.get(REQUEST_ID_HEADER, "") if request is not None else ""
    return value if REQUEST_ID.fullmatch(value) else ""


class RequestFilter(logging.Filter):
    """Give every record ``request_id``, ``method`` and ``path`` (empty outside a request).

    Django's own records (``django.request``, ``django.security``) carry the request; this
    project's pass it the same way: ``logger.warning(..., extra={"request": request})``.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if not hasattr(request, "headers"):
            request = None  # django.server passes a socket, not an HttpRequest
        record.request_id = request_id(request)
        record.method = getattr(request, "method", "") or ""
        record.path = getattr(request, "path", "") or ""
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line (a traceback is a string inside it)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in ("request_id", "method", "path", "status_code"):
            value = getattr(record, field, None)
            if value not in (None, ""):
                entry[field] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(method)s %(path)s %(message)s"


def logging_config(*, log_format: str = "json", level: str = "WARNING") -> dict:
    """The ``LOGGING`` setting: everything at ``level`` and above to stderr, as JSON lines
    (``log_format="json"``) or plain text (``"text"``); every 5xx at ERROR with its traceback.

    ``django.request``'s 4xx warnings are left out (the web server's access log has them);
    its 5xx errors are always in.
    """
    if log_format not in ("json", "text"):
        raise ImproperlyConfigured(f"RABAT_LOG_FORMAT must be 'json' or 'text', not {log_format!r}")
    formatter = (
        {"()": "core.logs.JsonFormatter"} if log_format == "json" else {"format": TEXT_FORMAT}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request": {"()": "core.logs.RequestFilter"}},
        "formatters": {"default": formatter},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "filters": ["request"],
                "formatter": "default",
            }
        },
        "root": {"handlers": ["stderr"], "level": level.upper()},
        "loggers": {
            # Replaces Django's defaults (console only when DEBUG, mail_admins): both go
            # through the root's handler, once.
            "django": {"handlers": [], "level": level.upper(), "propagate": True},
            "django.request": {"handlers": [], "level": "ERROR", "propagate": True},
            "django.server": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        },
    }
