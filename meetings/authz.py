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
    from meetings.models import Participation

    world.participation = Participation.objects.create(
        meeting=world.meeting, country=world.country, source="The matrix meeting's list."
    )


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


# ---- the write battery (core.writebattery; core/tests/test_write_battery.py) ------------------
OUAGADOUGOU = "2019-02-ouagadougou-senior-officials-meeting"


def _writes():
    import datetime

    from core.writebattery import WriteCase, country, item, meeting

    return [
        WriteCase(
            "meetings.Meeting",
            values=lambda w: {
                "slug": "2026-03-lisbon-thematic-meeting-legal-migration",
                "kind": "thematic_meeting",
                "title_en": "Thematic meeting on legal migration and mobility",
                "title_fr": "Réunion thématique sur la migration légale et la mobilité",
                "start_date": datetime.date(2026, 3, 10),
                "end_date": datetime.date(2026, 3, 11),
                "date_precision": "day",
                "status": "planned",
                "venue": "Palácio das Necessidades",
                "city": "Lisbon",
                "country": country("PT"),
                "format": "hybrid",
                "description_en": "Co-chaired by Portugal and Cabo Verde.",
                "participants_count": 95,
                "partner_countries_count": 22,
                "organisations_count": 48,
                "local_authorities_count": 7,
                "participating_countries": [country("PT"), country("CV"), country("SN")],
                "framework_items": [item("cadiz-2022/D2")],
            },
            changes=lambda w: {
                "participants_count": 120,
                "status": "held",
                "framework_items": [item("marrakesh-2018/D4")],
            },
            record=lambda w: meeting(OUAGADOUGOU),
        ),  # fmt: skip
        WriteCase(
            "meetings.Recommendation",
            values=lambda w: {
                "meeting": meeting(OUAGADOUGOU),
                "parent": None,
                "number": "99",
                "order": 99,
                "heading_en": "Return and reintegration",
                "text_en": "Create a network of contact points on return initiatives.",
                "addressee": "partners",
                "framework_items": [item("marrakesh-2018/D5")],
            },
            changes=lambda w: {"text_fr": "Créer un réseau de points de contact sur le retour."},
            record=lambda w: w.recommendation,
        ),  # fmt: skip
        WriteCase(
            "meetings.Speaker",
            values=lambda w: {
                "meeting": meeting(OUAGADOUGOU),
                "person": w.person,
                "role": "rapporteur",
                "session": None,
                "title_at_meeting": "Director of Migration",
                "order": 5,
            },
            changes=lambda w: {"title_at_meeting": "Director-General", "order": 2},
            record=lambda w: w.speaker,
        ),  # fmt: skip
        WriteCase(
            "meetings.Session",
            values=lambda w: {
                "meeting": meeting(OUAGADOUGOU),
                "order": 9,
                "kind": "working_group",
                "title_en": "Working group on legal migration",
                "title_fr": "Groupe de travail sur la migration légale",
                "summary_en": "Partners shared their mobility schemes.",
            },
            changes=lambda w: {"summary_en": "Partners shared schemes (revised).", "order": 8},
            record=lambda w: w.session,
        ),  # fmt: skip
        WriteCase(
            "meetings.Participation",
            values=lambda w: {
                "meeting": meeting(OUAGADOUGOU),
                "country": country("BF"),
                "organisation": None,
                "delegation_size": 3,
                "source": "List of participants, Senior Officials' Meeting, Ouagadougou, 2019",
            },
            changes=lambda w: {"delegation_size": 4},
            record=lambda w: meeting(OUAGADOUGOU).participations.get(country__iso2="NE"),
        ),  # fmt: skip
    ]


def battery_setup(world):
    from core.writebattery import country, meeting
    from meetings.models import Participation

    Participation.objects.create(
        meeting=meeting(OUAGADOUGOU), country=country("NE"), delegation_size=2,
        source="List of participants, Senior Officials' Meeting, Ouagadougou, 2019",
    )  # fmt: skip


WRITES = _writes()
