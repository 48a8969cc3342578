from django.db import models
from django.utils.translation import gettext_lazy as _


class Continent(models.TextChoices):
    AFRICA = "africa", _("Africa")
    EUROPE = "europe", _("Europe")


class Region(models.TextChoices):
    NORTH_AFRICA = "north_africa", _("North Africa")
    WEST_AFRICA = "west_africa", _("West Africa")
    CENTRAL_AFRICA = "central_africa", _("Central Africa")
    EAST_AFRICA = "east_africa", _("East Africa")
    SOUTHERN_AFRICA = "southern_africa", _("Southern Africa")
    EUROPE = "europe", _("Europe")


class CountryStatus(models.TextChoices):
    PARTNER = "partner", _("Partner country")
    OBSERVER = "observer", _("Observer country")
    FORMER_PARTNER = "former_partner", _("Former partner")
    OLDER_SOURCES_ONLY = "listed_in_older_sources_only", _("Listed in older sources only")


CURRENT_STATUSES = (CountryStatus.PARTNER, CountryStatus.OBSERVER)


class OrganisationKind(models.TextChoices):
    REGIONAL = "regional_organisation", _("Regional organisation")
    UN_AGENCY = "un_agency", _("UN agency")
    INTERNATIONAL = "international_organisation", _("International organisation")
    NGO = "ngo", _("Non-governmental organisation")
    GOVERNMENT = "government_agency", _("Government body")
    OTHER = "other", _("Other")


class Standing(models.TextChoices):
    PARTNER = "partner", _("Partner organisation")
    PERMANENT_OBSERVER = "permanent_observer", _("Permanent observer")
    OBSERVER = "observer", _("Observer")
    IMPLEMENTER = "implementer", _("Implementer")
    OTHER = "other", _("Other participant")


class GovernanceRoleKind(models.TextChoices):
    CHAIR = "chair", _("Chair")
    STEERING_COMMITTEE = "steering_committee", _("Steering Committee member")
    SECRETARIAT = "secretariat", _("Secretariat")
