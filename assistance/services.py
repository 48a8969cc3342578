"""Writes on technical-assistance requests.

Plain create, edit and delete go through the write services below (``workflows.writes``),
named next to ``restrict()`` on the querysets: the request page, the API and the admin all
call ``writes_for(AssistanceRequest)`` / ``writes_for(SecretariatNote)``. Workflow steps go
through ``assistance_transition`` (the workflow engine).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.roles import roles_of
from partners.models import Country, Organisation
from workflows.models import TransitionLog
from workflows.writes import WriteService

from .choices import WORKFLOW
from .models import AssistanceRequest
from .recipients import secretariat_emails

NOT_OWN_PARTNER = _("You may only request assistance for your own partner.")
NO_ACTION = _("Link the request to at least one action.")
RESULTS_ARE_THE_SECRETARIATS = _("Only the Secretariat writes the results.")


def may_request_for(user, *, country=None, organisation=None) -> bool:
    """The Secretariat requests for any partner; a focal point for its own partners only
    (every partner it names must be one it acts for)."""
    roles = roles_of(user)
    if roles.staff:
        return True
    if country is None and organisation is None:
        return False
    return (country is None or roles.acts_for_country(country.pk)) and (
        organisation is None or roles.acts_for_organisation(organisation.pk)
    )


def requestable_partners(user):
    """The countries and organisations ``user`` may request for (the request form's
    choices): every partner for the Secretariat, its own ones for a focal point."""
    roles = roles_of(user)
    countries = Country.objects.order_by("name_en")
    organisations = Organisation.objects.order_by("name_en")
    if not roles.staff:
        countries = countries.filter(pk__in=roles.country_ids)
        organisations = organisations.filter(pk__in=roles.organisation_ids)
    return countries, organisations


class AssistanceRequestWrites(WriteService):
    """Create, edit and delete of a request. A focal point creates for its own partner and
    edits its partner's requests while submitted (``restrict(by, "change")``); only the
    Secretariat moves a request to another partner, writes its results or deletes one. A new
    request starts ``submitted``: the step is logged and the Secretariat is told."""

    owner_fields = ("requesting_country", "requesting_organisation")

    def may_create(self, by, values: dict) -> bool:
        roles = roles_of(by)
        if not (roles.staff or roles.focal_point):
            return False
        country = values.get("requesting_country")
        organisation = values.get("requesting_organisation")
        if country is None and organisation is None:
            return True  # the model's rule names the missing partner
        if not may_request_for(by, country=country, organisation=organisation):
            raise PermissionDenied(NOT_OWN_PARTNER)
        return True

    def prepare(self, record, *, by, creating: bool) -> None:
        if creating:
            record.submitted_by = by if getattr(by, "is_authenticated", False) else None
            record.state = WORKFLOW.initial

    def clean(self, record, *, by, creating: bool, m2m: dict) -> None:
        if (creating or "framework_items" in m2m) and not m2m.get("framework_items"):
            raise ValidationError({"framework_items": NO_ACTION})
        if not self.writes_results(by):
            stored = "" if creating else self._stored(record, "results")
            if record.results != stored:
                raise ValidationError({"results": RESULTS_ARE_THE_SECRETARIATS})

    @staticmethod
    def writes_results(by) -> bool:
        """The results of the assistance are the Secretariat's to write."""
        return roles_of(by).staff

    def _stored(self, record, name):
        return type(record)._base_manager.filter(pk=record.pk).values_list(name, flat=True)[0]

    def after_write(self, record, *, by, created: bool, m2m: dict) -> None:
        if created:
            self._log_submission(record, by=by)
            self._tell_the_secretariat(record)

    @staticmethod
    def _log_submission(record, *, by) -> None:
        TransitionLog.objects.create(
            content_type=ContentType.objects.get_for_model(AssistanceRequest),
            object_id=record.pk,
            workflow=WORKFLOW.name,
            transition="submit",
            from_state="",
            to_state=record.state,
            actor=by,
            actor_label=by.get_username(),
            at=timezone.now(),
        )

    @staticmethod
    def _tell_the_secretariat(record) -> None:
        recipients = secretariat_emails()
        if not recipients:
            return
        subject = gettext("[Rabat Process] New technical-assistance request: %(title)s") % {
            "title": record.title[:120]
        }
        body = "\n\n".join(
            [
                gettext("%(partner)s requests technical assistance (%(kind)s).")
                % {"partner": record.requesting_partner, "kind": record.get_kind_display()},
                record.title,
                settings.SITE_URL.rstrip("/") + record.get_absolute_url(),
            ]
        )
        transaction.on_commit(
            lambda: send_mail(
                subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True
            )
        )


class SecretariatNoteWrites(WriteService):
    """A private note of the Secretariat on a request (the Secretariat only, the default
    rule); its author is the writer."""

    def prepare(self, record, *, by, creating: bool) -> None:
        if creating:
            record.author = by if getattr(by, "is_authenticated", False) else None


def assistance_request_present(*, record, meeting, by, expected_version, reason=""):
    """Record the meeting where the results were presented (the last step of the workflow)."""
    record.presented_at = meeting
    return WORKFLOW.perform(
        record,
        "record_presentation",
        user=by,
        reason=reason,
        expected_version=expected_version,
        changes={"presented_at": meeting},
    )


def assistance_transition(*, record, name, by, expected_version, reason="", meeting=None):
    """Take a workflow step; the presentation step also records its meeting."""
    if name == "record_presentation":
        return assistance_request_present(
            record=record, meeting=meeting, by=by, expected_version=expected_version, reason=reason
        )
    return WORKFLOW.perform(record, name, user=by, reason=reason, expected_version=expected_version)
