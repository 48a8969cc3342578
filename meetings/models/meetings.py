from django.db import models
from django.db.models import F, IntegerField, OuterRef, Q, Subquery, Value
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
from frameworks.models import FrameworkItem
from partners.models import Country, Organisation, Person

from ..choices import (
    MeetingFormat,
    MeetingKind,
    MeetingRoleKind,
    MeetingStatus,
    SessionKind,
    SpeakerRole,
)


def _label_model():
    """The labelling app's model, if installed (a higher app: looked up, not imported)."""
    from django.apps import apps

    return apps.get_model("labels", "LabelApplication") if apps.is_installed("labels") else None


class MeetingQuerySet(RestrictedQuerySet):
    def for_list(self):
        return self.select_related("country").prefetch_related(
            "roles__country", "roles__organisation"
        )

    def with_label(self):
        """Each meeting with ``granted_label_id``: the label granted to it, or ``None``.

        A meeting is labelled because a label was granted to it: a label application linked
        to the meeting that the labelling app counts as labelled
        (``LabelApplicationQuerySet.labelled``, the one rule). The default manager adds it, so
        every meeting read anywhere knows it without one query per meeting.
        """
        model = _label_model()
        if model is None:
            return self.annotate(granted_label_id=Value(None, output_field=IntegerField()))
        granted = (
            model.objects.labelled().filter(meeting=OuterRef("pk")).order_by("pk").values("pk")
        )
        return self.annotate(granted_label_id=Subquery(granted[:1]))

    def labelled(self, value: bool = True):
        """The meetings a label was granted to (``value=False``: the others)."""
        return self.filter(granted_label_id__isnull=not value)


class MeetingManager(models.Manager.from_queryset(MeetingQuerySet)):
    def get_queryset(self):
        return super().get_queryset().with_label()


class Meeting(TranslatableMixin, TimeStampedModel):
    """A Dialogue meeting: ministerial conference, SOM, Steering Committee, thematic meeting..."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=MeetingKind.choices)
    title_en = models.CharField(_("title (English)"), max_length=400)
    title_fr = models.CharField(_("title (French)"), max_length=400, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=DatePrecision.choices, default="day"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.HELD
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings_held",
    )
    format = models.CharField(
        _("format"), max_length=10, choices=MeetingFormat.choices, default=MeetingFormat.UNKNOWN
    )
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    participants_count = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    partner_countries_count = models.PositiveIntegerField(
        _("partner countries represented"), null=True, blank=True
    )
    organisations_count = models.PositiveIntegerField(
        _("organisations represented"), null=True, blank=True
    )
    local_authorities_count = models.PositiveIntegerField(
        _("local authorities represented"), null=True, blank=True
    )
    # Countries the sources name for this meeting (host, chairs, speakers' nationalities...).
    # Named is not present: who took part is recorded as Participation rows, never read here.
    participating_countries = models.ManyToManyField(
        Country,
        verbose_name=_("countries named in the sources"),
        help_text=_(
            "Countries the sources name for this meeting (host, chairs, speakers' "
            "nationalities). Not a record of attendance: who took part is recorded as "
            "participations."
        ),
        blank=True,
        related_name="meetings_attended",
    )
    framework_items = models.ManyToManyField(
        FrameworkItem, verbose_name=_("framework items"), blank=True, related_name="meetings"
    )
    source = models.TextField(_("source"), blank=True)
    history = HistoricalRecords()

    title = TranslatedField("title")
    description = TranslatedField("description")
    objects = MeetingManager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-start_date", "slug"]
        indexes = [models.Index(fields=["start_date"], name="meeting_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="meeting_end_after_start"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={"slug": self.slug})

    @property
    def place(self) -> str:
        parts = [self.city, self.country.name if self.country_id else ""]
        return ", ".join(p for p in parts if p)

    @property
    def label(self):
        """The label granted to this meeting (a labelled ``labels.LabelApplication``), or
        ``None``: read through ``MeetingQuerySet.with_label``."""
        if "granted_label_id" not in self.__dict__:
            self.granted_label_id = (
                type(self).objects.filter(pk=self.pk).values_list("granted_label_id", flat=True)
                .first()
            )  # fmt: skip
        if self.granted_label_id is None:
            return None
        cached = self.__dict__.get("_granted_label")
        if cached is None or cached.pk != self.granted_label_id:
            cached = _label_model()._default_manager.get(pk=self.granted_label_id)
            self._granted_label = cached
        return cached

    @property
    def labelled(self) -> bool:
        """A label was granted to this meeting (see ``MeetingQuerySet.with_label``)."""
        if "granted_label_id" not in self.__dict__:
            return self.label is not None
        return self.granted_label_id is not None

    def roles_of(self, kind: str) -> list:
        return [r for r in self.roles.all() if r.kind == kind]


class MeetingRole(TimeStampedModel):
    """Who hosted, chaired, co-chaired or organised a meeting: a country or an organisation."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("role"), max_length=12, choices=MeetingRoleKind.choices)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_roles",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_roles",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting role")
        verbose_name_plural = _("hosts, chairs and organisers")
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(country__isnull=False) & Q(organisation__isnull=True))
                | (Q(country__isnull=True) & Q(organisation__isnull=False)),
                name="meetingrole_country_xor_organisation",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.holder}"

    @property
    def holder(self):
        return self.country or self.organisation


class Participation(TimeStampedModel):
    """A delegation that took part in a meeting, a country or an organisation, as a participant
    list, a registration or a source stating it says; a country the sources only name is not
    one."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="participations"
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_participations",
    )
    delegation_size = models.PositiveIntegerField(
        _("delegation size"),
        null=True,
        blank=True,
        help_text=_("People in the delegation, when the source states it."),
    )
    source = models.TextField(
        _("source"),
        help_text=_(
            "Where the attendance is stated: a participant list, a registration, a report."
        ),
    )
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["meeting", "country__name_en", "organisation__name_en", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(country__isnull=False) & Q(organisation__isnull=True))
                | (Q(country__isnull=True) & Q(organisation__isnull=False)),
                name="participation_country_xor_organisation",
            ),
            models.CheckConstraint(condition=~Q(source=""), name="participation_source_given"),
            models.UniqueConstraint(
                fields=["meeting", "country"], name="participation_unique_country"
            ),
            models.UniqueConstraint(
                fields=["meeting", "organisation"], name="participation_unique_organisation"
            ),
        ]

    def __str__(self):
        return f"{self.holder} ({self.meeting})"

    @property
    def holder(self):
        return self.country or self.organisation


class Session(TranslatableMixin, TimeStampedModel):
    """A session or working group of a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sessions")
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(
        _("kind"), max_length=15, choices=SessionKind.choices, default=SessionKind.SESSION
    )
    title_en = models.CharField(_("title (English)"), max_length=400)
    title_fr = models.CharField(_("title (French)"), max_length=400, blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    history = HistoricalRecords()

    title = TranslatedField("title")
    summary = TranslatedField("summary")

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions and working groups")
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="session_unique_order")
        ]

    def __str__(self):
        return self.title


class Speaker(TimeStampedModel):
    """A person with a role in one meeting (chair, co-chair, speaker, expert, moderator)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="speakers")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="speaking_roles"
    )
    role = models.CharField(_("role"), max_length=12, choices=SpeakerRole.choices)
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speakers",
    )
    title_at_meeting = models.CharField(_("function at the time"), max_length=400, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["meeting", "order"]
        constraints = [
            # One row per person, role and session: a speaker may present in two sessions.
            models.UniqueConstraint(
                fields=["meeting", "person", "role", "session"], name="speaker_unique_role"
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"
