"""Authorisation matrix of recommendation follow-up (see core/authz.py).

Assumes ``world.country`` (focal_point's partner); the follow-up used below is owned by it.
"""

from core.authz import EVERYONE, STAFF, Case

OWNER_AND_STAFF = frozenset({"focal_point"}) | STAFF


def setup(world):
    from followup.models import FollowUp, FollowUpEntry
    from frameworks.tests.factories import FrameworkItemFactory
    from meetings.tests.factories import MeetingFactory, RecommendationFactory

    world.fu_item = FrameworkItemFactory(kind="action", code="FU1", number="902")
    world.fu_meeting = MeetingFactory(slug="2021-06-follow-up-som")
    recommendation = RecommendationFactory(
        meeting=world.fu_meeting, framework_items=[world.fu_item]
    )
    world.fu = FollowUp.objects.get(recommendation=recommendation)
    FollowUp.objects.filter(pk=world.fu.pk).update(owner_country=world.country)
    world.fu_entry = FollowUpEntry.objects.create(
        follow_up=world.fu, date=world.fu_meeting.start_date, text="Network created"
    )


def follow_up(world):
    return {"pk": world.fu.pk}


def version(world) -> int:
    from followup.models import FollowUp

    return FollowUp.objects.get(pk=world.fu.pk).version


CASES = [
    Case("followup:list", "list", EVERYONE),
    Case("followup:list", "export", EVERYONE, query="?export=json"),
    Case("followup:stale", "list", STAFF),
    Case("followup:meeting", "view", EVERYONE, kwargs=lambda w: {"slug": w.fu_meeting.slug}),
    Case("followup:item", "view", EVERYONE, kwargs=lambda w: {"uid": w.fu_item.uid}),
    Case("followup:detail", "view", EVERYONE, kwargs=follow_up),
    Case("followup:edit", "change", OWNER_AND_STAFF, kwargs=follow_up),
    Case("followup:edit", "change", OWNER_AND_STAFF, kwargs=follow_up, method="POST",
         data=lambda w: {"status": "in_progress", "version": version(w)}),
    Case("followup:entry", "create", OWNER_AND_STAFF, kwargs=follow_up),
    Case("followup:entry", "create", OWNER_AND_STAFF, kwargs=follow_up, method="POST",
         data=lambda w: {"date": "2024-01-10", "text": "Terms of reference adopted"}),
    Case("api:follow-up-list", "list", EVERYONE),
    Case("api:follow-up-list", "export", EVERYONE, query="?format=csv"),
    Case("api:follow-up-detail", "view", EVERYONE, kwargs=follow_up),
    Case("api:follow-up-detail", "change", OWNER_AND_STAFF, kwargs=follow_up, method="PATCH",
         data=lambda w: {"status": "in_progress", "version": version(w)},
         content_type="application/json"),
    Case("api:follow-up-entry-list", "list", EVERYONE),
    Case("api:follow-up-entry-list", "create", OWNER_AND_STAFF, method="POST",
         data=lambda w: {"follow_up": w.fu.pk, "text": "Terms of reference adopted"},
         content_type="application/json"),
    Case("api:follow-up-entry-detail", "view", EVERYONE, kwargs=lambda w: {"pk": w.fu_entry.pk}),
]  # fmt: skip
