"""Sign-in throttling: one message for every refusal; a lock after repeated failures."""

import datetime

import pytest
import time_machine
from django.test import Client, override_settings
from django.utils import timezone

from core.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
MESSAGE = "Please enter a correct username and password."
PAUSED = "Signing in with this username is paused after too many failed attempts."
SLOWED = "Too many failed sign-ins came from your network"


@pytest.fixture(autouse=True)
def _frozen_clock():
    """The address slow-down counts seconds: a slow test run must not let a wait pass."""
    with time_machine.travel(timezone.now(), tick=False):
        yield


def attempt(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def refused_with_the_same_message(response):
    assert response.status_code == 200
    assert "_auth_user_id" not in response.wsgi_request.session
    return response.context["form"].non_field_errors()[0]


def test_unknown_user_and_wrong_password_read_the_same():
    UserFactory(username="amina")
    client = Client()
    unknown = refused_with_the_same_message(attempt(client, "nobody", "whatever-password"))
    wrong = refused_with_the_same_message(attempt(client, "amina", "wrong-password-123"))
    assert unknown == wrong
    assert unknown.startswith(MESSAGE)
    assert "15 minutes" in unknown


def test_a_paused_username_says_so_whether_or_not_the_account_exists():
    """F7 (issue 13): the pause is told, in the same words for an account that exists and
    for one that does not."""
    UserFactory(username="amina")
    client = Client()
    for n in range(5):
        attempt(client, "amina", "wrong-password-123", ip=f"10.5.0.{n}")
        attempt(client, "nobody", "wrong-password-123", ip=f"10.5.1.{n}")
    # Even the right password is not checked now.
    known = refused_with_the_same_message(attempt(client, "amina", PASSWORD, ip="10.5.2.1"))
    unknown = refused_with_the_same_message(attempt(client, "nobody", PASSWORD, ip="10.5.2.2"))
    assert known == unknown
    assert known.startswith(PAUSED)
    assert "15 minutes" in known


def test_five_failures_lock_the_account_until_the_window_passes():
    UserFactory(username="amina")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client = Client()
        for n in range(4):
            attempt(client, "amina", "wrong-password-123", ip=f"10.0.0.{n}")
        # Four failures: the right password still works, and clears the count.
        assert attempt(client, "amina", PASSWORD, ip="10.0.0.9").status_code == 302
        client = Client()
        for n in range(4):
            refused_with_the_same_message(
                attempt(client, "amina", "wrong-password-123", ip=f"10.0.3.{n}")
            )
        assert attempt(client, "amina", PASSWORD, ip="10.0.3.9").status_code == 302

        client = Client()
        for n in range(5):
            attempt(client, "amina", "wrong-password-123", ip=f"10.0.1.{n}")
        refused_with_the_same_message(attempt(client, "amina", PASSWORD, ip="10.0.2.1"))
        clock.shift(datetime.timedelta(minutes=14))
        refused_with_the_same_message(attempt(client, "amina", PASSWORD, ip="10.0.2.2"))
        clock.shift(datetime.timedelta(minutes=1, seconds=1))
        assert attempt(client, "amina", PASSWORD, ip="10.0.2.3").status_code == 302


def test_a_shared_office_is_slowed_down_not_locked_out():
    """F7 (issue 13): failures from one address (a shared office) slow it down, with a wait
    that grows to a minute at most; they never lock the office's other people out."""
    UserFactory(username="amina")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client = Client()
        for n in range(5):
            attempt(client, f"guess{n}", "whatever-password", ip="10.9.9.9")
        slowed = refused_with_the_same_message(attempt(client, "amina", PASSWORD, ip="10.9.9.9"))
        assert slowed.startswith(SLOWED)
        assert "1 second" in slowed
        # Another address is not affected.
        assert attempt(Client(), "amina", PASSWORD, ip="10.9.9.10").status_code == 302
        clock.shift(datetime.timedelta(seconds=2))
        assert attempt(Client(), "amina", PASSWORD, ip="10.9.9.9").status_code == 302

        # A guesser who keeps going waits longer and longer, never more than a minute...
        for n in range(10):  # within the 15 minutes of the window
            clock.shift(datetime.timedelta(seconds=61))
            attempt(client, f"more{n}", "whatever-password", ip="10.9.9.9")
        waited = refused_with_the_same_message(attempt(client, "amina", PASSWORD, ip="10.9.9.9"))
        assert "60 seconds" in waited
        # ...and the office signs in once the minute is over.
        clock.shift(datetime.timedelta(seconds=61))
        assert attempt(Client(), "amina", PASSWORD, ip="10.9.9.9").status_code == 302


def test_the_username_is_matched_without_case():
    UserFactory(username="amina")
    client = Client()
    for n in range(5):
        attempt(client, "AMINA" if n % 2 else "amina", "wrong-password-123", ip=f"10.3.0.{n}")
    refused_with_the_same_message(attempt(client, "amina", PASSWORD, ip="10.3.1.1"))


def test_the_api_takes_no_http_basic_credentials(partner_user):
    import base64

    credentials = base64.b64encode(f"{partner_user.username}:{PASSWORD}".encode()).decode()
    client = Client()
    response = client.get(
        "/api/documents/", HTTP_AUTHORIZATION=f"Basic {credentials}", REMOTE_ADDR="10.4.0.1"
    )
    # Answered as for an anonymous visitor: Basic authentication is off, so it can neither
    # bypass two-factor authentication nor be used to guess passwords.
    assert response.status_code == 200
    assert response.wsgi_request.user.is_anonymous


def test_the_admin_sign_in_page_is_paused_and_says_so_too():
    UserFactory(username="root", superuser=True)
    client = Client()
    for n in range(5):
        client.post(
            "/admin/login/",
            {"username": "root", "password": "wrong-password-123"},
            REMOTE_ADDR=f"10.6.0.{n}",
        )
    response = client.post(
        "/admin/login/", {"username": "root", "password": PASSWORD}, REMOTE_ADDR="10.6.1.1"
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()[0].startswith(PAUSED)


def test_unlock_command_lifts_a_lock(capsys):
    from django.core.management import call_command

    UserFactory(username="amina")
    client = Client()
    for _ in range(5):
        attempt(client, "amina", "wrong-password-123")
    call_command("unlock_login", "amina", "--ip", "10.0.0.1")
    assert "Forgot the sign-in counters of 2" in capsys.readouterr().out
    assert attempt(client, "amina", PASSWORD).status_code == 302


def guess_from(client, n, remote, forwarded=None, username=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return client.post(
        LOGIN,
        {"username": username or f"guess{n}", "password": "whatever-password"},
        REMOTE_ADDR=remote,
        **extra,
    )


@override_settings(RABAT_TRUSTED_PROXIES="10.0.0.0/8")
def test_behind_a_trusted_proxy_one_guesser_does_not_stop_everybody():
    """F7 (issue 13): behind a reverse proxy every request comes from the proxy's address;
    the client's own address is read from the proxy's X-Forwarded-For, so twenty failures
    by one person leave everybody else free to sign in."""
    UserFactory(username="amina")
    client = Client()
    for n in range(20):
        guess_from(client, n, "10.0.0.2", forwarded="203.0.113.5")
    assert refused_with_the_same_message(
        guess_from(client, 99, "10.0.0.2", forwarded="203.0.113.5")
    ).startswith(SLOWED)
    colleague = Client().post(
        LOGIN,
        {"username": "amina", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert colleague.status_code == 302


@override_settings(RABAT_TRUSTED_PROXIES="10.0.0.0/8")
def test_a_forged_x_forwarded_for_does_not_escape_the_slow_down():
    """A client writing its own X-Forwarded-For (directly, or before the trusted proxy's
    entry) is still counted at its real address."""
    client = Client()
    for n in range(5):
        guess_from(client, n, "203.0.113.5", forwarded=f"192.0.2.{n}")
    direct = guess_from(client, 7, "203.0.113.5", forwarded="192.0.2.77")
    assert refused_with_the_same_message(direct).startswith(SLOWED)
    through_proxy = guess_from(client, 8, "10.0.0.2", forwarded="192.0.2.78, 203.0.113.5")
    assert refused_with_the_same_message(through_proxy).startswith(SLOWED)


def test_without_the_setting_x_forwarded_for_is_ignored():
    client = Client()
    for n in range(5):
        guess_from(client, n, "203.0.113.9", forwarded=f"192.0.2.{n}")
    assert refused_with_the_same_message(
        guess_from(client, 9, "203.0.113.9", forwarded="192.0.2.99")
    ).startswith(SLOWED)


@pytest.mark.parametrize(
    ("setting", "remote", "forwarded", "expected"),
    [
        ("", "203.0.113.1", "192.0.2.1", "203.0.113.1"),
        ("1", "10.0.0.2", "192.0.2.9, 203.0.113.1", "203.0.113.1"),
        ("2", "10.0.0.2", "192.0.2.9, 203.0.113.1, 10.0.0.3", "203.0.113.1"),
        ("2", "10.0.0.2", "203.0.113.1", "10.0.0.2"),
        ("10.0.0.0/8, 127.0.0.1", "10.0.0.2", "192.0.2.9, 203.0.113.1, 10.0.0.3", "203.0.113.1"),
        ("10.0.0.0/8", "203.0.113.1", "192.0.2.9", "203.0.113.1"),
        ("10.0.0.0/8", "10.0.0.2", "not-an-address, 10.0.0.3", "10.0.0.3"),
        ("fd00::/8", "fd00::1", "2001:db8::7", "2001:db8::7"),
    ],
)
def test_the_client_address(rf, setting, remote, forwarded, expected):
    from accounts.throttling import client_ip

    request = rf.post(LOGIN, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(RABAT_TRUSTED_PROXIES=setting):
        assert client_ip(request) == expected


def test_a_malformed_trusted_proxies_setting_stops_the_start():
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "RABAT_TRUSTED_PROXIES": "10.0.0.0/8, proxy.example.org"}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [str(Path(sys.executable).parent / "rabat"), "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and "proxy.example.org" in done.stderr
