"""Label applications have one write path, ``labels.services.LabelApplicationWrites``: the
pages, the API and the admin give the same result, or the same refusal, for the same input
(issue 13, point 1 and F4: the lead partner is an owner field)."""

import datetime

import pytest
from django.urls import reverse

from labels.models import LabelApplication
from labels.services import Link, application_create
from labels.tests.conftest import focal_point_of
from labels.tests.helpers import client_for, form_data
from labels.tests.test_api import LIST
from partners.tests.factories import FocalPointFactory
from workflows.writes import OWNER_IMMUTABLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_partner_applicant(lab):
    """A focal point of both Senegal and Niger."""
    user = focal_point_of(lab.country, username="two-partners")
    FocalPointFactory(country=lab.other_country, user=user, start_date=datetime.date(2020, 1, 1))
    return user


def edit_data(lab, application, **overrides):
    return form_data(lab, title=application.title, version=application.version, **overrides)


def test_F4_applicant_cannot_move_its_application_to_another_partner_api(
    lab, make_application, two_partner_applicant
):
    application = make_application()
    response = client_for(two_partner_applicant).patch(
        f"{LIST}{application.pk}/",
        {"lead_country": lab.other_country.iso2, "version": application.version},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"lead_country": [str(OWNER_IMMUTABLE)]}
    application.refresh_from_db()
    assert (application.lead_country, application.version) == (lab.country, 1)


def test_F4_applicant_cannot_move_its_application_to_another_partner_page(
    lab, make_application, two_partner_applicant
):
    application = make_application()
    response = client_for(two_partner_applicant).post(
        reverse("labels:edit", kwargs={"pk": application.pk}),
        edit_data(lab, application, lead_country=lab.other_country.pk),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["lead_country"] == [str(OWNER_IMMUTABLE)]
    application.refresh_from_db()
    assert (application.lead_country, application.version) == (lab.country, 1)


def test_page_and_api_give_the_same_refusal_for_a_move_to_another_partner(lab, make_application):
    application = make_application()
    client = client_for(lab.applicant)  # Senegal's focal point; Niger is not its partner
    page = client.post(
        reverse("labels:edit", kwargs={"pk": application.pk}),
        edit_data(lab, application, lead_country=lab.other_country.pk),
    )
    api = client.patch(
        f"{LIST}{application.pk}/",
        {"lead_country": lab.other_country.iso2, "version": application.version},
        content_type="application/json",
    )
    assert page.status_code == api.status_code == 400
    assert page.context["form"].errors["lead_country"] == api.json()["lead_country"]
    assert api.json()["lead_country"] == [str(OWNER_IMMUTABLE)]
    application.refresh_from_db()
    assert (application.lead_country, application.version) == (lab.country, 1)


def test_page_and_api_give_the_same_refusal_for_an_application_for_another_partner(lab):
    client = client_for(lab.applicant)
    page = client.post(reverse("labels:create"), form_data(lab, lead_country=lab.other_country.pk))
    api = client.post(
        LIST,
        {
            "title": "Workshop", "kind": "event", "description": "Two days.",
            "lead_country": lab.other_country.iso2, "funders": "France",
            "start_date": "2026-03-10", "end_date": "2026-03-11", "city": "Dakar",
            "actions": [{"action": lab.action1.uid, "justification": "The network."}],
            "expected_results": "A network.", "contact_name": "Awa Diop",
            "contact_email": "awa.diop@example.org",
        },
        content_type="application/json",
    )  # fmt: skip
    assert page.status_code == api.status_code == 403
    assert api.json()["detail"] == "You may apply only for a partner you are a focal point of."
    assert not LabelApplication.objects.exists()


def test_page_and_api_give_the_same_refusal_for_an_unjustified_action(lab):
    client = client_for(lab.applicant)
    page = client.post(reverse("labels:create"), form_data(lab, **{"links-0-justification": ""}))
    api = client.post(
        LIST,
        {
            "title": "Workshop", "kind": "event", "description": "Two days.",
            "lead_country": lab.country.iso2, "funders": "France",
            "start_date": "2026-03-10", "end_date": "2026-03-11", "city": "Dakar",
            "actions": [{"action": lab.action1.uid, "justification": " "}],
            "expected_results": "A network.", "contact_name": "Awa Diop",
            "contact_email": "awa.diop@example.org",
        },
        content_type="application/json",
    )  # fmt: skip
    assert page.status_code == api.status_code == 400
    message = "Say how the activity contributes to “cadiz-2022/A1”."
    assert page.context["formset"].non_form_errors() == [message]
    assert api.json() == {"actions": [message]}
    assert not LabelApplication.objects.exists()


def test_the_secretariat_moves_an_application_to_another_partner(lab, make_application):
    application = make_application()
    response = client_for(lab.secretariat).patch(
        f"{LIST}{application.pk}/",
        {"lead_country": lab.other_country.iso2, "version": application.version},
        content_type="application/json",
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert (application.lead_country, application.version) == (lab.other_country, 2)


def admin_data(lab, **overrides):
    data = {
        "title": "Workshop", "kind": "event", "description": "Two days.",
        "lead_country": lab.country.pk, "funders": "France", "start_date": "2026-03-10",
        "end_date": "2026-03-11", "format": "in_person", "city": "Dakar",
        "expected_results": "A network.", "contact_name": "Awa Diop",
        "contact_email": "awa.diop@example.org",
        "links-TOTAL_FORMS": "0", "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0", "links-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_admin_save_goes_through_the_service(lab, superuser):
    admin = client_for(superuser)
    # An application is made with its actions on its page or through the API: the admin has
    # no add page, it reads and corrects applications.
    response = admin.post(reverse("admin:labels_labelapplication_add"), admin_data(lab))
    assert response.status_code == 403
    assert not LabelApplication.objects.exists()
    from django.utils.dateparse import parse_date

    fields = {k: v for k, v in admin_data(lab).items() if not k.startswith("links-")}
    fields["lead_country"] = lab.country
    for name in ("start_date", "end_date"):
        fields[name] = parse_date(fields[name])
    link = Link(item=lab.action1, justification="The workshop builds the network.")
    application = application_create(by=superuser, data=fields, links=[link])
    assert application.created_by == superuser
    assert application.history.get().history_user == superuser
    change = reverse("admin:labels_labelapplication_change", args=[application.pk])
    data = admin_data(lab, title="Workshop in Dakar", expected_version=1)
    assert admin.post(change, data).status_code == 302
    application.refresh_from_db()
    assert (application.title, application.version) == ("Workshop in Dakar", 2)
    assert application.history.first().history_user == superuser
    # A stale version is a conflict; nothing is written.
    response = admin.post(change, {**data, "title": "Stale", "expected_version": 1})
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    application.refresh_from_db()
    assert (application.title, application.version) == ("Workshop in Dakar", 2)
    # The model's rule, with the page's message.
    response = admin.post(change, {**data, "end_date": "2026-03-01", "expected_version": 2})
    assert "The end date is before the start date." in response.content.decode()
    application.refresh_from_db()
    assert application.end_date == datetime.date(2026, 3, 11)
