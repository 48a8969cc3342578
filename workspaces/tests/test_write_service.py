"""The workspace's one write path (``workspaces.services.WorkspaceRecordWrites``): the page,
the API and the admin write reports and themes through the same service, with the same
refusals (issue 13: F4's owner fields, F10's version)."""

import pytest
from django.urls import reverse

from core.tests.factories import UserFactory
from partners.tests.factories import FocalPointFactory
from workflows.writes import OWNER_IMMUTABLE
from workspaces.models import ReferenceCountryReport, Theme
from workspaces.services import NOT_YOUR_ASSIGNMENT

from .conftest import client_for

pytestmark = pytest.mark.django_db

KW = {"framework": "marrakesh-2018", "code": "D3"}
THEMES = "/api/reference-country-themes/"
REPORTS = "/api/reference-country-reports/"


def url(name, **extra):
    return reverse(f"workspaces:{name}", kwargs={**KW, **extra})


@pytest.fixture
def two_country_client(plans):
    """A focal point of both reference countries of D3 (Switzerland and Chad)."""
    user = UserFactory(role="Focal points")
    FocalPointFactory(country=plans.switzerland, user=user)
    FocalPointFactory(country=plans.chad, user=user)
    return client_for(user)


def theme_form(theme, **values):
    data = {
        "assignment": theme.assignment_id,
        "title": theme.title,
        "description": theme.description,
        "date": theme.date.isoformat(),
        "version": theme.version,
    }
    data.update(values)
    return data


def test_F10_patch_without_version_is_400_for_themes(plans, swiss_client):
    theme = Theme.objects.create(assignment=plans.ch_d3, title="Asylum")
    response = swiss_client.patch(
        f"{THEMES}{theme.pk}/", {"title": "Hijacked"}, content_type="application/json"
    )
    assert response.status_code == 400 and "version" in response.json()
    theme.refresh_from_db()
    assert (theme.title, theme.version) == ("Asylum", 1)


def test_F10_patch_without_version_is_400_for_reports(plans, swiss_client):
    report = ReferenceCountryReport.objects.create(
        assignment=plans.ch_d3, kind="roadmap", title="Roadmap", text="Plan"
    )
    response = swiss_client.patch(
        f"{REPORTS}{report.pk}/", {"title": "Changed"}, content_type="application/json"
    )
    assert response.status_code == 400 and "version" in response.json()
    report.refresh_from_db()
    assert (report.title, report.version) == ("Roadmap", 1)


def test_F4_reference_country_cannot_move_its_theme_to_another_reference_country_api(
    plans, two_country_client
):
    theme = Theme.objects.create(assignment=plans.ch_d3, title="Asylum")
    response = two_country_client.patch(
        f"{THEMES}{theme.pk}/",
        {"assignment": plans.td_d3.pk, "version": theme.version},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"assignment": [str(OWNER_IMMUTABLE)]}
    theme.refresh_from_db()
    assert (theme.assignment, theme.version) == (plans.ch_d3, 1)


def test_F4_reference_country_cannot_move_its_report_to_another_reference_country_page(
    plans, two_country_client
):
    report = ReferenceCountryReport.objects.create(
        assignment=plans.ch_d3, kind="roadmap", title="Roadmap", text="Plan"
    )
    response = two_country_client.post(
        url("report-edit", pk=report.pk),
        {
            "assignment": plans.td_d3.pk,
            "kind": "roadmap",
            "title": "Roadmap",
            "date": report.date.isoformat(),
            "text": "Plan",
            "version": report.version,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["assignment"] == [str(OWNER_IMMUTABLE)]
    report.refresh_from_db()
    assert (report.assignment, report.version) == (plans.ch_d3, 1)


def test_the_secretariat_moves_a_theme_to_another_reference_country(plans, staff_client):
    theme = Theme.objects.create(assignment=plans.ch_d3, title="Asylum")
    response = staff_client.post(
        url("theme-edit", pk=theme.pk), theme_form(theme, assignment=plans.td_d3.pk)
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert (theme.assignment, theme.version) == (plans.td_d3, 2)


def test_page_and_api_give_the_same_refusal_for_a_move_and_for_writing_for_another(
    plans, swiss_client
):
    theme = Theme.objects.create(assignment=plans.ch_d3, title="Asylum")
    # Moving its theme to Chad (Switzerland does not act for Chad).
    page = swiss_client.post(
        url("theme-edit", pk=theme.pk), theme_form(theme, assignment=plans.td_d3.pk)
    )
    api = swiss_client.patch(
        f"{THEMES}{theme.pk}/",
        {"assignment": plans.td_d3.pk, "version": theme.version},
        content_type="application/json",
    )
    assert page.status_code == 200 and api.status_code == 400
    assert page.context["form"].errors["assignment"] == api.json()["assignment"]
    assert api.json()["assignment"] == [str(OWNER_IMMUTABLE)]
    # A new theme on behalf of Chad.
    new = {"assignment": plans.td_d3.pk, "title": "Not mine", "date": "2021-01-01"}
    page = swiss_client.post(url("theme-create"), new)
    api = swiss_client.post(THEMES, new, content_type="application/json")
    assert page.status_code == 200 and api.status_code == 400
    assert page.context["form"].errors["assignment"] == api.json()["assignment"]
    assert api.json()["assignment"] == [str(NOT_YOUR_ASSIGNMENT)]
    assert Theme.objects.get().assignment == plans.ch_d3


def test_page_and_api_give_the_same_refusal_for_a_report_without_document_or_text(
    plans, swiss_client
):
    data = {"assignment": plans.ch_d3.pk, "kind": "roadmap", "title": "Empty", "date": "2019-06-01"}
    page = swiss_client.post(url("report-create"), data)
    api = swiss_client.post(REPORTS, data, content_type="application/json")
    assert page.status_code == 200 and api.status_code == 400
    message = "Attach a document or write the text (or both)."
    assert page.context["form"].non_field_errors() == [message]
    assert api.json() == {"non_field_errors": [message]}
    assert not ReferenceCountryReport.objects.exists()


def test_admin_save_goes_through_the_service(plans, admin_client, superuser):
    admin_user = superuser
    # A new report from the admin: its author and its history name the writer.
    response = admin_client.post(
        reverse("admin:workspaces_referencecountryreport_add"),
        {"assignment": plans.ch_d3.pk, "kind": "roadmap", "title": "Roadmap",
         "date": "2019-06-01", "text": "Plan"},
    )  # fmt: skip
    assert response.status_code == 302
    report = ReferenceCountryReport.objects.get()
    assert report.created_by == admin_user
    assert report.history.get().history_user == admin_user
    # A change with the version read: the version rises and the history names the writer.
    change = reverse("admin:workspaces_referencecountryreport_change", args=[report.pk])
    data = {"assignment": plans.ch_d3.pk, "kind": "roadmap", "title": "Roadmap 2019",
            "date": "2019-06-01", "text": "Plan", "expected_version": 1}  # fmt: skip
    assert admin_client.post(change, data).status_code == 302
    report.refresh_from_db()
    assert (report.title, report.version) == ("Roadmap 2019", 2)
    assert report.history.first().history_user == admin_user
    # A stale version is a conflict: nothing written.
    response = admin_client.post(change, {**data, "title": "Stale", "expected_version": 1})
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    report.refresh_from_db()
    assert (report.title, report.version) == ("Roadmap 2019", 2)
    # The model's rule, with the page's and the API's message.
    response = admin_client.post(change, {**data, "text": "", "expected_version": 2})
    assert "Attach a document or write the text (or both)." in response.content.decode()
    report.refresh_from_db()
    assert report.text == "Plan"
