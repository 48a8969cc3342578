"""Label applications: a partner asks for one of its projects or events to carry the
"Rabat Process" label; once labelled it counts as an activity of the Dialogue."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import RestrictedQuerySet, TimeStampedModel
from core.roles import roles_of
from frameworks.models import FrameworkItem
from partners.models import Country, Organisation
from workflows.models import VersionedModel

from .choices import EDITABLE_STATES, LABELLED_STATES, ActivityFormat, ActivityKind

LONG_TEXT = 5000
JUSTIFICATION_TEXT = 2000
REPORT_TEXT = 10000


def silence_days() -> int:
    """Length of the Steering Committee's no-objection period (``RABAT_LABEL_SILENCE_DAYS``)."""
    return int(getattr(settings, "RABAT_LABEL_SILENCE_DAYS", 10))


def report_days() -> int:
    """Days after the activity's end within which the outcome report is due
    (``RABAT_LABEL_REPORT_DAYS``)."""
    return int(getattr(settings, "RABAT_LABEL_REPORT_DAYS", 60))


class LabelApplicationQuerySet(RestrictedQuerySet):
    """Who sees what: a labelled activity is public; an application is seen by the focal
    points of its lead partner, the Secretariat, and (once the review opened) the Steering
    Committee and the Chair. ``restrict(user, "workspace")`` leaves out other partners'
    labelled activities (the applications workspace); ``"change"`` is what the user may edit.
    Writes: ``labels.services.LabelApplicationWrites``.
    """

    write_service = "labels.services.LabelApplicationWrites"

    def labelled(self):
        return self.filter(state__in=LABELLED_STATES)

    def for_list(self):
        return self.select_related("lead_country", "lead_organisation").prefetch_related(
            "co_organising_countries",
            "co_organising_organisations",
            models.Prefetch(
                "links", queryset=LinkedAction.objects.select_related("item__framework")
            ),
        )

    def _role_condition(self, user) -> Q | None:
        roles = roles_of(user)
        if roles.staff:
            return Q()
        condition = Q(lead_country_id__in=roles.country_ids) | Q(
            lead_organisation_id__in=roles.organisation_ids
        )
        if roles.steering_committee or roles.chair:
            condition |= Q(review_opened_at__isnull=False)
        if not roles.authenticated:
            return None
        return condition

    def restrict(self, user, action: str = "view"):
        role = self._role_condition(user)
        if action == "view":
            public = Q(state__in=LABELLED_STATES)
            return self.filter(public if role is None else public | role)
        if role is None:
            return self.none()
        if action == "workspace":
            return self.filter(role)
        if action == "change":
            roles = roles_of(user)
            if roles.staff:
                return self.filter(state__in=EDITABLE_STATES)
            return self.filter(
                Q(state__in=EDITABLE_STATES),
                Q(lead_country_id__in=roles.country_ids)
                | Q(lead_organisation_id__in=roles.organisation_ids),
            )
        return self.none()

    def report_overdue(self, on=None):
        """Labelled activities whose outcome report is late on ``on`` (default today)."""
        day = on or timezone.localdate()
        return self.filter(state="labelled", report_due__lt=day)


# What an application made on the platform must state. A label granted before the platform
# (recorded from its sources, ``reference_key`` set) keeps empty what no source states.
STATED_ON_APPLICATION = (
    "funders", "start_date", "end_date", "format", "expected_results", "contact_name",
    "contact_email",
)  # fmt: skip


class LabelApplication(VersionedModel, TimeStampedModel):
    """A partner's application for the Rabat Process label for one of its projects or events,
    from draft to labelled (or declined, withdrawn); once labelled, a labelled activity.
    A labelled event that is a Dialogue meeting names it (``meeting``): the meeting is labelled
    because this label was granted (``meetings.Meeting.labelled`` reads it)."""

    state = models.CharField(_("state"), max_length=30, default="draft", db_index=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), validators=[MaxLengthValidator(LONG_TEXT)])
    kind = models.CharField(_("kind"), max_length=10, choices=ActivityKind.choices)
    lead_country = models.ForeignKey(
        Country,
        verbose_name=_("lead partner (country)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_label_applications",
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead partner (organisation)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_label_applications",
    )
    co_organising_countries = models.ManyToManyField(
        Country,
        verbose_name=_("co-organising countries"),
        blank=True,
        related_name="co_organised_label_applications",
    )
    co_organising_organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("co-organising organisations"),
        blank=True,
        related_name="co_organised_label_applications",
    )
    funders = models.CharField(_("funders"), max_length=500, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    # Null: not stated (a label recorded from sources that do not say).
    format = models.CharField(
        _("format"),
        max_length=10,
        choices=ActivityFormat.choices,
        default=ActivityFormat.IN_PERSON,
        null=True,
        blank=True,
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    place_country = models.ForeignKey(
        Country,
        verbose_name=_("country of the venue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_label_applications",
    )
    budget = models.DecimalField(
        _("budget (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    framework_items = models.ManyToManyField(
        FrameworkItem,
        verbose_name=_("linked actions"),
        through="LinkedAction",
        related_name="label_applications",
        blank=True,
    )
    expected_results = models.TextField(
        _("expected results"), blank=True, validators=[MaxLengthValidator(LONG_TEXT)]
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=60, blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="label_applications",
        help_text=_("The Dialogue meeting that this labelled event is, if it is one."),
    )
    reference_key = models.SlugField(
        _("reference key"),
        max_length=120,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Key of a label recorded from its sources (reference/data/labels.json); empty for "
            "applications made on the platform."
        ),
    )
    source = models.TextField(
        _("source"),
        blank=True,
        help_text=_("Where the label is recorded: a document of the Dialogue or a public page."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="label_applications",
    )
    # Set by the workflow steps.
    submitted_at = models.DateTimeField(_("submitted on"), null=True, blank=True)
    review_opened_at = models.DateTimeField(_("review opened on"), null=True, blank=True)
    silence_deadline = models.DateTimeField(
        _("end of the no-objection period"), null=True, blank=True, db_index=True
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    label_start = models.DateField(_("label valid from"), null=True, blank=True)
    label_end = models.DateField(_("label valid until"), null=True, blank=True)
    report_due = models.DateField(_("outcome report due"), null=True, blank=True)
    report_text = models.TextField(
        _("outcome report"), blank=True, validators=[MaxLengthValidator(REPORT_TEXT)]
    )
    report_submitted_at = models.DateTimeField(_("report received on"), null=True, blank=True)
    report_reminder_sent_at = models.DateTimeField(
        _("overdue reminder sent on"), null=True, blank=True
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = LabelApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("label application")
        verbose_name_plural = _("label applications")
        # Undated labels (a project whose dates no source states) last, on every database.
        ordering = [F("start_date").desc(nulls_last=True), "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="labelapplication_end_after_start"
            ),
            models.CheckConstraint(
                condition=~(Q(lead_country__isnull=False) & Q(lead_organisation__isnull=False)),
                name="labelapplication_at_most_one_lead_partner",
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="labelapplication_budget_not_negative",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """The workspace page (the e-mails' link); the public page is ``public_url``."""
        return reverse("labels:application", kwargs={"pk": self.pk})

    @property
    def public_url(self) -> str:
        return reverse("labels:detail", kwargs={"pk": self.pk})

    # -- reading -----------------------------------------------------------------------
    @property
    def lead_partner(self):
        return self.lead_country or self.lead_organisation

    @property
    def state_label(self) -> str:
        from .workflow import WORKFLOW

        return WORKFLOW.state_label(self.state)

    @property
    def is_labelled(self) -> bool:
        return self.state in LABELLED_STATES

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    def report_overdue(self, on=None) -> bool:
        day = on or timezone.localdate()
        return self.state == "labelled" and self.report_due is not None and self.report_due < day

    def report_open(self, on=None) -> bool:
        """The outcome report can be sent once the activity has ended."""
        day = on or timezone.localdate()
        return self.state == "labelled" and self.end_date is not None and self.end_date < day

    @property
    def place(self) -> str:
        parts = [self.city, self.place_country.name if self.place_country_id else ""]
        return ", ".join(p for p in parts if p)

    @property
    def recorded_from_sources(self) -> bool:
        """A label granted before the platform, recorded from its sources (``source``)."""
        return bool(self.reference_key)

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date is before the start date.")
        if self.lead_country_id and self.lead_organisation_id:
            errors["lead_country"] = _(
                "Name one lead partner: a country or an organisation, not both."
            )
        if self.recorded_from_sources:
            # Facts no source states stay empty; the place likewise.
            if errors:
                raise ValidationError(errors)
            return
        if not (self.lead_country_id or self.lead_organisation_id):
            errors["lead_country"] = _(
                "Name one lead partner: a country or an organisation, not both."
            )
        for name in STATED_ON_APPLICATION:
            if getattr(self, name) in (None, ""):
                errors.setdefault(name, _("This field is required."))
        if self.format != ActivityFormat.ONLINE and not (self.city or self.place_country_id):
            errors["city"] = _("Give the place (city or country), or choose “Online”.")
        if errors:
            raise ValidationError(errors)

    # -- the workflow's questions -------------------------------------------------------
    def workflow_actors(self, user) -> set[str]:
        roles = roles_of(user)
        actors = set()
        if roles.acts_for_country(self.lead_country_id) or roles.acts_for_organisation(
            self.lead_organisation_id
        ):
            actors.add("applicant")
        if roles.staff:
            actors.add("secretariat")
        if roles.steering_committee:
            actors.add("steering_committee")
        if roles.chair:
            actors.add("chair")
        return actors

    def workflow_recipients(self, actor: str) -> list[str]:
        from .selectors import recipients

        return recipients(self, actor)

    def check_transition(self, transition, user, *, at=None):
        at = at or timezone.now()
        if transition.name == "submit":
            if not self.links.exists():
                raise ValidationError(
                    _("Link at least one action of the current action plan before submitting.")
                )
            if self.links.filter(justification="").exists():
                raise ValidationError(_("Justify every linked action before submitting."))
            self.full_clean()
        if transition.name == "grant_by_silence" and (
            self.silence_deadline is None or self.silence_deadline > at
        ):
            raise ValidationError(_("The no-objection period has not ended yet."))
        if transition.name == "report_outcome":
            if not self.report_open(timezone.localdate(at)):
                raise ValidationError(
                    _("The outcome report can be sent once the activity has ended.")
                )
            if not self.report_text.strip():
                raise ValidationError(_("Write the outcome report."))


class LinkedAction(models.Model):
    """An action of the current action plan that a labelled activity contributes to, and why."""

    application = models.ForeignKey(
        LabelApplication, on_delete=models.CASCADE, related_name="links"
    )
    item = models.ForeignKey(
        FrameworkItem,
        verbose_name=_("action"),
        on_delete=models.PROTECT,
        related_name="label_links",
    )
    justification = models.TextField(
        _("justification"), validators=[MaxLengthValidator(JUSTIFICATION_TEXT)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("linked action")
        verbose_name_plural = _("linked actions")
        ordering = ["item__sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "item"], name="linkedaction_unique_item"
            ),
        ]

    def __str__(self):
        return f"{self.application} → {self.item.uid}"
