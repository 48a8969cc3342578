"""Issue 14, point 4: outcomes that sources state are recorded as follow-up entries, with
their evidence, on the reference data as ``make run`` loads them.

The Malabo SOM (November 2021) noted Morocco's intention to hold the next African
Chairmanship; the Dialogue's page on the Moroccan Chairmanship records the handover at the
Cádiz ministerial conference of December 2022. The follow-up says so, cites both, and is
no longer stale; loading again changes nothing.
"""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from followup.models import FollowUp, FollowUpEntry

EVIDENCE = "https://www.rabat-process.org/en/activities/video-maroc-presidence"


@pytest.fixture
def morocco_chair(db):
    call_command("load_reference", verbosity=0)
    return FollowUp.objects.get(
        recommendation__meeting__slug__contains="malabo",
        recommendation__text_en__contains="Morocco for its intention",
    )


def test_a_stated_outcome_is_a_follow_up_entry_with_its_evidence(morocco_chair):
    assert morocco_chair.status == "implemented"
    assert str(morocco_chair.last_entry_on) == "2022-12-14"
    assert morocco_chair not in FollowUp.objects.stale()
    html = Client().get(reverse("followup:detail", args=[morocco_chair.pk])).content.decode()
    assert "Morocco took over the Chairmanship" in html
    assert EVIDENCE in html
    assert reverse("meetings:detail", args=["2022-12-cadiz-ministerial-conference"]) in html


def test_loading_the_outcomes_again_changes_nothing(morocco_chair):
    version = morocco_chair.version
    call_command("load_reference", verbosity=0)
    morocco_chair.refresh_from_db()
    assert morocco_chair.version == version
    assert FollowUpEntry.objects.filter(follow_up=morocco_chair).count() == 1
