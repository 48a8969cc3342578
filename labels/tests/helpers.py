"""Shared helpers of the labelling tests."""

from django.test import Client
from django.urls import reverse


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def form_data(lab, **overrides) -> dict:
    """The application form as a browser would post it (one linked action)."""
    data = {
        "title": "Regional workshop on return and reintegration",
        "kind": "event",
        "description": "Two days of exchanges between practitioners.",
        "lead_country": lab.country.pk,
        "funders": "France",
        "start_date": "2026-03-10",
        "end_date": "2026-03-11",
        "format": "in_person",
        "city": "Dakar",
        "place_country": lab.country.pk,
        "expected_results": "A network of contact points on return.",
        "contact_name": "Awa Diop",
        "contact_email": "awa.diop@example.org",
        "links-TOTAL_FORMS": "3",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "30",
        "links-0-item": lab.action1.pk,
        "links-0-justification": "The workshop builds the network this action calls for.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def step(client, application, name, reason="", version=None):
    url = reverse("labels:transition", kwargs={"pk": application.pk, "transition": name})
    application.refresh_from_db()
    return client.post(
        url,
        {"reason": reason, "version": application.version if version is None else version},
        follow=True,
    )
