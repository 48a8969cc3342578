from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import RestrictedQuerySet, TimeStampedModel, TranslatableMixin, TranslatedField
from partners.models import Country

from .choices import CrosswalkRelation, FrameworkKind, ItemKind


class Framework(TranslatableMixin, TimeStampedModel):
    """A strategic framework the partners committed to: an action plan, the JVAP, the GCM.

    Frameworks are versioned data: a new plan is a new framework; old activities keep
    pointing at the items of the plan they served.
    """

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_fr = models.CharField(_("name (French)"), max_length=255, blank=True)
    short_name_en = models.CharField(_("short name (English)"), max_length=120, blank=True)
    short_name_fr = models.CharField(_("short name (French)"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=FrameworkKind.choices)
    adopted_place = models.CharField(_("adopted at"), max_length=120, blank=True)
    adopted_country = models.ForeignKey(
        Country,
        verbose_name=_("adopted in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adopted_frameworks",
    )
    adopted_date = models.DateField(_("adopted on"), null=True, blank=True)
    period_start = models.PositiveSmallIntegerField(_("period from (year)"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("period until (year)"), null=True, blank=True)
    period_note = models.TextField(_("note on the period"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    source = models.TextField(_("source"), blank=True)
    history = HistoricalRecords()

    name = TranslatedField("name")
    short_name = TranslatedField("short_name")
    summary = TranslatedField("summary")
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = [F("adopted_date").desc(nulls_last=True)]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="framework_period_end_after_start",
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("frameworks:framework", kwargs={"slug": self.slug})

    @property
    def period_label(self) -> str:
        if self.period_start and self.period_end:
            return f"{self.period_start}–{self.period_end}"
        return str(self.period_start or "")


class FrameworkItemQuerySet(RestrictedQuerySet):
    def by_uid(self, uid: str):
        return self.get(uid=uid)


class FrameworkItem(TranslatableMixin, TimeStampedModel):
    """A domain, objective, action or cross-cutting priority of a framework.

    ``uid`` is the stable identifier ``<framework-slug>/<code>`` (``marrakesh-2018/D3``).
    A null title means the official wording is not known yet: it is never invented.
    """

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="items"
    )
    code = models.CharField(_("code"), max_length=12)
    uid = models.CharField(_("identifier"), max_length=60, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices)
    number = models.CharField(_("number"), max_length=8)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    title_en = models.TextField(_("title (English)"), blank=True)
    title_fr = models.TextField(_("title (French)"), blank=True)
    short_label_en = models.CharField(_("short label (English)"), max_length=120, blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    text_fr = models.TextField(_("text (French)"), blank=True)
    note = models.TextField(_("editorial note"), blank=True)
    number_inferred = models.BooleanField(_("number inferred"), default=False)
    source = models.TextField(_("source"), blank=True)
    history = HistoricalRecords()

    title = TranslatedField("title")
    text = TranslatedField("text")
    objects = FrameworkItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("framework item")
        verbose_name_plural = _("framework items")
        ordering = ["framework", "sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="frameworkitem_unique_code"),
            models.CheckConstraint(
                condition=~Q(parent=F("id")), name="frameworkitem_not_own_parent"
            ),
        ]

    def __str__(self):
        return f"{self.uid} {self.title}".strip() if self.title_en else self.uid

    def save(self, *args, **kwargs):
        self.uid = f"{self.framework.slug}/{self.code}"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("frameworks:item", kwargs={"slug": self.framework.slug, "code": self.code})

    @property
    def kind_label(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @property
    def title_known(self) -> bool:
        return bool(self.title_en or self.title_fr)

    @property
    def display_title(self) -> str:
        return self.title or str(_("Official wording not yet known"))


class Crosswalk(TimeStampedModel):
    """A link between items of two frameworks: a later plan continuing an earlier one, etc."""

    source_item = models.ForeignKey(
        FrameworkItem,
        verbose_name=_("from"),
        on_delete=models.CASCADE,
        related_name="crosswalks_out",
    )
    target_item = models.ForeignKey(
        FrameworkItem,
        verbose_name=_("to"),
        on_delete=models.CASCADE,
        related_name="crosswalks_in",
    )
    relation = models.CharField(_("relation"), max_length=12, choices=CrosswalkRelation.choices)
    note = models.TextField(_("note"), blank=True)
    source = models.TextField(_("source"), blank=True)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("crosswalk")
        verbose_name_plural = _("crosswalks")
        constraints = [
            models.UniqueConstraint(
                fields=["source_item", "target_item"], name="crosswalk_unique_pair"
            ),
            models.CheckConstraint(
                condition=~Q(source_item=F("target_item")), name="crosswalk_not_to_itself"
            ),
        ]

    def __str__(self):
        return f"{self.source_item.uid} {self.get_relation_display()} {self.target_item.uid}"


class ReferenceCountry(TimeStampedModel):
    """A partner volunteering to follow one domain of an action plan for a period."""

    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="reference_roles",
    )
    item = models.ForeignKey(
        FrameworkItem,
        verbose_name=_("domain"),
        on_delete=models.PROTECT,
        related_name="reference_countries",
    )
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    source = models.TextField(_("source"), blank=True)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("reference country")
        verbose_name_plural = _("reference countries")
        ordering = ["item__uid", "country__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["country", "item"], name="referencecountry_unique"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="referencecountry_end_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.country} — {self.item.uid}"
