"""Writes of the monitoring app: rounds, submissions, initiatives, reminders.

Views, the API, the admin, management commands and tests call these functions.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import roles_of
from partners.models import Country
from workflows.writes import WriteService, writes_for

from .choices import ROUND_TRANSITIONS, RecordState, RoundState
from .models import (
    SUBMISSION_WORKFLOW,
    Initiative,
    Reminder,
    Round,
    RoundSubmission,
    focal_point_emails,
)


def _require_staff(user) -> None:
    if user is not None and not roles_of(user).staff:
        raise PermissionDenied(_("Only the Secretariat may do this."))


def copy_initiative(source: Initiative, **overrides) -> Initiative:
    """A copy of ``source`` with its organisations, countries, results, sources and items."""
    fields = {
        f.name: getattr(source, f.name)
        for f in Initiative._meta.concrete_fields
        if f.name not in ("id", "version", "created_at", "updated_at", "start_year")
    }
    fields.update(overrides)
    copy = Initiative.objects.create(**fields)
    copy.framework_items.set(source.framework_items.all())
    for related in ("organisations", "countries", "results", "sources"):
        for row in getattr(source, related).all():
            row.pk = None
            row.initiative = copy
            row.save()
    return copy


@transaction.atomic
def round_open(*, round: Round, by, countries=None) -> list[RoundSubmission]:
    """Open ``round``: one submission per current partner country, pre-filled with drafts
    copied from the country's validated initiatives (the result of the previous rounds)."""
    _require_staff(by)
    if RoundState.OPEN not in ROUND_TRANSITIONS.get(round.state, set()):
        raise ValidationError(_("Only a draft round can be opened."))
    round.state = RoundState.OPEN
    round.full_clean()
    round.save()
    if countries is None:
        countries = Country.objects.current().filter(status="partner")
    submissions = []
    from .coverage import deferred

    with deferred():
        submissions = _fill_submissions(round, countries)
    return submissions


def _fill_submissions(round, countries) -> list[RoundSubmission]:
    submissions = []
    for country in countries:
        submission, _created = RoundSubmission.objects.get_or_create(round=round, country=country)
        validated = Initiative.objects.filter(
            country=country, record_state=RecordState.VALIDATED
        ).prefetch_related("framework_items", "organisations", "countries", "results", "sources")
        for initiative in validated:
            if not submission.initiatives.filter(uid=initiative.uid).exists():
                copy_initiative(initiative, record_state=RecordState.DRAFT, submission=submission)
        submissions.append(submission)
    return submissions


@transaction.atomic
def round_close(*, round: Round, by) -> Round:
    _require_staff(by)
    if RoundState.CLOSED not in ROUND_TRANSITIONS.get(round.state, set()):
        raise ValidationError(_("Only an open round can be closed."))
    round.state = RoundState.CLOSED
    round.save()
    return round


def publish_submission(submission: RoundSubmission) -> int:
    """The submission's drafts become the validated records; earlier versions are superseded."""
    from .coverage import deferred, refresh

    drafts = list(submission.initiatives.filter(record_state=RecordState.DRAFT))
    uids = [d.uid for d in drafts]
    with deferred():
        previous = Initiative.objects.filter(uid__in=uids, record_state=RecordState.VALIDATED)
        superseded = list(previous.values_list("id", flat=True))
        previous.update(record_state=RecordState.SUPERSEDED)
        refresh(superseded)  # update() sends no signal: out of the dashboard's figures
        for draft in drafts:
            draft.record_state = RecordState.VALIDATED
            draft.save(update_fields=["record_state", "updated_at"])
    return len(drafts)


class PublishingWorkflow:
    """The submission workflow, plus publication of the drafts in the validating transaction.

    Views (``TransitionView``) and the API (``TransitionActionMixin``) take steps through this
    object, so that validation publishes the same way everywhere.
    """

    def __init__(self, workflow):
        self.workflow = workflow

    def __getattr__(self, name):
        return getattr(self.workflow, name)

    def perform(self, record, name, **kwargs):
        with transaction.atomic():
            self.workflow.perform(record, name, **kwargs)
            if name == "validate" and record.state == "validated":
                publish_submission(record)
        return record


submission_workflow = PublishingWorkflow(SUBMISSION_WORKFLOW)


def submission_step(
    *, submission: RoundSubmission, transition: str, by, reason: str = "", version=None
) -> RoundSubmission:
    """Take a workflow step on a submission; validating publishes its initiatives."""
    return submission_workflow.perform(
        submission, transition, user=by, reason=reason, expected_version=version
    )


class InitiativeWrites(WriteService):
    """Create, edit and delete of an initiative (pages, API, admin and ``initiative_create``).

    The Secretariat records validated initiatives outside a round (or drafts in any
    submission). A focal point writes drafts of its own country, in that country's open
    submission, while the submission is in progress or returned (``restrict(by, "change")``
    for edits and deletes). Only the Secretariat moves a record to another country or
    submission (``owner_fields``). A draft stays with its submission's country.
    """

    owner_fields = ("country", "submission")

    def may_create(self, by, values: dict) -> bool:
        roles = roles_of(by)
        if roles.staff:
            return True
        submission = values.get("submission")
        if submission is not None and not roles.acts_for_country(submission.country_id):
            raise PermissionDenied(_("You may not add initiatives to this submission."))
        country = values.get("country")
        if country is None:
            return bool(roles.country_ids)  # the model's rule names the missing country
        if not roles.acts_for_country(getattr(country, "pk", country)):
            raise PermissionDenied(_("You may only add initiatives of your own country."))
        return True

    def target(self, *, by, country_id, submission=None) -> RoundSubmission | None:
        """Where a new initiative of ``country_id`` by ``by`` goes: ``None`` (a validated
        record, the Secretariat only) or the open submission it is a draft of. Raises
        ``ValidationError`` when there is none."""
        if submission is None and not roles_of(by).staff:
            submission = submission_for_editing(user=by, country_id=country_id)
            if submission is None:
                raise ValidationError(
                    _("Initiatives are added in your country’s submission while a round is open.")
                )
        if submission is not None and not (
            submission.editable and submission.country_id == country_id
        ):
            raise ValidationError(_("This submission cannot be changed now."))
        return submission

    def clean(self, record, *, by, creating: bool, m2m: dict) -> None:
        if record.country_id is None:
            return  # full_clean() names the missing country
        if creating:
            record.submission = self.target(
                by=by, country_id=record.country_id, submission=record.submission
            )
            record.record_state = RecordState.DRAFT if record.submission else RecordState.VALIDATED
        elif record.submission_id and record.submission.country_id != record.country_id:
            raise ValidationError(
                {"country": _("A draft stays with the country of its round submission.")}
            )


def creation_target(*, by, country, submission=None):
    """Where a new initiative of ``country`` by ``by`` goes (``InitiativeWrites``'s rule):
    ``None`` or the submission it is a draft of. Raises ``PermissionDenied`` or
    ``ValidationError``."""
    service = writes_for(Initiative)
    service.may_create(by, {"country": country, "submission": submission})
    return service.target(by=by, country_id=country.pk, submission=submission)


def initiative_create(*, by, framework_items=(), submission=None, **fields) -> Initiative:
    """A new initiative through ``InitiativeWrites``: validated when the Secretariat records
    it outside a round, otherwise a draft in the reporting country's open submission."""
    values = {**fields, "submission": submission, "framework_items": list(framework_items)}
    return writes_for(Initiative).create(by=by, values=values)


def initiative_delete(*, initiative: Initiative, by) -> None:
    """Delete through ``InitiativeWrites``: a record ``restrict(by, "delete")`` gives."""
    writes_for(Initiative).delete(record=initiative, by=by)


class RoundWrites(WriteService):
    """Create, edit and delete of a round: the Secretariat. Its state moves only by the steps
    ``round_open`` / ``round_close`` (which fill in the submissions), never by an edit."""

    def clean(self, record, *, by, creating: bool, m2m: dict) -> None:
        stored = None if creating else type(record)._base_manager.get(pk=record.pk)
        if (stored.state if stored else RoundState.DRAFT) != record.state:
            raise ValidationError(
                {"state": _("A round is opened and closed by its steps, not by an edit.")}
            )


class RoundSubmissionWrites(WriteService):
    """Create, edit and delete of a submission (the admin; the Secretariat). Its state moves
    only by the workflow's steps (``submission_step``), never by an edit."""

    owner_fields = ("country", "round")

    def clean(self, record, *, by, creating: bool, m2m: dict) -> None:
        stored = None if creating else type(record)._base_manager.get(pk=record.pk)
        initial = SUBMISSION_WORKFLOW.initial
        if (stored.state if stored else initial) != record.state:
            raise ValidationError(
                {"state": _("A submission's state moves by its workflow steps, not by an edit.")}
            )


def submission_for_editing(*, user, country_id) -> RoundSubmission | None:
    """The open submission of ``country_id`` that ``user`` may fill in now, if any."""
    roles = roles_of(user)
    if not (roles.staff or roles.acts_for_country(country_id)):
        return None
    return (
        RoundSubmission.objects.filter(
            country_id=country_id,
            state__in=("in_progress", "returned"),
            round__state=RoundState.OPEN,
        )
        .select_related("round")
        .order_by("-round__opens")
        .first()
    )


def completeness(round: Round) -> dict:
    """Per partner of the round: its submission state and number of initiatives."""
    from django.db.models import Count

    rows = list(
        round.submissions.select_related("country")
        .annotate(initiative_count=Count("initiatives"))
        .order_by("country__name_en")
    )
    counts = {"total": len(rows), "reported": 0, "not_reported": 0, "validated": 0}
    for row in rows:
        row.reported = row.state in ("submitted", "validated")
        counts["reported" if row.reported else "not_reported"] += 1
        counts["validated"] += row.state == "validated"
    return {"rows": rows, "counts": counts}


@transaction.atomic
def send_reminders(*, round: Round, by=None, today: datetime.date | None = None) -> list[Reminder]:
    """E-mail the focal points of every partner that has not submitted yet.

    Idempotent per day: a partner reminded today for this round is not reminded again.
    """
    _require_staff(by)
    today = today or timezone.localdate()
    if round.state != RoundState.OPEN:
        raise ValidationError(_("Reminders are only sent while the round is open."))
    sent = []
    pending = round.submissions.filter(state__in=("in_progress", "returned")).select_related(
        "country"
    )
    for submission in pending:
        if Reminder.objects.filter(round=round, country=submission.country, sent_on=today).exists():
            continue
        recipients = focal_point_emails(submission.country_id)
        reminder = Reminder.objects.create(
            round=round, country=submission.country, sent_on=today, recipients=", ".join(recipients)
        )
        sent.append(reminder)
        if recipients:
            subject = _("[Rabat Process] Reminder: %(round)s, deadline %(deadline)s") % {
                "round": round.title,
                "deadline": round.deadline.isoformat(),
            }
            body = _(
                "The initiatives of %(country)s for “%(round)s” have not been submitted yet. "
                "The deadline is %(deadline)s."
            ) % {
                "country": submission.country.name_en,
                "round": round.title,
                "deadline": round.deadline.isoformat(),
            }
            from django.conf import settings

            url = settings.SITE_URL.rstrip("/") + submission.get_absolute_url()
            transaction.on_commit(
                lambda s=subject, b=body + "\n\n" + url, r=recipients: send_mail(
                    s, b, settings.DEFAULT_FROM_EMAIL, r, fail_silently=True
                )
            )
    return sent


def initiatives_import(*, name: str, data: bytes, by, submission=None):
    """Import a CSV, XLSX or IATI XML file: ``(initiatives, unmapped)``; all rows or none.

    Raises ``monitoring.io.rows.ImportFailed`` with every row-level error.
    """
    from .io.iati import parse_activities
    from .io.rows import import_rows
    from .io.tabular import read_table

    unmapped: list[str] = []
    if name.lower().endswith(".xml"):
        rows, unmapped = parse_activities(data)
        first_line = 1  # IATI: "row" is the activity's position in the file
    else:
        rows = read_table(name, data)
        first_line = 2  # the header is row 1
    return import_rows(rows, by=by, submission=submission, first_line=first_line), unmapped
