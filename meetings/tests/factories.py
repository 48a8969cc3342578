"""Meetings, their roles, sessions, speakers and recommendations for tests."""

import datetime

import factory

from meetings.choices import MeetingFormat, MeetingKind, MeetingRoleKind, SpeakerRole
from meetings.models import Meeting, MeetingRole, Recommendation, Session, Speaker
from partners.tests.factories import CountryFactory, PersonFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    slug = factory.Sequence(lambda n: f"2014-04-city{n}-thematic-meeting")
    kind = MeetingKind.THEMATIC_MEETING
    title_en = factory.Sequence(lambda n: f"Thematic meeting on legal migration {n}")
    title_fr = factory.Sequence(lambda n: f"Réunion thématique sur la migration légale {n}")
    start_date = datetime.date(2014, 4, 24)
    end_date = factory.LazyAttribute(lambda m: m.start_date + datetime.timedelta(days=1))
    city = "Paris"
    country = factory.SubFactory(CountryFactory)
    format = MeetingFormat.IN_PERSON
    description_en = "Exchanges on legal migration and mobility."
    participants_count = 95

    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    @factory.post_generation
    def framework_items(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.framework_items.add(*extracted)


class MeetingRoleFactory(factory.django.DjangoModelFactory):
    meeting = factory.SubFactory(MeetingFactory)
    kind = MeetingRoleKind.CO_CHAIR
    country = factory.SubFactory(CountryFactory)
    organisation = None

    class Meta:
        model = MeetingRole


class SessionFactory(factory.django.DjangoModelFactory):
    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title_en = factory.Sequence(lambda n: f"Session {n}: labour migration")

    class Meta:
        model = Session


class SpeakerFactory(factory.django.DjangoModelFactory):
    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    role = SpeakerRole.SPEAKER
    title_at_meeting = "Director General"

    class Meta:
        model = Speaker


class RecommendationFactory(factory.django.DjangoModelFactory):
    meeting = factory.SubFactory(MeetingFactory)
    parent = None
    number = factory.Sequence(lambda n: str(n + 1))
    order = factory.Sequence(lambda n: n)
    text_en = factory.Sequence(lambda n: f"Create a network of contact points on return ({n}).")
    text_fr = factory.Sequence(lambda n: f"Créer un réseau de points de contact ({n}).")

    class Meta:
        model = Recommendation
        skip_postgeneration_save = True

    @factory.post_generation
    def framework_items(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.framework_items.add(*extracted)
