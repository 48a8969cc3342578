"""The initiatives database and its data-collection rounds.

An initiative (project, policy, legislation, strategy) reported by a partner carries a stable
public identifier ``INI-000123``. Each round copies a country's validated initiatives into
drafts with the same identifier; when the Secretariat validates the country's submission the
drafts become the validated (public) records and the previous versions are superseded.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import (
    RestrictedQuerySet,
    TimeStampedModel,
    TranslatableMixin,
    TranslatedField,
    Visibility,
)
from core.roles import roles_of
from workflows.engine import Workflow
from workflows.models import VersionedModel

from .choices import InitiativeKind, InitiativeStatus, OrganisationRole, RecordState, RoundState

SUBMISSION_WORKFLOW = Workflow.from_file(Path(__file__).with_name("workflow.json"))
EDITABLE_SUBMISSION_STATES = ("in_progress", "returned")


class InitiativeQuerySet(RestrictedQuerySet):
    """Visibility of initiatives (the one choke point for every list, export and count).

    - everybody: validated records marked public;
    - partner roles: validated records marked partners-only as well;
    - a focal point: its own country's drafts too;
    - the Secretariat: everything, superseded versions included.

    Writes: ``monitoring.services.InitiativeWrites`` (pages, API, admin).
    """

    write_service = "monitoring.services.InitiativeWrites"

    def restrict(self, user, action: str = "view"):
        roles = roles_of(user)
        if roles.staff:
            return self
        if action != "view":
            if not roles.country_ids:
                return self.none()
            return self.filter(
                record_state=RecordState.DRAFT,
                country_id__in=roles.country_ids,
                submission__state__in=EDITABLE_SUBMISSION_STATES,
                submission__round__state=RoundState.OPEN,
            )
        visible = Q(record_state=RecordState.VALIDATED, visibility=Visibility.PUBLIC)
        if roles.sees_partner_content:
            visible |= Q(record_state=RecordState.VALIDATED)
        if roles.country_ids:
            visible |= Q(record_state=RecordState.DRAFT, country_id__in=roles.country_ids)
        return self.filter(visible)

    def public(self):
        """What an anonymous visitor sees (open-data files)."""
        return self.filter(record_state=RecordState.VALIDATED, visibility=Visibility.PUBLIC)

    def for_list(self, user):
        """Every relation a page, file or API answer shows, read in a few queries; the
        sources are those ``user`` may see (``Source.objects.restrict``): a source citing a
        partners-only document does not exist for visitors."""
        return self.select_related("country", "submission__round").prefetch_related(
            "framework_items",
            "countries__country",
            "organisations__organisation",
            "results",
            Prefetch("sources", queryset=Source.objects.restrict(user).select_related("document")),
        )


class InitiativeManager(models.Manager.from_queryset(InitiativeQuerySet)):
    """Every initiative but those an import is still writing (``RecordState.IMPORTING``):
    pages, API, files, admin, figures and related managers never see a half-written import.
    ``Initiative._base_manager`` sees them (the importer and its clean-up)."""

    def get_queryset(self):
        return super().get_queryset().exclude(record_state=RecordState.IMPORTING)


class Initiative(TranslatableMixin, VersionedModel, TimeStampedModel):
    """A project, policy, law or strategy that a partner reports as serving the Dialogue."""

    uid = models.CharField(
        _("identifier"),
        max_length=20,
        db_index=True,
        blank=True,
        help_text=_("Stable public identifier (INI-000123), kept across rounds and versions."),
    )
    country = models.ForeignKey(
        "partners.Country",
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="reported_initiatives",
        help_text=_("The partner country that reports the initiative."),
    )
    submission = models.ForeignKey(
        "monitoring.RoundSubmission",
        verbose_name=_("round submission"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
    )
    record_state = models.CharField(
        _("record state"),
        max_length=12,
        choices=RecordState.choices,
        default=RecordState.DRAFT,
        db_index=True,
        help_text=_("Only validated records are published."),
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        help_text=_("Partners-only records are never shown to the public."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=InitiativeKind.choices)
    status = models.CharField(_("status"), max_length=12, choices=InitiativeStatus.choices)
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    budget = models.DecimalField(
        _("budget"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Total budget in the currency given."),
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217 code, e.g. EUR.")
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(
        _("start year"), null=True, blank=True, editable=False, db_index=True
    )
    framework_items = models.ManyToManyField(
        "frameworks.FrameworkItem",
        verbose_name=_("framework items"),
        related_name="initiatives",
        blank=True,
        help_text=_("Items of any framework (Cádiz, Marrakesh, JVAP, GCM) the initiative serves."),
    )
    history = HistoricalRecords(excluded_fields=["start_year"])

    title = TranslatedField("title")
    description = TranslatedField("description")
    objects = InitiativeManager()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-start_date", "uid", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="initiative_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="initiative_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | ~Q(currency=""),
                name="initiative_budget_has_currency",
            ),
            models.UniqueConstraint(
                fields=["uid"],
                condition=Q(record_state="validated"),
                name="initiative_one_validated_per_uid",
            ),
            models.UniqueConstraint(
                fields=["uid", "submission"], name="initiative_once_per_submission"
            ),
        ]
        indexes = [
            models.Index(fields=["record_state", "visibility", "country"]),
            # The list's order for visitors (public) and for partners: the first page is
            # read in order, not sorted from every initiative.
            models.Index(
                fields=["record_state", "visibility", "-start_date", "uid", "id"],
                name="monitoring_ini_list_public",
            ),
            models.Index(
                fields=["record_state", "-start_date", "uid", "id"], name="monitoring_ini_list"
            ),
        ]

    def __str__(self):
        return f"{self.uid} {self.title}".strip()

    def get_absolute_url(self):
        return reverse("monitoring:initiative", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.currency:
            self.currency = self.currency.upper()
            if len(self.currency) != 3 or not self.currency.isalpha():
                errors["currency"] = _("Give a three-letter ISO 4217 code, e.g. EUR.")
        if self.budget is not None and not self.currency:
            errors["currency"] = _("A budget needs a currency.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end cannot be before the start.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.start_year = self.start_date.year if self.start_date else None
        super().save(*args, **kwargs)
        if not self.uid:
            self.uid = f"INI-{self.pk:06d}"
            type(self)._base_manager.filter(pk=self.pk).update(uid=self.uid)

    @property
    def is_public(self) -> bool:
        return self.record_state == RecordState.VALIDATED and self.visibility == Visibility.PUBLIC


class InitiativeOrganisation(models.Model):
    """An organisation taking part in an initiative, with its IATI role."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="organisations"
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiative_roles",
    )
    name = models.CharField(
        _("name"), max_length=255, blank=True, help_text=_("When it is not a known organisation.")
    )
    role = models.CharField(_("role"), max_length=12, choices=OrganisationRole.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(name=""),
                name="initiativeorganisation_named",
            )
        ]

    def __str__(self):
        return f"{self.label} ({self.get_role_display()})"

    @property
    def label(self) -> str:
        return self.organisation.name_en if self.organisation_id else self.name


class InitiativeCountry(models.Model):
    """A partner country concerned by an initiative, with its share of the initiative (%)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="countries")
    country = models.ForeignKey(
        "partners.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="initiative_shares",
    )
    share = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("country concerned")
        verbose_name_plural = _("countries concerned")
        ordering = ["country__iso2"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "country"], name="initiativecountry_unique"
            ),
            models.CheckConstraint(
                condition=Q(share__isnull=True) | (Q(share__gte=0) & Q(share__lte=100)),
                name="initiativecountry_share_percent",
            ),
        ]

    def __str__(self):
        return f"{self.country_id}: {self.share}"


class Result(models.Model):
    """An expected result of an initiative measured by an indicator (baseline, target, actual)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="results")
    indicator = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    actual = models.DecimalField(
        _("actual"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["order", "id"]

    def __str__(self):
        return self.indicator


class SourceQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view"):
        """Sources ``user`` may see: addresses and notes, and the documents that
        ``Document.objects.restrict(user)`` gives (their title and slug are the document's)."""
        from documents.models import Document

        visible = Document.objects.restrict(user, action).values("pk")
        return self.filter(Q(document__isnull=True) | Q(document__in=visible))


class Source(models.Model):
    """Where the information on an initiative comes from: a web page, a document, a note."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="sources")
    url = models.URLField(_("address"), max_length=500, blank=True)
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.CharField(_("text"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = SourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["order", "id"]

    def __str__(self):
        return self.url or self.text or str(self.document)


def sees_rounds(user) -> bool:
    """Rounds are for the Secretariat, focal points and other partner accounts."""
    return roles_of(user).partner


class RoundQuerySet(RestrictedQuerySet):
    write_service = "monitoring.services.RoundWrites"

    def restrict(self, user, action: str = "view"):
        roles = roles_of(user)
        if roles.staff:
            return self
        if action != "view" or not sees_rounds(user):
            return self.none()
        return self.exclude(state=RoundState.DRAFT)


class Round(TimeStampedModel):
    """A data-collection round: the Secretariat asks every partner to update its initiatives."""

    title = models.CharField(_("title"), max_length=200)
    opens = models.DateField(_("opens on"))
    deadline = models.DateField(_("deadline"))
    state = models.CharField(
        _("state"), max_length=8, choices=RoundState.choices, default=RoundState.DRAFT
    )
    history = HistoricalRecords()

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("data-collection round")
        verbose_name_plural = _("data-collection rounds")
        ordering = ["-opens", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=F("opens")), name="round_deadline_after_opening"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("monitoring:round", kwargs={"pk": self.pk})


class SubmissionQuerySet(RestrictedQuerySet):
    write_service = "monitoring.services.RoundSubmissionWrites"

    def restrict(self, user, action: str = "view"):
        roles = roles_of(user)
        if roles.staff:
            return self
        if not roles.country_ids:
            return self.none()
        return self.filter(country_id__in=roles.country_ids).exclude(round__state=RoundState.DRAFT)


class RoundSubmission(VersionedModel, TimeStampedModel):
    """One partner country's answer to a round: its initiatives, submitted then validated."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="submissions")
    country = models.ForeignKey(
        "partners.Country", on_delete=models.PROTECT, related_name="round_submissions"
    )
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=SUBMISSION_WORKFLOW.state_choices(),
        default=SUBMISSION_WORKFLOW.initial,
    )
    history = HistoricalRecords()

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("round submission")
        verbose_name_plural = _("round submissions")
        ordering = ["round", "country__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["round", "country"], name="submission_one_per_country")
        ]

    def __str__(self):
        return f"{self.round} — {self.country}"

    def get_absolute_url(self):
        return reverse("monitoring:submission", kwargs={"pk": self.pk})

    @property
    def editable(self) -> bool:
        return self.state in EDITABLE_SUBMISSION_STATES and self.round.state == RoundState.OPEN

    def state_label(self) -> str:
        return SUBMISSION_WORKFLOW.state_label(self.state)

    # -- workflow hooks -------------------------------------------------------------------
    def workflow_actors(self, user) -> set[str]:
        roles = roles_of(user)
        actors = set()
        if roles.staff:
            actors.add("secretariat")
        if roles.acts_for_country(self.country_id):
            actors.add("focal_point")
        return actors

    def check_transition(self, transition, user):
        if self.round.state != RoundState.OPEN and transition.name == "submit":
            raise ValidationError(_("The round is not open."))

    def workflow_recipients(self, actor: str) -> list[str]:
        if actor == "focal_point":
            return focal_point_emails(self.country_id)
        if actor == "secretariat":
            from django.contrib.auth import get_user_model

            return list(
                get_user_model()
                .objects.filter(groups__name="Secretariat", is_active=True)
                .exclude(email="")
                .values_list("email", flat=True)
            )
        return []


def focal_point_emails(country_id) -> list[str]:
    """E-mail addresses of the current focal points of a country (account first, then person)."""
    from partners.models import FocalPoint

    emails = []
    for account, person in (
        FocalPoint.objects.current()
        .filter(country_id=country_id)
        .values_list("user__email", "person__email")
    ):
        email = account or person
        if email and email not in emails:
            emails.append(email)
    return emails


class Reminder(models.Model):
    """A reminder sent to a partner's focal points for a round (at most one per day)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reminders")
    country = models.ForeignKey("partners.Country", on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField(_("sent on"))
    recipients = models.TextField(_("recipients"), blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "country", "sent_on"], name="reminder_once_a_day"
            )
        ]

    def __str__(self):
        return f"{self.round} — {self.country_id} — {self.sent_on}"


NO_YEAR = 9999
"""``start_year`` of an initiative without a start and ``end_year`` of one without an end: an
unknown start is after every period's end, an open end after every period's start."""

ALL_YEARS = -1
"""``start_year`` and ``end_year`` of the figures that add up every year: the dashboard reads
these few rows when no period is asked, the per-year figures otherwise."""


def in_period(year_from=None, year_to=None, *, by_year=False) -> Q:
    """The figures (``CoverageFigure``, ``LinkFigure``) to add up for a period: the all-years
    figures when there is none (unless ``by_year``), else the per-year figures of the records
    running at some point in it."""
    if not year_from and not year_to and not by_year:
        return Q(start_year=ALL_YEARS)
    q = Q(start_year__gt=ALL_YEARS)
    if year_to:
        q &= Q(start_year__lte=int(year_to))
    if year_from:
        q &= Q(end_year__gte=int(year_from))
    return q


class CoverageEntry(models.Model):
    """What one validated initiative counts for on the dashboard (maintained by
    ``monitoring.coverage``, never edited by hand): one row per framework item it is linked
    to and each item above it (``item``), per framework it is linked to (``framework``), for
    the country that reports it (``reported``) and each country concerned (``concerned``),
    carrying what the dashboard filters by (audience, years) and sums (budget)."""

    derived = True  # recomputed from the data: no content version of its own (core.apps)

    class Dimension(models.TextChoices):
        ITEM = "item", _("framework item")
        FRAMEWORK = "framework", _("framework")
        REPORTED = "reported", _("reported by")
        CONCERNED = "concerned", _("country concerned")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="coverage_entries"
    )
    dimension = models.CharField(max_length=10, choices=Dimension.choices)
    key = models.IntegerField(help_text=_("The item, framework or country id."))
    public = models.BooleanField()
    start_year = models.SmallIntegerField()
    end_year = models.SmallIntegerField()
    currency = models.CharField(max_length=3, blank=True)
    budget = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    via = models.BooleanField(
        default=False,
        help_text=_(
            "Counted through a crosswalk: linked to an earlier plan's item that the item continues."
        ),
    )

    class Meta:
        verbose_name = _("coverage entry")
        verbose_name_plural = _("coverage entries")
        indexes = [
            # Covering for the country x action table: no table read per entry.
            models.Index(
                fields=[
                    "dimension",
                    "key",
                    "initiative",
                    "public",
                    "start_year",
                    "end_year",
                    "via",
                ],
                name="monitoring_cov_dim_key",
            ),
            models.Index(fields=["initiative", "dimension", "key"], name="monitoring_cov_ini_dim"),
        ]

    def __str__(self):
        return f"{self.initiative_id} {self.dimension} {self.key}"


class CoverageBacklog(models.Model):
    """Initiatives whose coverage entries and figures are still to be recomputed, written in
    the transaction that changed them when that transaction must stay short (an import):
    ``monitoring.coverage.drain()`` recomputes them afterwards in short transactions and
    deletes the row, and any later import or ``rabat rebuild_coverage`` finishes a drain that
    a stopped process left."""

    derived = True  # recomputed from the data: no content version of its own (core.apps)

    initiative_ids = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("coverage backlog")
        verbose_name_plural = _("coverage backlogs")

    def __str__(self):
        return f"{len(self.initiative_ids)} initiatives since {self.created_at:%Y-%m-%d %H:%M}"


class CoverageFigure(models.Model):
    """The sum of the coverage entries that share a dimension, key, audience, years and
    currency: the dashboard reads these few rows instead of every initiative. Kept equal to
    the entries by ``monitoring.coverage`` (``rabat rebuild_coverage`` recomputes both)."""

    derived = True  # recomputed from the data: no content version of its own (core.apps)

    dimension = models.CharField(max_length=10, choices=CoverageEntry.Dimension.choices)
    key = models.IntegerField()
    public = models.BooleanField()
    start_year = models.SmallIntegerField()
    end_year = models.SmallIntegerField()
    currency = models.CharField(max_length=3, blank=True)
    initiatives = models.IntegerField(default=0)
    budget = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    via = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("coverage figure")
        verbose_name_plural = _("coverage figures")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "dimension",
                    "key",
                    "public",
                    "start_year",
                    "end_year",
                    "currency",
                    "via",
                ],
                name="monitoring_coverage_figure_unique",
            )
        ]
        indexes = [
            # Covering for the dashboard's sums: no table read per figure.
            models.Index(
                fields=[
                    "dimension",
                    "key",
                    "public",
                    "start_year",
                    "end_year",
                    "via",
                    "currency",
                    "initiatives",
                    "budget",
                ],
                name="monitoring_covfig_sum",
            )
        ]

    def __str__(self):
        return f"{self.dimension} {self.key}: {self.initiatives}"


class LinkEntry(models.Model):
    """What one record of another kind linked to framework items (a meeting, a
    recommendation, a document...) counts for on the dashboard (maintained by
    ``monitoring.tallies``, never edited by hand): one row per framework item it is linked to
    and each item above it, with its audience, years and extra label."""

    derived = True  # recomputed from the data: no content version of its own (core.apps)

    kind = models.CharField(max_length=20, help_text=_("The kind's key in the registry."))
    record = models.BigIntegerField(help_text=_("The record's id."))
    item = models.IntegerField(help_text=_("The framework item's id."))
    public = models.BooleanField()
    start_year = models.SmallIntegerField()
    end_year = models.SmallIntegerField()
    extra = models.CharField(max_length=20, blank=True)
    via = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("link entry")
        verbose_name_plural = _("link entries")
        indexes = [
            models.Index(fields=["kind", "record"], name="monitoring_link_kind_rec"),
            # Covering for the crosswalks' distinct counts.
            models.Index(
                fields=["kind", "item", "record", "public", "start_year", "end_year", "via"],
                name="monitoring_link_kind_item",
            ),
            models.Index(fields=["item"], name="monitoring_link_item"),
        ]

    def __str__(self):
        return f"{self.kind} {self.record} {self.item}"


class LinkFigure(models.Model):
    """The number of distinct records of a kind per framework item, audience, years and extra
    label: the sums of the link entries, kept equal to them by ``monitoring.tallies``."""

    derived = True  # recomputed from the data: no content version of its own (core.apps)

    kind = models.CharField(max_length=20)
    item = models.IntegerField()
    public = models.BooleanField()
    start_year = models.SmallIntegerField()
    end_year = models.SmallIntegerField()
    extra = models.CharField(max_length=20, blank=True)
    via = models.BooleanField(default=False)
    records = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("link figure")
        verbose_name_plural = _("link figures")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "item", "public", "start_year", "end_year", "extra", "via"],
                name="monitoring_link_figure_unique",
            )
        ]
        indexes = [
            # Covering for the dashboard's sums: no table read per figure.
            models.Index(
                fields=[
                    "kind",
                    "item",
                    "public",
                    "start_year",
                    "end_year",
                    "via",
                    "extra",
                    "records",
                ],
                name="monitoring_linkfig_sum",
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.item}: {self.records}"


__all__ = [
    "CoverageEntry",
    "CoverageFigure",
    "LinkEntry",
    "LinkFigure",
    "SUBMISSION_WORKFLOW",
    "Initiative",
    "InitiativeCountry",
    "InitiativeOrganisation",
    "Reminder",
    "Result",
    "Round",
    "RoundSubmission",
    "Source",
]
