"""F8 (issue 13): concurrent password guesses cannot all slip under the limit.

Guesses sent at the same instant, each with its own database connection: at most the limit
(5) of them are checked, the others are told that signing in is paused, and afterwards even
the right password is refused. Each attempt is counted by one conditional UPDATE before its
password is checked (accounts.throttling), which holds on both databases:

- PostgreSQL: threads of the test process, each with its own connection (the PostgreSQL
  suite; the in-memory SQLite of the test run answers "table is locked" to a second writer
  at once instead of making it wait);
- SQLite: a real server (``rabat runserver``, one thread per request) on a SQLite file, as in
  production, migrated in a folder of its own.

The hasher of ``accounts.tests.hashers`` notes each password checked and takes 0.2 s, as a
real hasher takes its time, so that the guesses really overlap.
"""

import http.client
import re
import sys
import threading
import urllib.parse
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client, override_settings

from accounts.tests import hashers
from core.tests.factories import PASSWORD, UserFactory
from core.tests.sqlite_server import sqlite_platform

LIMIT = 5
BURST = 24
LOGIN = "/accounts/login/"
WRONG = "Please enter a correct username and password."
PAUSED = "Signing in with this username is paused"
SLOWED = "Too many failed sign-ins came from your network"
REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def burst(send, count=BURST):
    """Call ``send(n)`` from ``count`` threads released at the same instant."""
    start = threading.Barrier(count)
    results = [None] * count

    def run(n):
        try:
            start.wait(timeout=30)
            results[n] = send(n)
        except Exception as exc:  # reported by the test
            results[n] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def message(html: str) -> str:
    found = re.search(r'<p class="notice" role="alert">(.*?)</p>', html, re.S)
    return found.group(1).strip() if found else ""


# --- PostgreSQL: threads of the test process ---------------------------------------------


@pytest.fixture
def noting_hasher():
    hashers.checked.clear()
    with override_settings(PASSWORD_HASHERS=["accounts.tests.hashers.NotingMD5PasswordHasher"]):
        yield hashers.checked


def post(username, password, **extra):
    return Client().post(LOGIN, {"username": username, "password": password}, **extra)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_guesses_on_one_username_check_at_most_the_limit(noting_hasher):
    assert connection.vendor == "postgresql" or not connection.is_in_memory_db()
    UserFactory(username="amina")
    responses = burst(
        lambda n: post("amina", f"wrong-guess-{n}", REMOTE_ADDR=f"10.8.{n}.1"),
    )
    assert all(getattr(r, "status_code", None) == 200 for r in responses), responses
    assert len(noting_hasher) <= LIMIT
    told = [message(r.content.decode()) for r in responses]
    assert sum(t.startswith(WRONG) for t in told) <= LIMIT
    assert sum(t.startswith(PAUSED) for t in told) >= BURST - LIMIT
    # The right password comes too late: the username is paused.
    late = post("amina", PASSWORD, REMOTE_ADDR="10.8.99.1")
    assert late.status_code == 200 and message(late.content.decode()).startswith(PAUSED)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_guesses_from_one_address_check_at_most_the_limit(noting_hasher):
    responses = burst(lambda n: post(f"guess{n}", "wrong-guess", REMOTE_ADDR="203.0.113.8"))
    assert all(getattr(r, "status_code", None) == 200 for r in responses), responses
    assert len(noting_hasher) <= LIMIT
    told = [message(r.content.decode()) for r in responses]
    assert sum(t.startswith(SLOWED) for t in told) >= BURST - LIMIT


# --- SQLite: a real server on a SQLite file ----------------------------------------------


@pytest.fixture(scope="module")
def sqlite_server(tmp_path_factory):
    """``rabat runserver`` on a freshly migrated SQLite file, behind one (pretend) proxy
    (``RABAT_TRUSTED_PROXIES=1``), so that each request gives its client address in
    X-Forwarded-For."""
    folder = tmp_path_factory.mktemp("sign-in-server")
    with sqlite_platform(
        folder,
        settings="accounts.tests.server_settings",
        env={"RABAT_TRUSTED_PROXIES": "1", "RABAT_CHECK_LOG": str(folder / "checked.log")},
        setup=(
            "from django.contrib.auth.models import User; "
            f"User.objects.create_user('amina', password='{PASSWORD}')"
        ),
    ) as served:
        yield {"port": served["port"], "checked": folder / "checked.log"}


def http_post(port, path, fields, client_address):
    """A sign-in form POST as a browser sends it (CSRF cookie and token), with its client
    address in X-Forwarded-For."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers={"X-Forwarded-For": client_address})
    page = conn.getresponse()
    html = page.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields})
    conn.request(
        "POST",
        path,
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
            "X-Forwarded-For": client_address,
        },
    )
    response = conn.getresponse()
    result = (response.status, response.read().decode())
    conn.close()
    return result


def test_concurrent_guesses_on_a_sqlite_file_check_at_most_the_limit(sqlite_server):
    port, checked = sqlite_server["port"], sqlite_server["checked"]
    results = burst(
        lambda n: http_post(
            port, LOGIN, {"username": "amina", "password": f"wrong-{n}"}, f"198.51.100.{n}"
        )
    )
    assert all(isinstance(r, tuple) and r[0] == 200 for r in results), results
    told = [message(html) for _status, html in results]
    assert len(checked.read_text().split()) <= LIMIT
    assert sum(t.startswith(WRONG) for t in told) <= LIMIT
    assert sum(t.startswith(PAUSED) for t in told) >= BURST - LIMIT
    status, html = http_post(
        port, LOGIN, {"username": "amina", "password": PASSWORD}, "198.51.100.200"
    )
    assert status == 200 and message(html).startswith(PAUSED)
