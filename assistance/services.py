"""Writes on technical-assistance requests. Views, the API and the admin call these."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import roles_of
from workflows.locking import save_versioned
from workflows.models import TransitionLog

from .choices import WORKFLOW
from .models import AssistanceRequest, SecretariatNote
from .recipients import secretariat_emails


def may_request_for(user, *, country=None, organisation=None) -> bool:
    """The Secretariat requests for any partner; a focal point for its own partner only."""
    roles = roles_of(user)
    if roles.staff:
        return True
    if country is not None:
        return roles.acts_for_country(country.pk)
    if organisation is not None:
        return roles.acts_for_organisation(organisation.pk)
    return False


def assistance_request_create(*, by, framework_items, at=None, **fields) -> AssistanceRequest:
    """Submit a new request (state ``submitted``), log the step and tell the Secretariat."""
    if not may_request_for(
        by,
        country=fields.get("requesting_country"),
        organisation=fields.get("requesting_organisation"),
    ):
        raise PermissionDenied(_("You may only request assistance for your own partner."))
    with transaction.atomic():
        record = AssistanceRequest(**fields, submitted_by=by, state=WORKFLOW.initial)
        record.full_clean(exclude=["framework_items"])
        record.save()
        record.framework_items.set(framework_items)
        TransitionLog.objects.create(
            content_type=ContentType.objects.get_for_model(AssistanceRequest),
            object_id=record.pk,
            workflow=WORKFLOW.name,
            transition="submit",
            from_state="",
            to_state=record.state,
            actor=by,
            actor_label=by.get_username(),
            at=at or timezone.now(),
        )
        recipients = secretariat_emails()
        if recipients:
            subject = _("[Rabat Process] New technical-assistance request: %(title)s") % {
                "title": record.title[:120]
            }
            body = "\n\n".join(
                [
                    _("%(partner)s requests technical assistance (%(kind)s).")
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
    return record


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


def secretariat_note_add(*, record, text, by) -> SecretariatNote:
    if not roles_of(by).staff:
        raise PermissionDenied(_("Only the Secretariat writes notes."))
    note = SecretariatNote(request=record, text=text, author=by)
    note.full_clean()
    note.save()
    return note


def assistance_request_update(*, record, by, expected_version, **changes):
    """Change a request's content; the version guards against overwriting someone's edit."""
    framework_items = changes.pop("framework_items", None)
    with transaction.atomic():
        for name, value in changes.items():
            setattr(record, name, value)
        record.full_clean(exclude=["framework_items"])
        save_versioned(record, expected_version)
        if framework_items is not None:
            record.framework_items.set(framework_items)
    return record
