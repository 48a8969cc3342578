"""Roadmaps, reports and themes: written by the domain's reference countries and the
Secretariat only."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from documents.tests.factories import DocumentFactory
from workflows.engine import history
from workspaces.models import ReferenceCountryReport, Theme

pytestmark = pytest.mark.django_db

KW = {"framework": "marrakesh-2018", "code": "D3"}


def url(name, **extra):
    return reverse(f"workspaces:{name}", kwargs={**KW, **extra})


def test_reference_country_adds_its_roadmap(plans, swiss_client, swiss_user):
    page = swiss_client.get(url("report-create"))
    assert page.status_code == 200
    # Switzerland writes for itself only, not for its co-reference country Chad.
    offered = page.context["form"].fields["assignment"].widget.choices
    assert [value for value, _label in offered if value] == [plans.ch_d3.pk]
    response = swiss_client.post(
        url("report-create"),
        {
            "assignment": plans.ch_d3.pk,
            "kind": "roadmap",
            "title": "Roadmap 2019-2020",
            "date": "2019-06-01",
            "text": "Two workshops <b>on</b> asylum.",
        },
    )
    report = ReferenceCountryReport.objects.get()
    assert response.status_code == 302 and report.created_by == swiss_user
    html = Client().get(url("workspace")).content.decode()
    assert "Roadmap 2019-2020" in html and "Two workshops &lt;b&gt;on&lt;/b&gt; asylum." in html


def test_a_report_needs_a_document_or_a_text(plans, swiss_client):
    response = swiss_client.post(
        url("report-create"),
        {"assignment": plans.ch_d3.pk, "kind": "roadmap", "title": "Empty", "date": "2019-06-01"},
    )
    assert response.status_code == 200 and "Attach a document or write the text" in (
        response.content.decode()
    )
    assert not ReferenceCountryReport.objects.exists()


def test_a_reference_country_cannot_write_for_another(plans, swiss_client):
    response = swiss_client.post(
        url("report-create"),
        {
            "assignment": plans.td_d3.pk,
            "kind": "roadmap",
            "title": "X",
            "text": "Y",
            "date": "2019-06-01",
        },
    )
    assert response.status_code == 200 and not ReferenceCountryReport.objects.exists()


def test_another_domains_reference_country_gets_404(plans, niger_client):
    report = ReferenceCountryReport.objects.create(
        assignment=plans.ch_d3, kind="roadmap", title="Roadmap", text="Plan"
    )
    theme = Theme.objects.create(assignment=plans.ch_d3, title="Asylum")
    assert niger_client.get(url("report-create")).status_code == 404
    assert niger_client.get(url("report-edit", pk=report.pk)).status_code == 404
    assert niger_client.get(url("theme-create")).status_code == 404
    assert niger_client.get(url("theme-edit", pk=theme.pk)).status_code == 404
    # Niger's own domain is open to it.
    d4 = reverse("workspaces:report-create", kwargs={"framework": "marrakesh-2018", "code": "D4"})
    assert niger_client.get(d4).status_code == 200
    # And the report of D3 is not editable through D4's address.
    d4_edit = reverse(
        "workspaces:report-edit",
        kwargs={"framework": "marrakesh-2018", "code": "D4", "pk": report.pk},
    )
    assert niger_client.get(d4_edit).status_code == 404


def test_the_workspace_offers_edit_links_only_to_its_editors(plans, swiss_client, niger_client):
    Theme.objects.create(assignment=plans.ch_d3, title="Asylum")
    assert "Propose a theme" in swiss_client.get(url("workspace")).content.decode()
    assert "Propose a theme" not in niger_client.get(url("workspace")).content.decode()
    assert "Propose a theme" not in Client().get(url("workspace")).content.decode()


def test_secretariat_edits_with_version_check(plans, staff_client):
    report = ReferenceCountryReport.objects.create(
        assignment=plans.td_d3, kind="final_report", title="Final report", text="Done."
    )
    data = {
        "assignment": plans.td_d3.pk,
        "kind": "final_report",
        "title": "Final report 2022",
        "date": "2022-12-01",
        "text": "Done.",
        "version": report.version,
    }
    ReferenceCountryReport.objects.filter(pk=report.pk).update(version=report.version + 1)
    stale = staff_client.post(url("report-edit", pk=report.pk), data)
    assert "Someone else changed this record" in stale.content.decode()
    report.refresh_from_db()
    assert report.title == "Final report"
    data["version"] = report.version
    assert staff_client.post(url("report-edit", pk=report.pk), data).status_code == 302
    report.refresh_from_db()
    assert report.title == "Final report 2022" and report.history.count() == 2


def test_partners_only_document_can_be_attached_by_partners(plans, swiss_client):
    document = DocumentFactory(partners_only=True)
    swiss_client.post(
        url("report-create"),
        {
            "assignment": plans.ch_d3.pk,
            "kind": "final_report",
            "title": "Final report",
            "date": "2022-12-01",
            "document": document.pk,
        },
    )
    report = ReferenceCountryReport.objects.get()
    assert report.document == document
    public = Client().get(f"/api/reference-country-reports/{report.pk}/").json()
    assert public["document"] is None
    assert swiss_client.get(f"/api/reference-country-reports/{report.pk}/").json()["document"] == (
        document.slug
    )


def test_theme_workflow_retain_then_address_notifies_the_reference_country(
    plans, swiss_client, swiss_user, staff_client, django_capture_on_commit_callbacks
):
    swiss_client.post(
        url("theme-create"),
        {"assignment": plans.ch_d3.pk, "title": "Protection at sea", "date": "2020-02-01"},
    )
    theme = Theme.objects.get()
    assert theme.state == "proposed"
    step = lambda name: reverse(  # noqa: E731
        "workspaces:theme-transition", kwargs={"pk": theme.pk, "transition": name}
    )
    # The reference country cannot retain its own theme.
    assert swiss_client.post(step("retain"), {"version": theme.version}).status_code == 404
    theme.refresh_from_db()
    assert theme.state == "proposed"
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(step("retain"), {"version": theme.version})
    theme.refresh_from_db()
    assert theme.state == "retained"
    assert [m.to for m in mail.outbox] == [[swiss_user.email]]
    assert "Protection at sea" in mail.outbox[0].subject
    staff_client.post(step("address"), {"version": theme.version})
    theme.refresh_from_db()
    assert theme.state == "addressed"
    assert [s.transition for s in history(theme)] == ["retain", "address"]


def test_declining_needs_a_reason_and_outsiders_get_404(plans, staff_client, niger_client):
    theme = Theme.objects.create(assignment=plans.ch_d3, title="Asylum")
    step = reverse("workspaces:theme-transition", kwargs={"pk": theme.pk, "transition": "decline"})
    staff_client.post(step, {"version": theme.version, "reason": ""})
    theme.refresh_from_db()
    assert theme.state == "proposed"
    assert niger_client.post(step, {"version": theme.version, "reason": "no"}).status_code == 404
    staff_client.post(step, {"version": theme.version, "reason": "Covered by Domain 4."})
    theme.refresh_from_db()
    assert theme.state == "not_retained"


def test_api_reads_and_writes(plans, swiss_client, niger_client):
    created = swiss_client.post(
        "/api/reference-country-themes/",
        {"assignment": plans.ch_d3.pk, "title": "Resettlement", "date": "2021-01-01"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    theme_id = created.json()["id"]
    assert created.json()["domain"] == "marrakesh-2018/D3" and created.json()["country"] == "CH"
    listing = Client().get("/api/reference-country-themes/?domain=marrakesh-2018/D3").json()
    assert [row["title"] for row in listing["results"]] == ["Resettlement"]
    refused = niger_client.post(
        "/api/reference-country-themes/",
        {"assignment": plans.ch_d3.pk, "title": "Not mine", "date": "2021-01-01"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert (
        niger_client.patch(
            f"/api/reference-country-themes/{theme_id}/",
            {"title": "Hijacked", "version": 1},
            content_type="application/json",
        ).status_code
        == 404
    )
    stale = swiss_client.patch(
        f"/api/reference-country-themes/{theme_id}/",
        {"title": "Resettlement and pathways", "version": 0},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert Theme.objects.get().title == "Resettlement"
    withdrawn = swiss_client.post(
        f"/api/reference-country-themes/{theme_id}/transition/",
        {"transition": "withdraw", "reason": "Merged", "version": 1},
        content_type="application/json",
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"
    assert (
        Client()
        .post(
            "/api/reference-country-reports/",
            {"assignment": plans.ch_d3.pk, "kind": "roadmap", "title": "X", "text": "Y"},
            content_type="application/json",
        )
        .status_code
        == 404
    )
