"""The admin lists label applications and shows each one's history of changes."""

import pytest
from django.urls import reverse

from labels.services import application_update
from labels.tests.helpers import client_for


@pytest.mark.django_db
def test_the_admin_shows_applications_and_their_history(lab, make_application, superuser):
    application = make_application(title="Workshop in Dakar")
    application_update(
        application=application,
        by=lab.applicant,
        expected_version=1,
        data={"title": "Workshop in Dakar and Saint-Louis"},
    )
    admin = client_for(superuser)
    listing = admin.get(reverse("admin:labels_labelapplication_changelist"))
    assert "Workshop in Dakar and Saint-Louis" in listing.content.decode()
    assert (
        admin.get(
            reverse("admin:labels_labelapplication_change", args=[application.pk])
        ).status_code
        == 200
    )
    page = admin.get(reverse("admin:labels_labelapplication_history", args=[application.pk]))
    assert page.status_code == 200
    assert application.history.count() == 2
    assert [h.title for h in application.history.order_by("history_date")] == [
        "Workshop in Dakar",
        "Workshop in Dakar and Saint-Louis",
    ]
