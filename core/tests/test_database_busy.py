"""F11 (issue 13): a database still locked after the busy timeout is a 503, never a 500.

``monitoring/tests/test_import_lock.py`` signs in on a real server while another connection
holds SQLite's write lock (the view's own write fails). Here, the other way a locked database
reaches a response: a middleware on the way out (the session saved after a sign-in) raises,
Django's handler has already turned it into a 500, and ``DatabaseBusyMiddleware`` replaces it.
"""

import json

from django.core.handlers.exception import convert_exception_to_response
from django.db import OperationalError
from django.test import RequestFactory

from core.middleware import DatabaseBusyMiddleware


def locked(request):
    raise OperationalError("database is locked")


def broken(request):
    raise OperationalError("no such table: django_session")


def test_a_lock_met_by_inner_middleware_is_a_503_page_not_a_500():
    answer = DatabaseBusyMiddleware(convert_exception_to_response(locked))
    response = answer(RequestFactory().post("/accounts/login/"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "The platform is busy" in response.content.decode()


def test_a_lock_in_the_api_is_a_503_in_json():
    answer = DatabaseBusyMiddleware(convert_exception_to_response(locked))
    response = answer(RequestFactory().post("/api/initiatives/"))
    assert response.status_code == 503
    assert json.loads(response.content) == {
        "detail": "The platform is busy. Please try again in a moment."
    }


def test_other_database_errors_stay_server_errors():
    answer = DatabaseBusyMiddleware(convert_exception_to_response(broken))
    assert answer(RequestFactory().get("/")).status_code == 500
