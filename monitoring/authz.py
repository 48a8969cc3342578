"""Authorisation matrix of the monitoring pages and API (see core/authz.py)."""

import datetime

from core.authz import EVERYONE, PARTNERS, SIGNED_IN, STAFF, Case

OWN = frozenset({"focal_point"}) | STAFF
COUNTRY_FOCAL_POINTS = frozenset({"focal_point", "other_focal_point", "reference_country"})


def setup(world):
    from core.models import Visibility
    from monitoring.choices import RecordState, RoundState
    from monitoring.models import Initiative, Round, RoundSubmission

    today = datetime.date.today()
    world.round = Round.objects.create(
        title="Round 2026",
        opens=today - datetime.timedelta(days=10),
        deadline=today + datetime.timedelta(days=20),
        state=RoundState.OPEN,
    )
    world.draft_round = Round.objects.create(
        title="Round 2027", opens=today, deadline=today, state=RoundState.DRAFT
    )
    world.submission = RoundSubmission.objects.create(round=world.round, country=world.country)
    world.other_submission = RoundSubmission.objects.create(
        round=world.round, country=world.other_country
    )
    # A description and a start date: what the IATI export needs to publish a record.
    base = {
        "kind": "project",
        "status": "ongoing",
        "country": world.country,
        "description_en": "What the initiative does.",
        "start_date": today - datetime.timedelta(days=100),
    }
    world.public_initiative = Initiative.objects.create(
        title_en="Public initiative", record_state=RecordState.VALIDATED, **base
    )
    world.partners_initiative = Initiative.objects.create(
        title_en="Partners-only initiative",
        record_state=RecordState.VALIDATED,
        visibility=Visibility.PARTNERS,
        **base,
    )
    world.draft_initiative = Initiative.objects.create(
        title_en="Draft initiative",
        record_state=RecordState.DRAFT,
        submission=world.submission,
        **base,
    )
    from monitoring.models import Reminder

    world.reminder = Reminder.objects.create(
        round=world.round, country=world.other_country, sent_on=today, recipients="x@example.org"
    )


def _pk(name):
    return lambda world: {"pk": getattr(world, name).pk}


def _new_initiative(world):
    return {
        "country": world.country.iso2,
        "kind": "policy",
        "status": "planned",
        "title_en": "New policy",
    }


CASES = [
    # Initiatives: public records for everyone, partners-only for partners, drafts for the
    # country's focal point and the Secretariat.
    Case("monitoring:initiatives", "list", EVERYONE),
    Case("monitoring:initiatives", "export", EVERYONE, query="?export=csv"),
    Case("monitoring:initiatives", "export", EVERYONE, query="?export=xlsx"),
    Case("monitoring:initiatives", "export", EVERYONE, query="?export=iati"),
    Case("monitoring:initiative", "view", EVERYONE, kwargs=_pk("public_initiative")),
    Case("monitoring:initiative", "view", PARTNERS, kwargs=_pk("partners_initiative")),
    Case("monitoring:initiative", "view", OWN, kwargs=_pk("draft_initiative")),
    Case("monitoring:initiative-create", "create", COUNTRY_FOCAL_POINTS | STAFF),
    Case("monitoring:initiative-edit", "change", OWN, kwargs=_pk("draft_initiative")),
    Case("monitoring:initiative-edit", "change", STAFF, kwargs=_pk("public_initiative")),
    Case(
        "monitoring:initiative-delete",
        "delete",
        OWN,
        kwargs=_pk("draft_initiative"),
        method="POST",
    ),
    Case("monitoring:import", "create", STAFF),
    Case("monitoring:submission-import", "create", OWN, kwargs=_pk("submission")),
    # Rounds and submissions.
    Case("monitoring:rounds", "list", PARTNERS),
    Case("monitoring:round-create", "create", STAFF),
    Case("monitoring:round", "view", PARTNERS, kwargs=_pk("round")),
    Case("monitoring:round", "view", STAFF, kwargs=_pk("draft_round")),
    Case(
        "monitoring:round-step",
        "change",
        STAFF,
        kwargs=lambda w: {"pk": w.draft_round.pk, "step": "open"},
        method="POST",
    ),
    Case("monitoring:submission", "view", OWN, kwargs=_pk("submission")),
    Case(
        "monitoring:submission-step",
        "change",
        OWN,
        kwargs=lambda w: {"pk": w.submission.pk, "transition": "submit"},
        method="POST",
        data=lambda w: {"version": w.submission.version, "reason": ""},
    ),
    Case("monitoring:completeness", "view", STAFF, kwargs=_pk("round")),
    Case("monitoring:completeness", "export", STAFF, kwargs=_pk("round"), query="?export=csv"),
    Case("monitoring:completeness", "change", STAFF, kwargs=_pk("round"), method="POST"),
    # Dashboard: public figures for everyone (partners-only records counted for partners).
    Case("monitoring:dashboard", "view", EVERYONE),
    Case("monitoring:dashboard", "export", EVERYONE, query="?export=csv&table=coverage"),
    Case(
        "monitoring:dashboard",
        "export",
        EVERYONE,
        query="?export=json&table=recommendations&year_from=2020&year_to=2030",
    ),
    Case("monitoring:dashboard", "export", EVERYONE, query="?export=csv&table=matrix"),
    Case("monitoring:dashboard-maps", "view", EVERYONE),
    Case("monitoring:dashboard-matrix", "view", EVERYONE),
    Case("monitoring:dashboard-maps", "view", EVERYONE, query="?year_from=2020"),
    Case("api:initiative-coverage", "view", EVERYONE),
    # Open data: public files for everyone.
    Case("monitoring:data", "list", EVERYONE),
    Case("monitoring:dictionary", "view", EVERYONE),
    Case("monitoring:catalogue", "view", EVERYONE),
    Case(
        "monitoring:data-file",
        "export",
        EVERYONE,
        kwargs={"key": "initiatives", "fmt": "csv"},
    ),
    # API.
    Case("api:initiative-list", "list", EVERYONE),
    Case("api:initiative-detail", "view", EVERYONE, kwargs=_pk("public_initiative")),
    Case("api:initiative-detail", "view", PARTNERS, kwargs=_pk("partners_initiative")),
    Case("api:initiative-detail", "view", OWN, kwargs=_pk("draft_initiative")),
    Case(
        "api:initiative-list",
        "create",
        OWN,
        method="POST",
        data=_new_initiative,
        content_type="application/json",
    ),
    Case(
        "api:initiative-detail",
        "change",
        OWN,
        kwargs=_pk("draft_initiative"),
        method="PATCH",
        data=lambda w: {"title_en": "Changed", "version": w.draft_initiative.version},
        content_type="application/json",
    ),
    Case(
        "api:initiative-detail",
        "delete",
        OWN,
        kwargs=_pk("draft_initiative"),
        method="DELETE",
    ),
    Case("api:round-list", "list", PARTNERS),
    Case("api:round-detail", "view", PARTNERS, kwargs=_pk("round")),
    Case("api:round-submission-list", "list", PARTNERS),
    Case("api:round-submission-detail", "view", OWN, kwargs=_pk("submission")),
    Case(
        "api:round-submission-transition",
        "change",
        OWN,
        kwargs=_pk("submission"),
        method="POST",
        data=lambda w: {"transition": "submit", "version": w.submission.version},
        content_type="application/json",
    ),
]

__all__ = ["CASES", "SIGNED_IN", "setup"]
