"""The reference countries' workspace: their roadmaps and final reports, and the themes they
propose for the domain they follow."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import RestrictedQuerySet, TimeStampedModel
from core.roles import SECRETARIAT, roles_of
from documents.models import Document
from frameworks.models import ReferenceCountry
from workflows.engine import Workflow
from workflows.models import VersionedModel

from .choices import ReportKind, ThemeState

THEME_WORKFLOW = Workflow.from_file(Path(__file__).with_name("workflow.json"))


class WorkspaceQuerySet(RestrictedQuerySet):
    """Everyone reads (the workspace is public); the Secretariat and the reference countries
    of the record's domain change (the write service checks who writes for which one)."""

    write_service = "workspaces.services.WorkspaceRecordWrites"

    def restrict(self, user, action: str = "view"):
        if action == "view":
            return self
        roles = roles_of(user)
        if roles.staff:
            return self
        return self.filter(
            assignment__item_id__in=roles.reference_item_ids,
            assignment__country_id__in=roles.country_ids,
        )

    def for_domain(self, domain):
        return self.filter(assignment__item=domain)


def may_edit_domain(user, domain) -> bool:
    roles = roles_of(user)
    return roles.staff or roles.follows_item(domain.pk)


def assignments_for(user, domain):
    """The reference-country assignments of ``domain`` on whose behalf ``user`` may write."""
    assignments = ReferenceCountry.objects.filter(item=domain).select_related("country")
    roles = roles_of(user)
    if roles.staff:
        return assignments
    if not roles.follows_item(domain.pk):
        return assignments.none()
    return assignments.filter(country_id__in=roles.country_ids)


class ReferenceCountryReport(VersionedModel, TimeStampedModel):
    """A reference country's roadmap for its domain, or its final report: a document of the
    Dialogue, a text, or both."""

    assignment = models.ForeignKey(
        ReferenceCountry,
        verbose_name=_("reference country"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    kind = models.CharField(_("kind"), max_length=14, choices=ReportKind.choices)
    title = models.CharField(_("title"), max_length=255)
    date = models.DateField(_("date"), default=timezone.localdate)
    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reference_country_reports",
    )
    text = models.TextField(_("text"), blank=True, max_length=20000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("roadmap or final report")
        verbose_name_plural = _("roadmaps and final reports")
        ordering = ["assignment__item__uid", "date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(document__isnull=False) | ~Q(text=""),
                name="referencecountryreport_document_or_text",
                violation_error_message=_("Attach a document or write the text (or both)."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["roadmap", "final_report"]),
                name="referencecountryreport_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def domain(self):
        return self.assignment.item

    def get_absolute_url(self):
        item = self.assignment.item
        url = reverse(
            "workspaces:workspace", kwargs={"framework": item.framework.slug, "code": item.code}
        )
        return f"{url}#reports"


class Theme(VersionedModel, TimeStampedModel):
    """A theme that a reference country proposes for the Dialogue's work on its domain."""

    assignment = models.ForeignKey(
        ReferenceCountry,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="themes",
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True, max_length=8000)
    date = models.DateField(_("proposed on"), default=timezone.localdate)
    state = models.CharField(
        _("status"), max_length=14, choices=ThemeState.choices, default=ThemeState.PROPOSED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposed theme")
        verbose_name_plural = _("proposed themes")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    state__in=["proposed", "retained", "not_retained", "addressed", "withdrawn"]
                ),
                name="theme_state_valid",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        item = self.assignment.item
        url = reverse(
            "workspaces:workspace", kwargs={"framework": item.framework.slug, "code": item.code}
        )
        return f"{url}#themes"

    @property
    def state_label(self) -> str:
        return THEME_WORKFLOW.state_label(self.state)

    def workflow_actors(self, user) -> set[str]:
        roles = roles_of(user)
        actors = set()
        if roles.staff:
            actors.add("secretariat")
        if roles.follows_item(self.assignment.item_id) and roles.acts_for_country(
            self.assignment.country_id
        ):
            actors.add("reference_country")
        return actors

    def workflow_recipients(self, actor) -> list[str]:
        users = get_user_model().objects.filter(is_active=True).exclude(email="")
        if actor == "reference_country":
            from partners.models import FocalPoint

            user_ids = (
                FocalPoint.objects.current(timezone.localdate())
                .filter(country_id=self.assignment.country_id, user__isnull=False)
                .values_list("user_id", flat=True)
            )
            return list(users.filter(pk__in=user_ids).values_list("email", flat=True))
        if actor == "secretariat":
            return list(users.filter(groups__name=SECRETARIAT).values_list("email", flat=True))
        return []
