"""Authorisation matrix of the meetings pages, calendar, iCalendar feed and API: public."""

from core.authz import EVERYONE, Case, api_cases, list_cases


def setup(world):
    from meetings.tests.factories import (
        MeetingFactory,
        RecommendationFactory,
        SessionFactory,
        SpeakerFactory,
    )

    world.meeting = MeetingFactory(slug="2024-04-matrix-thematic-meeting", country=world.country)
    world.recommendation = RecommendationFactory(meeting=world.meeting)
    world.speaker = SpeakerFactory(meeting=world.meeting, person=world.person)
    world.session = SessionFactory(meeting=world.meeting)


CASES = [
    *list_cases("meetings:list"),
    Case("meetings:calendar", "list", EVERYONE),
    Case("meetings:feed", "export", EVERYONE),
    *list_cases("meetings:recommendations"),
    Case("meetings:detail", "view", EVERYONE, lambda w: {"slug": w.meeting.slug}),
    *api_cases("meeting", lambda w: {"slug": w.meeting.slug}),
    *api_cases("recommendation", lambda w: {"pk": w.recommendation.pk}),
    *api_cases("speaker", lambda w: {"pk": w.speaker.pk}),
]
