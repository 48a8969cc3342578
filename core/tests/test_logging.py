"""Nothing was logged (issue 15): under the production settings a 5xx left no trace, while the
error page says "the error has been logged".

The production settings' ``LOGGING`` is applied as Django applies it at start-up
(``configure_logging``); a view that raises then leaves one JSON line on stderr, at ERROR, with
the traceback and the request id the proxy sent; a "database busy" 503 leaves its warning and
its error line. The stderr the test reads is what gunicorn or systemd would collect.
"""

import importlib
import io
import json
import logging
import sys

import pytest
from django.test import Client
from django.utils.log import configure_logging

LOGGERS = ("", "django", "django.request", "django.server", "django.security", "rabat")


@pytest.fixture
def production_logging(monkeypatch):
    """Log as production does, to a stderr the test reads; the test run's logging is put back."""
    monkeypatch.setenv("SECRET_KEY", "production-like-" + "y" * 40)
    monkeypatch.setenv("ALLOWED_HOSTS", "testserver")
    monkeypatch.delenv("RABAT_LOG_FORMAT", raising=False)
    monkeypatch.delenv("RABAT_LOG_LEVEL", raising=False)
    production = importlib.reload(importlib.import_module("config.settings.production"))
    saved = {
        name: (lg.handlers[:], lg.level, lg.propagate, lg.disabled)
        for name in LOGGERS
        for lg in [logging.getLogger(name)]
    }
    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)  # what the handler writes to: ext://sys.stderr
    configure_logging("logging.config.dictConfig", getattr(production, "LOGGING", {}))

    def records():
        err = stderr.getvalue()
        return [json.loads(line) for line in err.splitlines() if line.startswith("{")], err

    yield records
    for name, (handlers, level, propagate, disabled) in saved.items():
        lg = logging.getLogger(name)
        lg.handlers[:] = handlers
        lg.setLevel(level)
        lg.propagate, lg.disabled = propagate, disabled


def client():
    return Client(raise_request_exception=False, HTTP_X_REQUEST_ID="3f2c9a6e0b1d4e5f")


@pytest.mark.django_db
def test_a_server_error_is_logged_with_its_traceback_and_request_id(production_logging, settings):
    settings.ROOT_URLCONF = "core.tests.raising_urls"
    response = client().get("/broken/")
    assert response.status_code == 500
    assert "The error has been logged" in response.content.decode()

    records, err = production_logging()
    errors = [r for r in records if r["level"] == "ERROR" and r["logger"] == "django.request"]
    assert len(errors) == 1, err
    error = errors[0]
    assert error["message"] == "Internal Server Error: /broken/"
    assert error["request_id"] == "3f2c9a6e0b1d4e5f"
    assert error["method"] == "GET" and error["path"] == "/broken/"
    assert error["status_code"] == 500
    assert "RuntimeError: the stocktaking figures do not add up" in error["exception"]
    assert "core/tests/raising_urls.py" in error["exception"]
    # One record, one line: the traceback does not spill over several lines.
    assert all(line.startswith("{") for line in err.splitlines()), err


@pytest.mark.django_db
def test_a_database_busy_503_is_logged(production_logging, settings):
    settings.ROOT_URLCONF = "core.tests.raising_urls"
    response = client().get("/locked/")
    assert response.status_code == 503

    records, err = production_logging()
    busy = [r for r in records if r["logger"] == "rabat.database"]
    assert [(r["level"], r["message"], r["request_id"]) for r in busy] == [
        ("WARNING", "Database busy, answered 503: GET /locked/", "3f2c9a6e0b1d4e5f")
    ], err
    assert [r["message"] for r in records if r["logger"] == "django.request"] == [
        "Service Unavailable: /locked/"
    ], err


@pytest.mark.django_db
def test_a_client_error_is_not_logged_and_a_forged_request_id_is_dropped(
    production_logging, settings
):
    settings.ROOT_URLCONF = "core.tests.raising_urls"
    assert client().get("/no-such-page/").status_code == 404
    odd = Client(raise_request_exception=False, HTTP_X_REQUEST_ID='x" \n{"level": "INFO"}')
    assert odd.get("/broken/").status_code == 500
    records, err = production_logging()
    assert [r["path"] for r in records] == ["/broken/"], err
    assert "request_id" not in records[0]
