from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    MINISTERIAL_CONFERENCE = "ministerial_conference", _("Ministerial conference")
    SENIOR_OFFICIALS_MEETING = "senior_officials_meeting", _("Senior Officials' Meeting")
    STEERING_COMMITTEE = "steering_committee", _("Steering Committee")
    THEMATIC_MEETING = "thematic_meeting", _("Thematic meeting")
    TECHNICAL_WORKSHOP = "technical_workshop", _("Technical workshop")
    WEBINAR = "webinar", _("Webinar")
    TRAINING = "training", _("Training")
    STUDY_VISIT = "study_visit", _("Study visit")
    ROUNDTABLE = "roundtable", _("Roundtable")
    OTHER = "other", _("Other event")


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")
    HYBRID = "hybrid", _("Hybrid")
    UNKNOWN = "unknown", _("Not stated")


class MeetingStatus(models.TextChoices):
    HELD = "held", _("Held")
    PLANNED = "planned", _("Planned")
    POSTPONED = "postponed", _("Postponed")
    UNCONFIRMED = "unconfirmed", _("Not confirmed")


class MeetingRoleKind(models.TextChoices):
    HOST = "host", _("Host")
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-chair")
    ORGANISER = "organiser", _("Organiser")


class SessionKind(models.TextChoices):
    SESSION = "session", _("Session")
    WORKING_GROUP = "working_group", _("Working group")
    PLENARY = "plenary", _("Plenary")


class SpeakerRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co-chair", _("Co-chair")
    SPEAKER = "speaker", _("Speaker")
    EXPERT = "expert", _("Expert")
    MODERATOR = "moderator", _("Moderator")
    RAPPORTEUR = "rapporteur", _("Rapporteur")
    PARTICIPANT = "participant", _("Participant")
