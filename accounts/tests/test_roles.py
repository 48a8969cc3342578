"""Role computation (core.roles) and the "My account" page that shows it."""

import datetime

import pytest
from django.utils import timezone

from core.roles import forget_roles, roles_of
from core.tests.factories import UserFactory, signed_in_client
from frameworks.tests.factories import ReferenceCountryFactory, build_plans
from partners.choices import GovernanceRoleKind
from partners.tests.factories import CountryFactory, FocalPointFactory, GovernanceRoleFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def countries():
    return CountryFactory(iso2="QM", name_en="Maliland"), CountryFactory(iso2="QN")


def test_a_focal_point_acts_only_for_its_partner(countries):
    mine, other = countries
    user = UserFactory(role="Focal points")
    FocalPointFactory(user=user, country=mine)
    roles = roles_of(user)
    assert roles.focal_point and roles.partner and not roles.public
    assert roles.acts_for_country(mine.pk)
    assert not roles.acts_for_country(other.pk)
    assert not roles.staff and not roles.chair and not roles.steering_committee


def test_an_expired_focal_point_has_no_role(countries):
    mine, _other = countries
    user = UserFactory()
    FocalPointFactory(user=user, country=mine, start_date=TODAY - 400 * DAY, end_date=TODAY)
    roles = roles_of(user)
    assert not roles.focal_point
    assert not roles.acts_for_country(mine.pk)
    assert roles.public
    # A future appointment does not count yet either.
    FocalPointFactory(user=user, country=mine, start_date=TODAY + DAY)
    forget_roles(user)
    assert not roles_of(user).focal_point


def test_a_reference_country_follows_its_domain_only_in_its_period(countries):
    mine, _other = countries
    plans = build_plans()
    d3, d4 = plans["marrakesh-2018/D3"], plans["marrakesh-2018/D4"]
    user = UserFactory()
    FocalPointFactory(user=user, country=mine)
    ReferenceCountryFactory(country=mine, item=d3, start_date=TODAY - DAY, end_date=None)
    ReferenceCountryFactory(country=mine, item=d4, start_date=TODAY - 400 * DAY, end_date=TODAY)
    roles = roles_of(user)
    assert roles.reference_country
    assert roles.follows_item(d3.pk)
    assert not roles.follows_item(d4.pk)  # its period ended today (the end is exclusive)
    # Another country's focal point does not follow D3.
    stranger = UserFactory()
    FocalPointFactory(user=stranger, country=_other)
    assert not roles_of(stranger).follows_item(d3.pk)


def test_chair_and_steering_committee_from_groups_or_governance(countries):
    mine, _other = countries
    assert roles_of(UserFactory(role="Chair")).chair
    assert roles_of(UserFactory(role="Steering Committee")).steering_committee
    user = UserFactory()
    FocalPointFactory(user=user, country=mine)
    GovernanceRoleFactory(
        kind=GovernanceRoleKind.STEERING_COMMITTEE, country=mine, start_date=None, end_date=None
    )
    roles = roles_of(user)
    assert roles.steering_committee and not roles.chair


def test_secretariat_and_administrator():
    assert roles_of(UserFactory(role="Secretariat")).staff
    admin = roles_of(UserFactory(superuser=True))
    assert admin.admin and admin.staff
    assert not roles_of(UserFactory(public=True)).partner


def test_an_inactive_account_has_no_role():
    user = UserFactory(role="Secretariat", is_active=False)
    assert not roles_of(user).authenticated


def test_my_account_shows_roles_partners_domains_and_two_factor(countries):
    mine, _other = countries
    plans = build_plans()
    user = UserFactory(role="Focal points")
    FocalPointFactory(user=user, country=mine)
    ReferenceCountryFactory(country=mine, item=plans["marrakesh-2018/D3"], start_date=None)
    page = signed_in_client(user).get("/account/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Focal point" in text and "Reference country" in text
    assert "Maliland" in text
    assert "Protection and asylum" in text
    assert "Set up two-factor authentication" in text
    summary = page.context["summary"]
    assert not summary.two_factor_required and not summary.two_factor_enabled


def test_my_account_says_two_factor_is_required_for_the_secretariat():
    page = signed_in_client(UserFactory(role="Secretariat")).get("/account/")
    assert page.context["summary"].two_factor_required
    assert page.context["summary"].two_factor_enabled
    assert "required for your role" in page.content.decode()


def test_my_account_needs_a_sign_in():
    from django.test import Client

    response = Client().get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_secretariat_gives_a_role_in_the_admin():
    from django.contrib.auth.models import Group

    Group.objects.get_or_create(name="Chair")
    target = UserFactory()
    admin_client = signed_in_client(UserFactory(superuser=True))
    response = admin_client.post(
        "/admin/auth/user/", {"action": "add_role_chair", "_selected_action": [target.pk]}
    )
    assert response.status_code == 302
    assert roles_of(type(target).objects.get(pk=target.pk)).chair
