"""Every write of the labelling workflow: one function per step, each in one transaction.

Views, the API, the admin actions, the scheduled commands and the tests call these functions,
so a step behaves the same everywhere. State changes go through ``WORKFLOW.perform`` (state,
actor, reason, optimistic locking, the transition log, e-mails after the commit); edits go
through ``save_versioned`` (a stale version raises ``workflows.locking.Conflict``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.roles import roles_of
from workflows.engine import TransitionNotAllowed
from workflows.locking import Conflict, save_versioned
from workflows.writes import WriteService, writes_for

from .choices import EDITABLE_STATES
from .models import LabelApplication, LinkedAction, report_days, silence_days
from .selectors import current_actions, recipients
from .workflow import WORKFLOW

# Fields an applicant fills in (everything else is set by the workflow).
APPLICANT_FIELDS = (
    "title", "description", "kind", "lead_country", "lead_organisation", "funders",
    "start_date", "end_date", "format", "city", "place_country", "budget",
    "expected_results", "contact_name", "contact_email", "contact_phone",
)  # fmt: skip


@dataclass(frozen=True)
class Link:
    """One linked action as submitted: the framework item and why the activity serves it."""

    item: object
    justification: str


LINKS = "links"  # the linked actions, in a write's values: a list of ``Link``
LEAD_REFUSED = gettext_lazy("You may apply only for a partner you are a focal point of.")
NOT_EDITABLE = gettext_lazy(
    "An application can be edited only while it is a draft or sent back for changes."
)


def _check_lead(by, lead_country, lead_organisation) -> None:
    roles = roles_of(by)
    if roles.staff:
        return
    if lead_country is not None and roles.acts_for_country(lead_country.pk):
        return
    if lead_organisation is not None and roles.acts_for_organisation(lead_organisation.pk):
        return
    raise PermissionDenied(LEAD_REFUSED)


def _clean_links(links) -> list[Link]:
    links = list(links or [])
    if not links:
        raise ValidationError({LINKS: _("Link at least one action of the current action plan.")})
    allowed = set(current_actions().values_list("id", flat=True))
    seen, errors = set(), []
    for link in links:
        if link.item is None or link.item.pk not in allowed:
            code = getattr(link.item, "uid", "?")
            errors.append(
                _("“%(item)s” is not an action of the current action plan.") % {"item": code}
            )
        elif link.item.pk in seen:
            errors.append(_("“%(item)s” is linked twice.") % {"item": link.item.uid})
        seen.add(getattr(link.item, "pk", None))
        if not (link.justification or "").strip():
            errors.append(
                _("Say how the activity contributes to “%(item)s”.")
                % {"item": getattr(link.item, "uid", "?")}
            )
    if errors:
        raise ValidationError({LINKS: errors})
    return [Link(link.item, link.justification.strip()) for link in links]


def _write_links(application, links) -> None:
    keep = {link.item.pk: link.justification for link in links}
    application.links.exclude(item_id__in=keep).delete()
    existing = {row.item_id: row for row in application.links.all()}
    for item_id, justification in keep.items():
        row = existing.get(item_id)
        if row is None:
            LinkedAction.objects.create(
                application=application, item_id=item_id, justification=justification
            )
        elif row.justification != justification:
            row.justification = justification
            row.save(update_fields=["justification"])


class LabelApplicationWrites(WriteService):
    """Create and edit an application (its applicant's fields, co-organisers and linked
    actions); the pages, the API and the admin call it. Steps go through ``WORKFLOW``.

    - Who: the Secretariat, or a focal point for a lead partner it acts for (403 otherwise);
      edits while a draft or sent back for changes (``restrict(user, "change")``).
    - ``lead_country`` and ``lead_organisation`` are the owner fields: only the Secretariat
      moves an application to another partner.
    - ``links`` (a list of ``Link``, in the values): at least one, each an action of the
      current action plan, once, with its justification; required on creation from the pages
      and the API (the admin's create leaves them to the application's page).
    - Co-organisers never repeat the lead partner; the model's rules (dates, one lead
      partner, the place) come from ``LabelApplication.clean``.
    """

    owner_fields = ("lead_country", "lead_organisation")

    def may_create(self, by, values: dict) -> bool:
        roles = roles_of(by)
        return roles.staff or roles.focal_point

    def _split(self, values: dict) -> tuple[dict, dict]:
        values = dict(values)
        links = values.pop(LINKS, None)
        plain, m2m = super()._split(values)
        if links is not None:
            m2m[LINKS] = links
        return plain, m2m

    def prepare(self, record, *, by, creating: bool) -> None:
        if creating and record.created_by_id is None and getattr(by, "is_authenticated", False):
            record.created_by = by

    def update(self, *, record, by, values: dict, expected_version=None):
        if record.state not in EDITABLE_STATES:
            raise TransitionNotAllowed(NOT_EDITABLE)
        return super().update(
            record=record, by=by, values=values, expected_version=expected_version
        )

    def clean(self, record, *, by, creating: bool, m2m: dict) -> None:
        if creating:
            _check_lead(by, record.lead_country, record.lead_organisation)
        elif not LabelApplication._base_manager.filter(
            pk=record.pk, state__in=EDITABLE_STATES
        ).exists():
            # A step was taken since the writer read it (inside the write's transaction).
            raise Conflict(LabelApplication._base_manager.get(pk=record.pk))
        if LINKS in m2m:
            # Kept on the instance until after_write: the many-to-many loop skips it.
            record._links_to_write = _clean_links(m2m.pop(LINKS))
        for name, lead in (
            ("co_organising_countries", record.lead_country_id),
            ("co_organising_organisations", record.lead_organisation_id),
        ):
            if m2m.get(name) is not None:
                m2m[name] = [partner for partner in m2m[name] if partner.pk != lead]

    def after_write(self, record, *, by, created: bool, m2m: dict) -> None:
        links = record.__dict__.pop("_links_to_write", None)
        if links is not None:
            _write_links(record, links)


def _values(data: dict, co_countries, co_organisations, links) -> dict:
    values = {name: data[name] for name in APPLICANT_FIELDS if name in data}
    if co_countries is not None:
        values["co_organising_countries"] = list(co_countries)
    if co_organisations is not None:
        values["co_organising_organisations"] = list(co_organisations)
    if links is not None:
        values[LINKS] = list(links)
    return values


def application_create(
    *, by, data: dict, co_countries=(), co_organisations=(), links=()
) -> LabelApplication:
    """A new draft application (``LabelApplicationWrites.create``). Raises
    ``PermissionDenied`` (not a focal point of the lead partner) or ``ValidationError``
    (nothing saved)."""
    return writes_for(LabelApplication).create(
        by=by, values=_values(data, co_countries, co_organisations, links)
    )


def application_update(
    *,
    application: LabelApplication,
    by,
    expected_version: int,
    data: dict,
    co_countries=None,
    co_organisations=None,
    links=None,
) -> LabelApplication:
    """Edit a draft (or an application sent back for changes): ``LabelApplicationWrites``.
    ``Conflict`` if someone saved it after ``expected_version`` was read; nothing is written
    then."""
    return writes_for(LabelApplication).update(
        record=application,
        by=by,
        values=_values(data, co_countries, co_organisations, links),
        expected_version=expected_version,
    )


def _changes_for(application: LabelApplication, name: str, at) -> dict:
    if name == "submit":
        return {"submitted_at": at}
    if name == "open_review":
        return {"review_opened_at": at, "silence_deadline": at + timedelta(days=silence_days())}
    if name in ("grant", "grant_by_silence"):
        start = timezone.localdate(at)
        return {
            "decided_at": at,
            "label_start": start,
            "label_end": max(application.end_date, start),
            "report_due": application.end_date + timedelta(days=report_days()),
        }
    if name in ("decline", "declare_ineligible"):
        return {"decided_at": at}
    return {}


def application_transition(
    *,
    application: LabelApplication,
    name: str,
    by,
    reason: str = "",
    expected_version: int | None = None,
    at=None,
) -> LabelApplication:
    """Take workflow step ``name`` (see ``workflow.json``). Raises ``TransitionNotAllowed``,
    ``PermissionDenied`` or ``Conflict``; nothing is written then."""
    if name == "report_outcome":
        raise TransitionNotAllowed(_("Send the outcome report with its form."))
    at = at or timezone.now()
    return WORKFLOW.perform(
        application,
        name,
        user=by,
        reason=reason,
        expected_version=expected_version,
        changes=_changes_for(application, name, at),
        at=at,
    )


def label_report_submit(
    *, application: LabelApplication, by, text: str, expected_version: int, at=None
) -> LabelApplication:
    """The applicant's outcome report, after the activity's end: the step ``report_outcome``."""
    at = at or timezone.now()
    application.report_text = (text or "").strip()
    application.full_clean(
        exclude=[f.name for f in LabelApplication._meta.fields if f.name != "report_text"]
    )
    return WORKFLOW.perform(
        application,
        "report_outcome",
        user=by,
        expected_version=expected_version,
        changes={"report_text": application.report_text, "report_submitted_at": at},
        at=at,
    )


def labels_silence(*, at=None) -> list[LabelApplication]:
    """Grant every label whose no-objection period ended without objection (as "system").

    Idempotent: a granted label is no longer under review, so a second run finds nothing.
    A record changed meanwhile (an objection at the last minute) is left to the next run.
    """
    at = at or timezone.now()
    granted = []
    due = LabelApplication.objects.filter(state="review", silence_deadline__lte=at)
    for application in due.order_by("silence_deadline", "id"):
        try:
            application_transition(application=application, name="grant_by_silence", by=None, at=at)
        except (Conflict, ValidationError):
            continue
        granted.append(application)
    return granted


def labels_overdue(*, at=None) -> list[LabelApplication]:
    """Remind the applicant and the Secretariat of each overdue outcome report, once.

    Idempotent: the reminder's time is stored on the record and a reminded report is skipped.
    """
    at = at or timezone.now()
    reminded = []
    overdue = LabelApplication.objects.report_overdue(timezone.localdate(at)).filter(
        report_reminder_sent_at__isnull=True
    )
    for application in overdue.select_related("lead_country", "lead_organisation"):
        try:
            with transaction.atomic():
                save_versioned(application, application.version, report_reminder_sent_at=at)
                emails = recipients(application, "applicant") + recipients(
                    application, "secretariat"
                )
                subject = _("[Rabat Process] Outcome report overdue: %(title)s") % {
                    "title": application.title[:120]
                }
                body = _(
                    "The outcome report of the labelled activity “%(title)s” was due on "
                    "%(due)s. Please send it from the application's page: %(url)s"
                ) % {
                    "title": application.title,
                    "due": application.report_due.isoformat(),
                    "url": _site_url(application.get_absolute_url()),
                }
                if emails:
                    addresses = sorted(set(emails))
                    transaction.on_commit(
                        lambda s=subject, b=body, a=addresses: send_mail(
                            s, b, None, a, fail_silently=True
                        )
                    )
        except Conflict:
            continue
        reminded.append(application)
    return reminded


def _site_url(path: str) -> str:
    from django.conf import settings

    return settings.SITE_URL.rstrip("/") + path
