"""The password policy (Django's validators, 12 characters at least) on the change page."""

import pytest

from core.tests.factories import PASSWORD, UserFactory, signed_in_client

pytestmark = pytest.mark.django_db


def change(client, new):
    return client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )


def test_a_password_shorter_than_twelve_characters_is_refused():
    user = UserFactory(public=True)
    client = signed_in_client(user)
    response = change(client, "Short-pw-11")  # 11 characters
    assert response.status_code == 200
    errors = response.context["form"].errors["new_password2"]
    assert any("at least 12 characters" in e for e in errors)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_an_entirely_numeric_password_is_refused():
    client = signed_in_client(UserFactory(public=True))
    response = change(client, "480916273551")
    assert response.status_code == 200
    assert any("entirely numeric" in e for e in response.context["form"].errors["new_password2"])


def test_a_long_enough_password_is_accepted():
    user = UserFactory(public=True)
    client = signed_in_client(user)
    response = change(client, "Twelve-chars")  # exactly 12
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    user.refresh_from_db()
    assert user.check_password("Twelve-chars")
    # Still signed in after the change.
    assert client.get("/account/").status_code == 200
