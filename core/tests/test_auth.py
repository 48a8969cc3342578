"""Signing in and out."""

import pytest
from django.urls import reverse

from core.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_login_page(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html
    assert 'name="password"' in html
    assert "csrfmiddlewaretoken" in html


def test_login_and_logout(client):
    user = UserFactory(partner=True)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert home.context["user"] == user
    assert user.username in home.content.decode()
    # Sign out is a POST (a GET must not sign anyone out).
    assert client.get(reverse("logout")).status_code == 405
    assert client.get(reverse("home")).context["user"].is_authenticated
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert not client.get(reverse("home")).context["user"].is_authenticated


def test_login_redirects_to_next(client):
    user = UserFactory()
    response = client.post(
        reverse("login") + "?next=/documents/",
        {"username": user.username, "password": PASSWORD, "next": "/documents/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/documents/"


def test_login_refuses_wrong_password_and_foreign_next(client):
    user = UserFactory()
    response = client.post(reverse("login"), {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert not response.context["user"].is_authenticated
    assert response.context["form"].errors
    response = client.post(
        reverse("login"),
        {"username": user.username, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_login_form_is_csrf_protected(site):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    user = UserFactory()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 403


def test_inactive_partner_sees_nothing_more(site, client):
    user = UserFactory(partner=True, is_active=False)
    assert not client.login(username=user.username, password=PASSWORD)
    assert client.get(site.secret_doc.get_absolute_url()).status_code == 404
