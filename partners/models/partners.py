from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import RestrictedQuerySet, TimeStampedModel, TranslatableMixin, TranslatedField

from ..choices import (
    CURRENT_STATUSES,
    Continent,
    CountryStatus,
    OrganisationKind,
    Region,
    Standing,
)


class CountryQuerySet(RestrictedQuerySet):
    def current(self):
        return self.filter(status__in=CURRENT_STATUSES)


class Country(TranslatableMixin, TimeStampedModel):
    """A state taking part in the Dialogue (partner or observer), or that once did."""

    iso2 = models.CharField(_("ISO 3166-1 alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO 3166-1 alpha-3"), max_length=3, blank=True)
    numeric = models.CharField(_("ISO 3166-1 numeric"), max_length=3, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120, blank=True)
    continent = models.CharField(_("continent"), max_length=10, choices=Continent.choices)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    status = models.CharField(_("status"), max_length=40, choices=CountryStatus.choices)
    note = models.TextField(_("note"), blank=True)
    source = models.TextField(_("source"), blank=True)
    history = HistoricalRecords()

    name = TranslatedField("name")
    objects = CountryQuerySet.as_manager()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name_en"]
        constraints = [
            models.CheckConstraint(
                condition=Q(iso2__regex=r"^[A-Z]{2}$"), name="country_iso2_format"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:country", kwargs={"iso2": self.iso2})

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT_STATUSES


class Organisation(TranslatableMixin, TimeStampedModel):
    """An organisation in the Dialogue: partner (EU, ECOWAS), observer or implementer."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_fr = models.CharField(_("name (French)"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=OrganisationKind.choices)
    standing = models.CharField(_("standing"), max_length=30, choices=Standing.choices)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    website = models.URLField(_("website"), blank=True)
    note = models.TextField(_("note"), blank=True)
    source = models.TextField(_("source"), blank=True)
    history = HistoricalRecords()

    name = TranslatedField("name")
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_en"]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("partners:organisation", kwargs={"slug": self.slug})

    @property
    def label(self) -> str:
        return self.acronym or self.name


class Person(TimeStampedModel):
    """Someone who acts in the Dialogue: a speaker, chair, focal point or contact point.

    Names, functions and organisations are public; e-mail and telephone are shown to
    partner accounts only.
    """

    name = models.CharField(_("name"), max_length=200)
    honorific = models.CharField(_("honorific"), max_length=30, blank=True)
    title = models.CharField(_("title or function"), max_length=400, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    organisation_name = models.CharField(
        _("organisation (as written)"),
        max_length=255,
        blank=True,
        help_text=_("Used when the organisation is not one of the registered organisations."),
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=60, blank=True)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:person", kwargs={"pk": self.pk})

    @property
    def affiliation(self) -> str:
        if self.organisation_id:
            return str(self.organisation.label)
        return self.organisation_name
