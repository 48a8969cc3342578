"""Writes on recommendation follow-up: one write service per model (``workflows.writes``),
named on its queryset next to ``restrict()``. Pages, the API, the admin and the commands call
them.

- ``FollowUpWrites``: the update of a follow-up (records are created by
  ``follow_ups_ensure``/``follow_up_for``, one per recommendation). The Secretariat sets owner,
  status and due date; the owner partner's focal points the status only. The new owner is
  told by e-mail after the commit.
- ``FollowUpEntryWrites``: an entry (what was done, on a date, with its evidence). It locks
  its follow-up first and raises its version (``parent_touch``), sets ``last_entry_on`` on
  the re-read row, then writes the entry: the lock order of ``workflows.writes``, parent
  before child, so an entry never deadlocks with an edit of the follow-up, and an edit that
  read the follow-up before the entry is a conflict instead of writing the old date back.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.roles import roles_of
from core.signals import bulk_written
from documents.models import Document
from meetings.models import Recommendation
from workflows.writes import WriteService, parent_touch, writes_for

from .models import FollowUp, FollowUpEntry

OWNER_FIELDS = ("owner_country", "owner_organisation", "owner_secretariat")
STAFF_FIELDS = (*OWNER_FIELDS, "status", "due_date")
OWNER_PARTNER_FIELDS = ("status",)
STAFF_ONLY = _("Only the Secretariat changes the owner and the due date.")


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
    """Whether ``user`` edits the follow-up and adds entries to it (``restrict``, roles only)."""
    return writes_for(FollowUp).may_change(user, follow_up)


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
    subject = gettext("[Rabat Process] You follow up recommendation %(number)s") % {
        "number": recommendation.full_number
    }
    body = "\n\n".join(
        [
            gettext(
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


class FollowUpWrites(WriteService):
    """The follow-up's update (and the Secretariat's admin create). ``writable_fields``: a
    focal point of the owner partner changes the status only; a change of any other field is
    refused, never applied. A new owner is told after the commit."""

    model = FollowUp
    owner_fields = OWNER_FIELDS

    def update(self, *, record, by, values: dict, expected_version=None):
        # The owner as stored (a form has already put its values on ``record``).
        if record.pk is not None:
            stored = FollowUp._base_manager.filter(pk=record.pk).first()
            record._owner_before = _owner_key(stored) if stored else None
        return super().update(
            record=record, by=by, values=values, expected_version=expected_version
        )

    def _check_change(self, record, *, by, plain: dict) -> None:
        # Permission and owner fields (the generic rules), then ``writable_fields``: judged on
        # the fields being written against the record as stored.
        super()._check_change(record, by=by, plain=plain)
        allowed = writable_fields(by)
        refused = [
            name
            for name in STAFF_FIELDS
            if name in plain
            and name not in allowed
            and _pk(plain[name]) != _pk(getattr(record, name))
        ]
        if refused:
            raise ValidationError(dict.fromkeys(refused, STAFF_ONLY))

    def after_write(self, record, *, by, created: bool, m2m: dict) -> None:
        before = None if created else getattr(record, "_owner_before", None)
        if _owner_key(record) != before and record.owner_kind != "none":
            _notify_owner(record)


def follow_up_update(*, follow_up: FollowUp, by, expected_version, **changes) -> FollowUp:
    """Change owner, status or due date through ``FollowUpWrites`` (for commands and shells).
    Raises ``ValidationError``, ``PermissionDenied`` or ``workflows.locking.Conflict``;
    nothing is written then."""
    return writes_for(FollowUp).update(
        record=follow_up, by=by, values=changes, expected_version=expected_version
    )


class FollowUpEntryWrites(WriteService):
    """An entry of a follow-up: the Secretariat and the owner partner's focal points write
    it (``FollowUpEntry.objects.restrict`` / ``FollowUp.objects.restrict``). Evidence: a
    document the writer can see, a labelled activity; the date is not in the future (today
    when not given). Every write locks the follow-up first (``parent_touch``), raising its
    version and keeping ``last_entry_on`` the date of its latest entry."""

    model = FollowUpEntry

    def may_create(self, by, values: dict) -> bool:
        follow_up = values.get("follow_up")
        return follow_up is not None and may_change(by, follow_up)

    def prepare(self, record, *, by, creating: bool) -> None:
        if creating and getattr(by, "is_authenticated", False) and record.author_id is None:
            record.author = by
        if record.date is None:
            record.date = timezone.localdate()
        record.evidence_url = record.evidence_url or ""

    def clean(self, record, *, by, creating: bool, m2m: dict) -> None:
        errors = {}
        document = record.evidence_document
        if (
            document is not None
            and not Document.objects.restrict(by, "view").filter(pk=document.pk).exists()
        ):
            errors["evidence_document"] = _("Unknown document.")
        label = record.evidence_label
        if label is not None and not label.is_labelled:
            errors["evidence_label"] = _("Only a labelled activity can be cited.")
        if record.date and record.date > timezone.localdate():
            errors["date"] = _("The date of an entry cannot be in the future.")
        if errors:
            raise ValidationError(errors)

    def _check_change(self, record, *, by, plain: dict) -> None:
        super()._check_change(record, by=by, plain=plain)
        if "follow_up" in plain and _pk(plain["follow_up"]) != record.follow_up_id:
            raise ValidationError({"follow_up": _("An entry stays with its follow-up.")})

    def create(self, *, by, values: dict, record=None):
        follow_up = values.get("follow_up") or getattr(record, "follow_up", None)
        values = {**values, "follow_up": follow_up}
        if not self.may_create(by, values):
            raise PermissionDenied(_("You may not add to this follow-up."))
        date = values.get("date") or getattr(record, "date", None) or timezone.localdate()
        with transaction.atomic():
            # Lock order: the follow-up first (its version raised, its date set on the row
            # as it is now), then the entry.
            parent_touch(follow_up, by=by, apply=lambda parent: _latest(parent, date))
            return super().create(by=by, values=values, record=record)

    def update(self, *, record, by, values: dict, expected_version=None):
        stored = FollowUpEntry._base_manager.get(pk=record.pk)
        self._check_change(stored, by=by, plain=self._split(values)[0])
        date = values.get("date", record.date)
        with transaction.atomic():
            parent_touch(
                stored.follow_up,
                by=by,
                apply=lambda parent: _recount(parent, without=record.pk, date=date),
            )
            return super().update(
                record=record, by=by, values=values, expected_version=expected_version
            )

    def delete(self, *, record, by, expected_version=None) -> None:
        if not self.may_delete(by, record):
            raise PermissionDenied(_("You may not delete this record."))
        with transaction.atomic():
            parent_touch(
                record.follow_up, by=by, apply=lambda parent: _recount(parent, without=record.pk)
            )
            super().delete(record=record, by=by, expected_version=expected_version)


def _pk(value):
    return getattr(value, "pk", value)


def record_outcome(follow_up: FollowUp, *, status: str) -> bool:
    """What the reference data state of a follow-up (``rabat load_reference``: entries written
    from sources, with their evidence): its status and the date of its latest entry, as the
    entries give it; whether anything changed. Locks the follow-up first (the lock order of
    every entry write) and raises its version when it changes."""
    with transaction.atomic():
        locked = FollowUp._base_manager.select_for_update().get(pk=follow_up.pk)
        before = (locked.status, locked.last_entry_on)
        _recount(locked, without=None)
        locked.status = status
        if (locked.status, locked.last_entry_on) == before:
            return False
        locked.version += 1
        locked.save(update_fields=["status", "last_entry_on", "version"])
        return True


def _latest(follow_up: FollowUp, date: datetime.date) -> None:
    """An entry of ``date`` was added: the last-entry date is the later of the two (on the
    row as re-read under the lock)."""
    if follow_up.last_entry_on is None or follow_up.last_entry_on < date:
        follow_up.last_entry_on = date


def _recount(follow_up: FollowUp, *, without: int, date: datetime.date | None = None) -> None:
    """An entry changed its date or went: the latest date of the other entries (and
    ``date``). The other entries cannot change meanwhile: their writers wait for the lock
    on the follow-up."""
    others = (
        FollowUpEntry._base_manager.filter(follow_up=follow_up)
        .exclude(pk=without)
        .aggregate(latest=Max("date"))["latest"]
    )
    dates = [d for d in (others, date) if d is not None]
    follow_up.last_entry_on = max(dates) if dates else None


def follow_up_entry_add(
    *,
    follow_up: FollowUp,
    by,
    date: datetime.date | None = None,
    text: str,
    evidence_meeting=None,
    evidence_document=None,
    evidence_label=None,
    evidence_url: str = "",
) -> FollowUpEntry:
    """Record what was done, through ``FollowUpEntryWrites``: only the Secretariat and the
    owner partner's focal points may; a cited document must be one the writer can see."""
    return writes_for(FollowUpEntry).create(
        by=by,
        values={
            "follow_up": follow_up,
            "date": date,
            "text": text,
            "evidence_meeting": evidence_meeting,
            "evidence_document": evidence_document,
            "evidence_label": evidence_label,
            "evidence_url": evidence_url or "",
        },
    )
