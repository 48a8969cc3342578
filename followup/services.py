"""Writes on recommendation follow-up. Pages, the API and the command call these."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import roles_of
from core.signals import bulk_written
from documents.models import Document
from meetings.models import Recommendation
from workflows.locking import save_versioned

from .models import FollowUp, FollowUpEntry

OWNER_FIELDS = ("owner_country", "owner_organisation", "owner_secretariat")
STAFF_FIELDS = (*OWNER_FIELDS, "status", "due_date")
OWNER_PARTNER_FIELDS = ("status",)


def follow_up_for(recommendation: Recommendation) -> FollowUp:
    """The follow-up record of a recommendation (created, open and unowned, if missing)."""
    follow_up, _created = FollowUp.objects.get_or_create(recommendation=recommendation)
    return follow_up


def follow_ups_ensure() -> int:
    """Create the missing follow-up records (one per recommendation); returns how many."""
    missing = Recommendation.objects.filter(follow_up__isnull=True).values_list("pk", flat=True)
    created = FollowUp.objects.bulk_create(
        [FollowUp(recommendation_id=pk) for pk in missing], ignore_conflicts=True
    )
    bulk_written.send(sender=FollowUp, instances=created)
    return len(created)


def may_change(user, follow_up: FollowUp) -> bool:
    return FollowUp.objects.restrict(user, "change").filter(pk=follow_up.pk).exists()


def writable_fields(user) -> tuple[str, ...]:
    """The Secretariat sets owner, status and due date; an owner partner only the status."""
    roles = roles_of(user)
    if roles.staff:
        return STAFF_FIELDS
    if roles.focal_point:
        return OWNER_PARTNER_FIELDS
    return ()


def _notify_owner(follow_up: FollowUp) -> None:
    recipients = follow_up.owner_emails()
    if not recipients:
        return
    recommendation = follow_up.recommendation
    subject = _("[Rabat Process] You follow up recommendation %(number)s") % {
        "number": recommendation.full_number
    }
    body = "\n\n".join(
        [
            _(
                "%(owner)s is now responsible for the follow-up of this recommendation "
                "of %(meeting)s:"
            )
            % {"owner": follow_up.owner, "meeting": recommendation.meeting.title},
            recommendation.text_en[:1000],
            settings.SITE_URL.rstrip("/") + follow_up.get_absolute_url(),
        ]
    )
    transaction.on_commit(
        lambda: send_mail(
            subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True
        )
    )


def _owner_key(follow_up: FollowUp) -> tuple:
    return (
        follow_up.owner_country_id,
        follow_up.owner_organisation_id,
        follow_up.owner_secretariat,
    )


def follow_up_update(*, follow_up: FollowUp, by, expected_version, **changes) -> FollowUp:
    """Change owner, status or due date. Raises ``PermissionDenied`` for a field the user may
    not set, ``ValidationError`` for bad values and ``workflows.locking.Conflict`` when
    someone saved first; nothing is written then."""
    if not may_change(by, follow_up):
        raise PermissionDenied(_("You may not change this follow-up."))
    allowed = writable_fields(by)
    refused = [
        name
        for name, value in changes.items()
        if name not in allowed and getattr(follow_up, name) != value
    ]
    if refused:
        raise PermissionDenied(_("Only the Secretariat changes the owner and the due date."))
    owner_before = _owner_key(follow_up)
    with transaction.atomic():
        for name, value in changes.items():
            setattr(follow_up, name, value)
        follow_up.full_clean(exclude=["recommendation"])
        save_versioned(follow_up, expected_version)
        if _owner_key(follow_up) != owner_before and follow_up.owner_kind != "none":
            _notify_owner(follow_up)
    return follow_up


def follow_up_entry_add(
    *,
    follow_up: FollowUp,
    by,
    date: datetime.date,
    text: str,
    evidence_meeting=None,
    evidence_document=None,
    evidence_label=None,
    evidence_url: str = "",
) -> FollowUpEntry:
    """Record what was done. Only the Secretariat and the owner partner's focal points may;
    a cited document must be one the writer can see."""
    if not may_change(by, follow_up):
        raise PermissionDenied(_("You may not add to this follow-up."))
    if (
        evidence_document is not None
        and not Document.objects.restrict(by, "view").filter(pk=evidence_document.pk).exists()
    ):
        raise ValidationError({"evidence_document": _("Unknown document.")})
    if evidence_label is not None and not evidence_label.is_labelled:
        raise ValidationError({"evidence_label": _("Only a labelled activity can be cited.")})
    if date and date > timezone.localdate():
        raise ValidationError({"date": _("The date of an entry cannot be in the future.")})
    with transaction.atomic():
        entry = FollowUpEntry(
            follow_up=follow_up,
            date=date,
            text=text,
            evidence_meeting=evidence_meeting,
            evidence_document=evidence_document,
            evidence_label=evidence_label,
            evidence_url=evidence_url or "",
            author=by,
        )
        entry.full_clean()
        entry.save()
        # A plain UPDATE: an entry must not collide with someone editing the status.
        FollowUp.objects.filter(
            Q(last_entry_on__isnull=True) | Q(last_entry_on__lt=date), pk=follow_up.pk
        ).update(last_entry_on=date)
        follow_up.refresh_from_db(fields=["last_entry_on"])
    return entry
