"""Follow-up of recommendations: who owns each one, where it stands, and what was done."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import RestrictedQuerySet, TimeStampedModel
from core.roles import roles_of
from documents.models import Document
from meetings.models import Meeting, Recommendation
from partners.models import Country, Organisation
from workflows.models import VersionedModel

from .choices import CLOSED_STATUSES, FollowUpStatus, OwnerKind
from .recipients import partner_emails, secretariat_emails

ENTRY_TEXT_MAX = 4000
DEFAULT_STALE_DAYS = 180


def stale_days() -> int:
    return int(getattr(settings, "RABAT_FOLLOWUP_STALE_DAYS", DEFAULT_STALE_DAYS))


class FollowUpQuerySet(RestrictedQuerySet):
    """Everyone reads the follow-up. ``change``: the Secretariat always; the owner partner's
    focal points for the recommendations that partner owns. Writes: ``FollowUpWrites``."""

    write_service = "followup.services.FollowUpWrites"

    def restrict(self, user, action: str = "view"):
        if action == "view":
            return self
        roles = roles_of(user)
        if roles.staff:
            return self
        if action == "change" and roles.focal_point:
            return self.filter(
                Q(owner_country_id__in=roles.country_ids)
                | Q(owner_organisation_id__in=roles.organisation_ids)
            )
        return self.none()

    def for_list(self):
        return self.select_related(
            "recommendation__meeting",
            "recommendation__parent",
            "owner_country",
            "owner_organisation",
        )

    def active(self):
        return self.exclude(status__in=CLOSED_STATUSES)

    def overdue(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.active().filter(due_date__lt=today)

    def with_clock(self):
        """Annotate ``clock_start`` and ``last_news``: the clock of a follow-up starts at its
        due date when one is set, else at the date of the recommendation's meeting (never when
        the data were loaded); ``last_news`` is the later of that and its latest entry."""
        start = Coalesce("due_date", "recommendation__meeting__start_date")
        return self.annotate(
            clock_start=start, last_news=Greatest(Coalesce("last_entry_on", start), start)
        )

    def stale(self, today: datetime.date | None = None, days: int | None = None):
        """Active follow-ups without news for ``days``: no entry since the clock started (the
        due date, else the meeting's date) nor since the latest entry. The one rule of
        "stale": the stale page, the list's filter, the API, ``rabat followup_stale`` and the
        stocktaking status all read it."""
        return self.with_clock().filter(_stale_q(today, days))

    def with_stale(self, today: datetime.date | None = None, days: int | None = None):
        """Annotate ``is_stale`` (the rule of :meth:`stale`) on every row."""
        return self.with_clock().annotate(
            is_stale=Case(
                When(_stale_q(today, days), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )


def stale_cutoff(today: datetime.date | None = None, days: int | None = None) -> datetime.date:
    """A follow-up whose last news is older than this date is stale."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=stale_days() if days is None else days)


def _stale_q(today, days) -> Q:
    # On a queryset annotated by ``with_clock``.
    return ~Q(status__in=CLOSED_STATUSES) & Q(last_news__lt=stale_cutoff(today, days))


class FollowUp(VersionedModel, TimeStampedModel):
    """The follow-up of one recommendation: its owner (a partner country, an organisation or
    the Secretariat), its status, an optional due date, and dated entries with evidence."""

    recommendation = models.OneToOneField(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="follow_up",
    )
    owner_country = models.ForeignKey(
        Country,
        verbose_name=_("owner (country)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    owner_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("owner (organisation)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    owner_secretariat = models.BooleanField(_("owned by the Secretariat"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    last_entry_on = models.DateField(
        _("last follow-up entry"), null=True, blank=True, editable=False
    )
    reminded_at = models.DateTimeField(
        _("owner last reminded"), null=True, blank=True, editable=False
    )
    history = HistoricalRecords(excluded_fields=["reminded_at"])

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation follow-up")
        verbose_name_plural = _("recommendation follow-ups")
        ordering = ["-recommendation__meeting__start_date", "recommendation__order"]
        constraints = [
            models.CheckConstraint(
                condition=~(Q(owner_country__isnull=False) & Q(owner_organisation__isnull=False))
                & ~(
                    Q(owner_secretariat=True)
                    & (Q(owner_country__isnull=False) | Q(owner_organisation__isnull=False))
                ),
                name="followup_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in FollowUpStatus]),
                name="followup_status_valid",
            ),
        ]

    def __str__(self):
        return str(self.recommendation)

    def get_absolute_url(self):
        return reverse("followup:detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        owners = [
            bool(self.owner_country_id),
            bool(self.owner_organisation_id),
            self.owner_secretariat,
        ]
        if sum(owners) > 1:
            raise ValidationError(
                _("A recommendation has one owner: a country, an organisation or the Secretariat.")
            )

    @property
    def owner(self):
        if self.owner_secretariat:
            return _("Secretariat")
        return self.owner_country or self.owner_organisation

    @property
    def owner_kind(self) -> str:
        if self.owner_secretariat:
            return OwnerKind.SECRETARIAT
        if self.owner_country_id:
            return OwnerKind.COUNTRY
        if self.owner_organisation_id:
            return OwnerKind.ORGANISATION
        return OwnerKind.NONE

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return bool(self.due_date and self.due_date < today and not self.is_closed)

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    def owner_emails(self) -> list[str]:
        if self.owner_secretariat:
            return secretariat_emails()
        return partner_emails(
            country_id=self.owner_country_id, organisation_id=self.owner_organisation_id
        )


class FollowUpEntryQuerySet(RestrictedQuerySet):
    """Entries are public; ``evidence_document_visible`` says whether the cited document
    exists for this user (a partners-only document is not shown to visitors). Writes:
    ``FollowUpEntryWrites`` (the follow-up locked first)."""

    write_service = "followup.services.FollowUpEntryWrites"

    def restrict(self, user, action: str = "view"):
        if action == "view":
            visible = Document.objects.restrict(user, "view").filter(
                pk=OuterRef("evidence_document_id")
            )
            return self.annotate(evidence_document_visible=Exists(visible))
        changeable = FollowUp.objects.restrict(user, "change").values("pk")
        return self.filter(follow_up__in=changeable)


class FollowUpEntry(TimeStampedModel):
    """What was done about a recommendation, on a date, with its evidence: a meeting, a
    document, a labelled activity or a link."""

    follow_up = models.ForeignKey(
        FollowUp, verbose_name=_("follow-up"), on_delete=models.CASCADE, related_name="entries"
    )
    date = models.DateField(_("date"))
    text = models.TextField(_("what was done"), max_length=ENTRY_TEXT_MAX)
    evidence_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("evidence: meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_up_entries",
    )
    evidence_document = models.ForeignKey(
        Document,
        verbose_name=_("evidence: document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_up_entries",
    )
    evidence_label = models.ForeignKey(
        "labels.LabelApplication",
        verbose_name=_("evidence: labelled activity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_up_entries",
        help_text=_("A labelled activity (labelled activities are public)."),
    )
    evidence_url = models.URLField(_("evidence: link"), max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = FollowUpEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up entry")
        verbose_name_plural = _("follow-up entries")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.follow_up}: {self.date}"
