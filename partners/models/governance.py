from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import (
    DatePrecision,
    RestrictedQuerySet,
    TimeStampedModel,
    TranslatableMixin,
    TranslatedField,
)

from ..choices import GovernanceRoleKind
from .partners import Country, Organisation, Person


class PeriodQuerySet(RestrictedQuerySet):
    def current(self, on=None):
        from django.utils import timezone

        day = on or timezone.localdate()
        return self.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=day),
            Q(end_date__isnull=True) | Q(end_date__gt=day),
        )


class Period(models.Model):
    """A start and end date, either open; the end is exclusive (the hand-over day)."""

    start_date = models.DateField(_("from"), null=True, blank=True)
    start_precision = models.CharField(
        _("precision of start"), max_length=5, choices=DatePrecision.choices, default="day"
    )
    end_date = models.DateField(_("until"), null=True, blank=True)
    end_precision = models.CharField(
        _("precision of end"), max_length=5, choices=DatePrecision.choices, default="day"
    )

    class Meta:
        abstract = True


class GovernanceRole(Period, TimeStampedModel):
    """A governance role held for a period: the Chair, Steering Committee seat, Secretariat."""

    kind = models.CharField(_("role"), max_length=30, choices=GovernanceRoleKind.choices)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="governance_roles",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="governance_roles",
    )
    note = models.TextField(_("note"), blank=True)
    source = models.TextField(_("source"), blank=True)
    history = HistoricalRecords()

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("governance role")
        verbose_name_plural = _("governance roles")
        ordering = [F("start_date").asc(nulls_first=True), "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="governancerole_end_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(country__isnull=False) & Q(organisation__isnull=True))
                | (Q(country__isnull=True) & Q(organisation__isnull=False)),
                name="governancerole_country_xor_organisation",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.holder}"

    @property
    def holder(self):
        return self.country or self.organisation


class FocalPoint(Period, TimeStampedModel):
    """A person appointed to represent a partner country or organisation in the Dialogue.

    ``user`` links the account that acts for that partner on the platform, if any.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="focal_points"
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="focal_points",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="focal_points",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="focal_points",
    )
    history = HistoricalRecords()

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        ordering = ["country__name_en", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="focalpoint_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(country__isnull=False) | Q(organisation__isnull=False),
                name="focalpoint_country_or_organisation",
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.country or self.organisation}"


class Network(TranslatableMixin, TimeStampedModel):
    """A thematic network of contact points (e.g. on return and reintegration)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_fr = models.CharField(_("name (French)"), max_length=255, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    members = models.ManyToManyField(
        Person, through="NetworkMembership", related_name="networks", blank=True
    )
    source = models.TextField(_("source"), blank=True)
    history = HistoricalRecords()

    name = TranslatedField("name")
    description = TranslatedField("description")
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("thematic network")
        verbose_name_plural = _("thematic networks")
        ordering = ["name_en"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:network", kwargs={"slug": self.slug})


class NetworkMembership(TimeStampedModel):
    """A contact point's membership of a thematic network, for a partner."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "person"], name="networkmembership_unique_person"
            )
        ]

    def __str__(self):
        return f"{self.person} in {self.network}"
