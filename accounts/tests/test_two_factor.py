"""Two-factor authentication: required for the Secretariat and administrators, optional for
the others; the admin and the API are closed until the second factor is passed."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SETUP = "/account/two-factor/setup/"
VERIFY = "/account/two-factor/verify/"


def code_for(device, at=None):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if at is not None:
        totp.time = at.timestamp()
    return f"{totp.token():06d}"


def test_secretariat_is_sent_to_enrol_and_cannot_reach_admin_or_api(password_client):
    for path in ("/", "/admin/", "/partners/", "/account/"):
        response = password_client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(SETUP), path
    api = password_client.get("/api/documents/")
    assert api.status_code == 403
    assert "Two-factor" in api.json()["detail"]
    # Signing out, the language switch and the enrolment page stay reachable.
    assert password_client.get(SETUP).status_code == 200
    assert password_client.get("/language/fr/?next=/").status_code == 302
    assert password_client.post("/accounts/logout/").status_code == 302


def test_enrolment_with_a_valid_code_opens_everything(password_client, secretariat_user):
    page = password_client.get(SETUP + "?next=/admin/")
    assert "<svg" in page.content.decode()
    secret = page.context["secret"]
    assert len(secret) >= 32
    device = TOTPDevice.objects.get(user=secretariat_user, confirmed=False)

    wrong = password_client.post(SETUP, {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 400
    assert password_client.get("/admin/")["Location"].startswith(SETUP)

    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=60), tick=False):
        done = password_client.post(SETUP, {"code": code_for(device), "next": "/admin/"})
        assert done.status_code == 200
        codes = done.context["codes"]
        assert len(codes) == 10
        assert password_client.get("/admin/").status_code == 302  # not staff: admin login
        assert password_client.get("/api/documents/").status_code == 200
        assert password_client.get("/account/").status_code == 200


def test_a_verified_account_signs_in_with_a_code_and_not_with_a_wrong_one(secretariat_user):
    device = TOTPDevice.objects.create(user=secretariat_user, name="phone", confirmed=True)
    client = Client()
    client.post("/accounts/login/", {"username": "sec", "password": PASSWORD})
    assert client.get("/partners/")["Location"].startswith(VERIFY)
    # Having a device, the account cannot enrol a new one with the password alone.
    assert client.get(SETUP)["Location"].startswith(VERIFY)

    assert client.post(VERIFY, {"code": "123456", "next": "/partners/"}).status_code == 400
    assert client.get("/partners/").status_code == 302
    # django-otp slows down guessing after a failure: try again a little later.
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=30), tick=False):
        response = client.post(VERIFY, {"code": code_for(device), "next": "/partners/"})
        assert response.status_code == 302
        assert response["Location"] == "/partners/"
        assert client.get("/partners/").status_code == 200


def test_a_backup_code_works_once(secretariat_user):
    from accounts.twofactor import regenerate_backup_codes

    TOTPDevice.objects.create(user=secretariat_user, name="phone", confirmed=True)
    code = regenerate_backup_codes(secretariat_user)[0]
    first = Client()
    first.post("/accounts/login/", {"username": "sec", "password": PASSWORD})
    assert first.post(VERIFY, {"code": code}).status_code == 302
    assert first.get("/partners/").status_code == 200
    second = Client()
    second.post("/accounts/login/", {"username": "sec", "password": PASSWORD})
    assert second.post(VERIFY, {"code": code}).status_code == 400


def test_the_admin_requires_it_for_a_superuser():
    UserFactory(username="root", superuser=True)
    client = Client()
    client.post("/accounts/login/", {"username": "root", "password": PASSWORD})
    assert client.get("/admin/")["Location"].startswith(SETUP)
    assert client.get("/admin/partners/country/")["Location"].startswith(SETUP)
    assert client.get("/api/").status_code == 403


def test_other_roles_are_not_forced_but_may_enrol(partner_user):
    client = Client()
    client.post("/accounts/login/", {"username": partner_user.username, "password": PASSWORD})
    assert client.get("/partners/").status_code == 200
    page = client.get("/account/")
    assert "Two-factor authentication" in page.content.decode()
    assert client.get(SETUP).status_code == 200
    device = TOTPDevice.objects.get(user=partner_user, confirmed=False)
    assert client.post(SETUP, {"code": code_for(device)}).status_code == 200
    assert TOTPDevice.objects.get(user=partner_user).confirmed
    # Optional: the focal point may turn it off again.
    assert client.post("/account/two-factor/disable/").status_code == 302
    assert not TOTPDevice.objects.filter(user=partner_user).exists()


def test_the_secretariat_cannot_turn_it_off(secretariat_user):
    from core.tests.factories import signed_in_client

    client = signed_in_client(secretariat_user)
    client.post("/account/two-factor/disable/")
    assert TOTPDevice.objects.filter(user=secretariat_user).exists()


def test_the_demo_account_signs_in_with_the_printed_secret(capsys, monkeypatch):
    from reference.management.commands.ensure_demo_user import DEMO_TOTP_KEY

    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("ensure_demo_user")
    call_command("ensure_demo_user")  # idempotent: one device, the same codes
    out = capsys.readouterr().out
    assert "DEMO ONLY" in out
    assert "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" in out
    assert "demo0001" in out
    assert TOTPDevice.objects.filter(user__username="secretariat").count() == 1
    client = Client()
    client.post("/accounts/login/", {"username": "secretariat", "password": "rabat-demo-2026"})
    device = TOTPDevice.objects.get(user__username="secretariat")
    assert device.key == DEMO_TOTP_KEY
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302
    assert client.get("/admin/").status_code == 200
    other = Client()
    other.post("/accounts/login/", {"username": "secretariat", "password": "rabat-demo-2026"})
    assert other.post(VERIFY, {"code": "demo0001"}).status_code == 302
    assert other.get("/admin/").status_code == 200


def test_the_secretariat_resets_a_lost_device_in_the_admin(secretariat_user):
    from core.tests.factories import signed_in_client

    TOTPDevice.objects.create(user=secretariat_user, name="lost phone", confirmed=True)
    admin_client = signed_in_client(UserFactory(superuser=True))
    response = admin_client.post(
        "/admin/auth/user/",
        {"action": "reset_two_factor", "_selected_action": [secretariat_user.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=secretariat_user).exists()
    client = Client()
    client.post("/accounts/login/", {"username": "sec", "password": PASSWORD})
    assert client.get("/partners/")["Location"].startswith(SETUP)


def test_a_focal_point_who_enrolled_must_pass_the_second_factor(partner_user):
    """F2 (issue 13): an enrolled second factor is required, whatever the role: the password
    alone opens neither the pages nor the API."""
    device = TOTPDevice.objects.create(user=partner_user, name="phone", confirmed=True)
    client = Client()
    signed = client.post(
        "/accounts/login/", {"username": partner_user.username, "password": PASSWORD}
    )
    assert signed.status_code == 302
    for path in ("/partners/", "/account/", "/documents/", "/account/password/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(VERIFY), path
    api = client.get("/api/documents/")
    assert api.status_code == 403
    assert "Two-factor" in api.json()["detail"]
    # Nor can the password alone turn the device off.
    client.post("/account/two-factor/disable/")
    assert TOTPDevice.objects.filter(user=partner_user).exists()

    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=30), tick=False):
        assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302
        assert client.get("/partners/").status_code == 200
        assert client.get("/api/documents/").status_code == 200
