"""Labelled activities count under their actions in the framework browser and show on the
lead country's profile; applications that are not labelled do not."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from labels.tests.helpers import client_for


@pytest.mark.django_db
def test_the_framework_browser_counts_labelled_activities_only(lab, make_application):
    make_application(state="labelled", title="Counted workshop")
    make_application(state="reported", title="Reported workshop")
    make_application(state="review", title="Not yet labelled")
    from frameworks.selectors import rolled_up_counts

    _roots, nodes = rolled_up_counts(lab.current, None)
    assert nodes[lab.action1.pk].counts["labels"] == 2
    assert nodes[lab.domain.pk].counts["labels"] == 2
    assert nodes[lab.action2.pk].counts["labels"] == 0
    page = client_for(None).get(lab.action1.get_absolute_url()).content.decode()
    assert "Counted workshop" in page and "Not yet labelled" not in page
    # The item's link to the list is filtered to the item.
    listing = client_for(None).get(reverse("labels:list") + f"?framework_item={lab.domain.uid}")
    assert "Counted workshop" in listing.content.decode()


@pytest.mark.django_db
def test_the_country_profile_lists_its_labelled_activities(lab, make_application):
    make_application(state="labelled", title="Led by Senegal")
    co = make_application(state="labelled", title="Co-organised with Senegal")
    co.lead_country = lab.other_country
    co.save()
    co.co_organising_countries.add(lab.country)
    make_application(state="draft", title="A Senegalese draft")
    page = client_for(None).get(lab.country.get_absolute_url()).content.decode()
    assert "Led by Senegal" in page and "Co-organised with Senegal" in page
    assert "A Senegalese draft" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["labels:list", "labels:applications"])
def test_list_pages_take_the_same_number_of_queries_for_3_or_30_rows(
    lab, make_application, url_name
):
    def queries() -> int:
        client = client_for(lab.secretariat)
        client.get(reverse(url_name))  # warm the session and caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(url_name)).status_code == 200
        return len(captured)

    for _ in range(3):
        make_application(state="labelled")
    few = queries()
    for _ in range(27):
        application = make_application(state="labelled")
        application.co_organising_countries.add(lab.other_country)
    assert queries() == few
    assert few <= 15
