"""Sign-in throttling: one message for every refusal; a lock after repeated failures."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from accounts.models import LoginFailure
from core.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
MESSAGE = "Please enter a correct username and password."


def attempt(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def refused_with_the_same_message(response):
    assert response.status_code == 200
    assert "_auth_user_id" not in response.wsgi_request.session
    return response.context["form"].non_field_errors()[0]


def test_unknown_user_wrong_password_and_locked_account_read_the_same():
    UserFactory(username="amina")
    client = Client()
    unknown = refused_with_the_same_message(attempt(client, "nobody", "whatever-password"))
    wrong = refused_with_the_same_message(attempt(client, "amina", "wrong-password-123"))
    for _ in range(3):
        attempt(client, "amina", "wrong-password-123")
    # The fifth failure happened above: now even the right password is refused, identically.
    locked = refused_with_the_same_message(attempt(client, "amina", PASSWORD))
    assert unknown == wrong == locked
    assert unknown.startswith(MESSAGE)
    assert "15 minutes" in unknown


def test_five_failures_lock_the_account_until_the_window_passes():
    UserFactory(username="amina")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client = Client()
        for _ in range(4):
            attempt(client, "amina", "wrong-password-123")
        # Four failures: the right password still works, and clears the count.
        assert attempt(client, "amina", PASSWORD).status_code == 302
        assert not LoginFailure.objects.filter(username="amina").exists()

        client = Client()
        for _ in range(5):
            attempt(client, "amina", "wrong-password-123", ip=f"10.0.1.{_}")
        refused_with_the_same_message(attempt(client, "amina", PASSWORD, ip="10.0.2.1"))
        clock.shift(datetime.timedelta(minutes=14))
        refused_with_the_same_message(attempt(client, "amina", PASSWORD, ip="10.0.2.2"))
        clock.shift(datetime.timedelta(minutes=1, seconds=1))
        assert attempt(client, "amina", PASSWORD, ip="10.0.2.3").status_code == 302


def test_an_address_that_fails_too_often_is_locked_for_every_username():
    UserFactory(username="amina")
    client = Client()
    for n in range(5):
        attempt(client, f"guess{n}", "whatever-password", ip="10.9.9.9")
    refused_with_the_same_message(attempt(client, "amina", PASSWORD, ip="10.9.9.9"))
    # Another address is not affected.
    assert attempt(client, "amina", PASSWORD, ip="10.9.9.10").status_code == 302


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


def test_unlock_command_lifts_a_lock(capsys):
    from django.core.management import call_command

    UserFactory(username="amina")
    client = Client()
    for _ in range(5):
        attempt(client, "amina", "wrong-password-123")
    call_command("unlock_login", "amina", "--ip", "10.0.0.1")
    assert "Forgot 5" in capsys.readouterr().out
    assert attempt(client, "amina", PASSWORD).status_code == 302
