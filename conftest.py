"""Fixtures shared by every app's tests: accounts for each audience, clients, a clean cache."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from core.tests.factories import UserFactory, signed_in_client


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """In tests, ``client.force_login(user)`` means "fully signed in": a Secretariat or
    administrator account has also passed its second factor. The two-factor tests sign in
    through the real login form and code pages instead (accounts/tests/test_two_factor.py)."""
    from core.tests.factories import satisfy_two_factor

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        from accounts.twofactor import must_verify

        if must_verify(user):
            satisfy_two_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Counts are cached per audience (framework browser, home page): start each test clean."""
    cache.clear()
    yield
    cache.clear()
    # A test that activated French (a request with ``Accept-Language: fr``, a French user)
    # must not leave it to the next test of the same thread.
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def partner_user(db):
    """A focal point (of a partner organisation): a partner role, which sees partners-only
    content (``core.roles``)."""
    return UserFactory(partner=True)


@pytest.fixture
def public_user(db):
    """A registered member of the public ("Public" role, no partner permission)."""
    return UserFactory(public=True)


@pytest.fixture
def superuser(db):
    return UserFactory(superuser=True)


def _client_for(user) -> Client:
    """Signed in as ``user``; Secretariat and administrators have passed their second
    factor (``core.tests.factories.signed_in_client``)."""
    return signed_in_client(user)


@pytest.fixture
def anon_client():
    return Client()


@pytest.fixture
def partner_client(partner_user):
    return _client_for(partner_user)


@pytest.fixture
def public_client(public_user):
    return _client_for(public_user)


@pytest.fixture
def admin_client(superuser):
    return _client_for(superuser)


AUDIENCES = ("anonymous", "public", "partner")


@pytest.fixture(params=AUDIENCES)
def audience(request, db):
    """(name, client) for each audience: anonymous, signed-in "Public", partner role."""
    user = {
        "anonymous": lambda: None,
        "public": lambda: UserFactory(public=True),
        "partner": lambda: UserFactory(partner=True),
    }[request.param]()
    return request.param, _client_for(user)


@pytest.fixture
def site(db):
    """Every kind of record, one or two of each (see ``core/tests/sitedata.py``)."""
    from core.tests.sitedata import build_site

    return build_site()
