"""Technical-assistance requests: a partner asks the Secretariat for short-term support."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import RestrictedQuerySet, TimeStampedModel
from core.roles import roles_of
from frameworks.models import FrameworkItem
from meetings.models import Meeting
from partners.models import Country, Organisation
from workflows.models import VersionedModel

from .choices import EDITABLE_STATES, PUBLIC_STATES, WORKFLOW, AssistanceKind
from .recipients import partner_emails, secretariat_emails

NEED_MAX = 5000
SHORT_TEXT_MAX = 2000


class AssistanceRequestQuerySet(RestrictedQuerySet):
    """``view``: the Secretariat sees every request, a focal point its partner's requests,
    everyone the approved-or-later ones. ``change``: the Secretariat always, the requesting
    partner's focal points while the request is still ``submitted``. Writes go through
    ``write_service``."""

    write_service = "assistance.services.AssistanceRequestWrites"

    def of_partners(self, roles):
        return self.filter(
            Q(requesting_country_id__in=roles.country_ids)
            | Q(requesting_organisation_id__in=roles.organisation_ids)
        )

    def restrict(self, user, action: str = "view"):
        roles = roles_of(user)
        if roles.staff:
            return self
        if action == "view":
            if roles.focal_point:
                return self.filter(
                    Q(state__in=PUBLIC_STATES)
                    | Q(requesting_country_id__in=roles.country_ids)
                    | Q(requesting_organisation_id__in=roles.organisation_ids)
                )
            return self.filter(state__in=PUBLIC_STATES)
        if action == "change" and roles.focal_point:
            return self.of_partners(roles).filter(state__in=EDITABLE_STATES)
        return self.none()

    def for_list(self):
        return self.select_related(
            "requesting_country", "requesting_organisation", "presented_at"
        ).prefetch_related("framework_items__framework")


class AssistanceRequest(VersionedModel, TimeStampedModel):
    """A partner's request for short-term technical assistance (training, expertise, study,
    equipment or an event), assessed by the Secretariat, delivered, and whose results are
    presented at a Dialogue meeting."""

    title = models.CharField(_("title"), max_length=200)
    requesting_country = models.ForeignKey(
        Country,
        verbose_name=_("requesting country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assistance_requests",
    )
    requesting_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("requesting organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assistance_requests",
    )
    need = models.TextField(_("need"), max_length=NEED_MAX)
    kind = models.CharField(_("type of assistance"), max_length=12, choices=AssistanceKind.choices)
    framework_items = models.ManyToManyField(
        FrameworkItem,
        verbose_name=_("linked actions"),
        related_name="assistance_requests",
        help_text=_("The action plan items this assistance would serve."),
    )
    beneficiaries = models.TextField(_("beneficiaries"), max_length=SHORT_TEXT_MAX)
    timing = models.CharField(
        _("timing"),
        max_length=300,
        help_text=_("When the support is needed, e.g. “first half of 2027”."),
    )
    state = models.CharField(_("state"), max_length=20, default=WORKFLOW.initial, db_index=True)
    presented_at = models.ForeignKey(
        Meeting,
        verbose_name=_("results presented at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assistance_presented",
    )
    results = models.TextField(
        _("results"),
        max_length=NEED_MAX,
        blank=True,
        help_text=_("What the assistance achieved, as presented (public once approved)."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = AssistanceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("technical-assistance request")
        verbose_name_plural = _("technical-assistance requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(requesting_country__isnull=False) & Q(requesting_organisation__isnull=True)
                )
                | (Q(requesting_country__isnull=True) & Q(requesting_organisation__isnull=False)),
                name="assistance_partner_country_xor_organisation",
            ),
            models.CheckConstraint(
                condition=~Q(state="presented") | Q(presented_at__isnull=False),
                name="assistance_presented_has_meeting",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assistance:detail", kwargs={"pk": self.pk})

    @property
    def requesting_partner(self):
        return self.requesting_country or self.requesting_organisation

    @property
    def state_label(self) -> str:
        return WORKFLOW.state_label(self.state)

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES

    def clean(self):
        super().clean()
        if bool(self.requesting_country_id) == bool(self.requesting_organisation_id):
            raise ValidationError(
                _("Name the requesting partner: one country or one organisation.")
            )

    # -- workflow ----------------------------------------------------------------------
    def is_requester(self, user) -> bool:
        roles = roles_of(user)
        return roles.acts_for_country(self.requesting_country_id) or roles.acts_for_organisation(
            self.requesting_organisation_id
        )

    def workflow_actors(self, user) -> set[str]:
        actors = set()
        if roles_of(user).staff:
            actors.add("secretariat")
        if self.is_requester(user):
            actors.add("requester")
        return actors

    def workflow_recipients(self, actor: str) -> list[str]:
        if actor == "secretariat":
            return secretariat_emails()
        if actor == "requester":
            emails = partner_emails(
                country_id=self.requesting_country_id,
                organisation_id=self.requesting_organisation_id,
            )
            if self.submitted_by_id and self.submitted_by.email:
                emails = sorted({*emails, self.submitted_by.email})
            return emails
        return []

    def check_transition(self, transition, user) -> None:
        if transition.target == "presented" and self.presented_at_id is None:
            raise ValidationError(_("Choose the meeting at which the results were presented."))


class NoteQuerySet(RestrictedQuerySet):
    """Secretariat notes exist for the Secretariat only."""

    write_service = "assistance.services.SecretariatNoteWrites"

    def restrict(self, user, action: str = "view"):
        return self if roles_of(user).staff else self.none()


class SecretariatNote(TimeStampedModel):
    """A private note of the Secretariat on a request: never shown to anyone else (not in
    the pages, the API, the exports or the search)."""

    request = models.ForeignKey(
        AssistanceRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="secretariat_notes",
    )
    text = models.TextField(_("note"), max_length=NEED_MAX)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = NoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("Secretariat note")
        verbose_name_plural = _("Secretariat notes")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:60]
