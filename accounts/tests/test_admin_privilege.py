"""F3 (issue 13): no account may change one of higher privilege in the admin.

A Secretariat account (staff, with the Secretariat's permissions on accounts) manages focal
points and other Secretariat accounts, but never an administrator's: not its page, groups,
password, second factor or deletion, and no bulk action that selects it.
"""

import pytest
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.tests.factories import PASSWORD, UserFactory, signed_in_client

pytestmark = pytest.mark.django_db

USERS = "/admin/auth/user/"


@pytest.fixture
def roles():
    from reference.roles import ensure_roles

    ensure_roles()


@pytest.fixture
def secretariat(roles):
    return UserFactory(username="sec", is_staff=True, role="Secretariat")


@pytest.fixture
def root(roles):
    user = UserFactory(username="root", superuser=True)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


@pytest.fixture
def focal(roles):
    return UserFactory(username="focal", partner=True)


def bulk(client, action, *users, **extra):
    return client.post(
        USERS, {"action": action, "_selected_action": [u.pk for u in users], **extra}
    )


def test_the_secretariat_cannot_reset_a_superusers_second_factor(secretariat, root):
    client = signed_in_client(secretariat)
    response = bulk(client, "reset_two_factor", root)
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=root).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Nothing was changed" in page and "root" in page


def test_the_secretariat_cannot_change_a_superusers_groups(secretariat, root):
    client = signed_in_client(secretariat)
    bulk(client, "remove_role_secretariat", root)
    bulk(client, "add_role_public", root)
    assert set(root.groups.values_list("name", flat=True)) == set()
    # A selection that mixes a focal point and an administrator changes nobody.
    other = UserFactory(username="other")
    bulk(client, "add_role_public", other, root)
    assert not other.groups.exists()


def test_the_secretariat_cannot_edit_delete_or_set_the_password_of_a_superuser(secretariat, root):
    client = signed_in_client(secretariat)
    change = client.post(
        f"{USERS}{root.pk}/change/",
        {"username": "root", "email": "x@example.org", "is_active": "on"},
    )
    assert change.status_code == 403
    password = client.post(
        f"{USERS}{root.pk}/password/",
        {"password1": "Another-long-pw-2026", "password2": "Another-long-pw-2026"},
    )
    assert password.status_code == 403
    assert client.post(f"{USERS}{root.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk(client, "delete_selected", root, post="yes")
    root.refresh_from_db()
    assert root.check_password(PASSWORD)
    assert root.email == "root@example.org"


def test_an_inactive_superuser_is_still_beyond_the_secretariats_reach(secretariat, root):
    # roles_of gives an inactive account no role: reactivating it must still be refused.
    root.is_active = False
    root.save(update_fields=["is_active"])
    client = signed_in_client(secretariat)
    response = client.post(f"{USERS}{root.pk}/change/", {"username": "root", "is_active": "on"})
    assert response.status_code == 403
    bulk(client, "add_role_secretariat", root)
    root.refresh_from_db()
    assert not root.is_active and not root.groups.exists()


def test_the_secretariat_still_manages_focal_points(secretariat, focal):
    TOTPDevice.objects.create(user=focal, name="phone", confirmed=True)
    client = signed_in_client(secretariat)
    bulk(client, "reset_two_factor", focal)
    assert not TOTPDevice.objects.filter(user=focal).exists()
    bulk(client, "add_role_steering_committee", focal)
    assert focal.groups.filter(name="Steering Committee").exists()
    assert client.get(f"{USERS}{focal.pk}/password/").status_code == 200


def test_an_administrator_manages_every_account(root, secretariat):
    client = signed_in_client(root)
    bulk(client, "remove_role_secretariat", secretariat)
    assert not secretariat.groups.filter(name="Secretariat").exists()
    assert Group.objects.filter(name="Secretariat").exists()


@pytest.fixture
def secretariat_with_device_permissions(secretariat):
    """As if roles.json gave the Secretariat django-otp's device admins: the rule still
    keeps an administrator's devices out of its reach."""
    from django.contrib.auth.models import Permission

    secretariat.user_permissions.add(
        *Permission.objects.filter(content_type__app_label__in=["otp_totp", "otp_static"])
    )
    return secretariat


def test_the_device_admins_keep_a_superusers_second_factor_out_of_reach(
    secretariat_with_device_permissions, root, focal
):
    from django_otp.plugins.otp_static.models import StaticDevice

    client = signed_in_client(secretariat_with_device_permissions)
    device = TOTPDevice.objects.get(user=root)
    totp = "/admin/otp_totp/totpdevice/"
    # Its page would show the secret (key, QR code): not even shown.
    assert client.get(f"{totp}{device.pk}/change/").status_code in (302, 403)
    assert client.get(f"{totp}{device.pk}/config/").status_code == 403
    client.post(totp, {"action": "delete_selected", "_selected_action": [device.pk], "post": "yes"})
    assert TOTPDevice.objects.filter(pk=device.pk).exists()

    static = "/admin/otp_static/staticdevice/add/"
    form = {
        "name": "planted",
        "confirmed": "on",
        "token_set-TOTAL_FORMS": "0",
        "token_set-INITIAL_FORMS": "0",
    }
    assert client.post(static, {**form, "user": root.pk}).status_code == 200
    assert not StaticDevice.objects.filter(user=root).exists()
    # The same form for a focal point is accepted: only the account's privilege refused it.
    assert client.post(static, {**form, "user": focal.pk}).status_code == 302
    assert StaticDevice.objects.filter(user=focal, name="planted").exists()
    own = TOTPDevice.objects.create(user=focal, name="phone", confirmed=True)
    assert client.get(f"{totp}{own.pk}/change/").status_code == 200
