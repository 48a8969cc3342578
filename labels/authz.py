"""The labelling URLs in the authorisation matrix (see ``core.authz``).

``setup(world)`` adds: ``label_draft`` (a draft of ``world.country``), ``label_review`` (under
Steering Committee review), ``label_labelled`` (a labelled activity), ``label_step`` and
``label_step_api`` (drafts the withdraw steps use) and ``label_action`` (an action of the
current action plan, created with a plan if the world has none).
"""

import datetime

from django.utils import timezone

from core.authz import EVERYONE, SIGNED_IN, STAFF, Case

APPLICANT = frozenset({"focal_point"})
APPLICANT_AND_STAFF = APPLICANT | STAFF
FOCAL_POINTS_AND_STAFF = (
    frozenset({"focal_point", "other_focal_point", "reference_country"}) | STAFF
)
REVIEWERS = APPLICANT_AND_STAFF | {"steering_committee", "chair"}
NOBODY = frozenset()


def setup(world) -> None:
    from frameworks.choices import FrameworkKind, ItemKind
    from frameworks.models import Framework, FrameworkItem
    from labels.models import LabelApplication, LinkedAction
    from labels.selectors import current_actions

    action = current_actions().first()
    if action is None:
        year = timezone.localdate().year
        plan = Framework.objects.create(
            slug="authz-plan",
            name_en="Action plan for the authorisation tests",
            kind=FrameworkKind.ACTION_PLAN,
            period_start=year - 1,
            period_end=year + 1,
        )
        action = FrameworkItem.objects.create(
            framework=plan, code="A1", kind=ItemKind.ACTION, number="1", title_en="Action 1"
        )
    world.label_action = action
    common = {
        "description": "A workshop.",
        "kind": "event",
        "lead_country": world.country,
        "funders": "France",
        "start_date": datetime.date(2026, 3, 10),
        "end_date": datetime.date(2026, 3, 11),
        "city": "Dakar",
        "expected_results": "A network.",
        "contact_name": "Awa Diop",
        "contact_email": "awa@example.org",
    }
    now = timezone.now()
    world.label_draft = LabelApplication.objects.create(title="Draft (authz)", **common)
    world.label_step = LabelApplication.objects.create(title="Step (authz)", **common)
    world.label_step_api = LabelApplication.objects.create(title="Step API (authz)", **common)
    world.label_review = LabelApplication.objects.create(
        title="Review (authz)",
        state="review",
        review_opened_at=now,
        silence_deadline=now + datetime.timedelta(days=10),
        **common,
    )
    world.label_labelled = LabelApplication.objects.create(
        title="Labelled (authz)",
        state="labelled",
        review_opened_at=now,
        label_start=common["start_date"],
        label_end=common["end_date"],
        **common,
    )
    for application in (
        world.label_draft,
        world.label_step,
        world.label_step_api,
        world.label_review,
        world.label_labelled,
    ):
        LinkedAction.objects.create(application=application, item=action, justification="Why.")


def _pk(name):
    return lambda w: {"pk": getattr(w, name).pk}


def _version(name, **extra):
    def data(w):
        from labels.models import LabelApplication

        version = LabelApplication.objects.get(pk=getattr(w, name).pk).version
        return {"version": version, **extra}

    return data


def _new_application(w):
    return {
        "title": "New (authz)",
        "kind": "event",
        "description": "A workshop.",
        "lead_country": w.country.iso2,
        "funders": "France",
        "start_date": "2026-03-10",
        "end_date": "2026-03-11",
        "city": "Dakar",
        "actions": [{"action": w.label_action.uid, "justification": "Why."}],
        "expected_results": "A network.",
        "contact_name": "Awa Diop",
        "contact_email": "awa@example.org",
    }


JSON = "application/json"

CASES = [
    # Public pages of labelled activities.
    Case("labels:list", "list", EVERYONE),
    Case("labels:list", "export", EVERYONE, query="?export=csv"),
    Case("labels:detail", "view", EVERYONE, kwargs=_pk("label_labelled")),
    Case("labels:detail", "view", NOBODY, kwargs=_pk("label_draft")),
    # The applications workspace.
    Case("labels:applications", "list", SIGNED_IN),
    Case("labels:applications", "export", SIGNED_IN, query="?export=json"),
    Case("labels:create", "create", FOCAL_POINTS_AND_STAFF),
    Case("labels:application", "view", APPLICANT_AND_STAFF, kwargs=_pk("label_draft")),
    Case("labels:application", "view", REVIEWERS, kwargs=_pk("label_review")),
    Case("labels:edit", "change", APPLICANT_AND_STAFF, kwargs=_pk("label_draft")),
    Case(
        "labels:transition",
        "change",
        APPLICANT,
        kwargs=lambda w: {"pk": w.label_step.pk, "transition": "withdraw"},
        method="POST",
        data=_version("label_step", reason=""),
    ),
    Case(
        "labels:transition",
        "change",
        frozenset({"steering_committee"}),
        kwargs=lambda w: {"pk": w.label_review.pk, "transition": "object"},
        method="POST",
        data=_version("label_review", reason="An objection."),
    ),
    Case(
        "labels:report",
        "change",
        APPLICANT,
        kwargs=_pk("label_labelled"),
        method="POST",
        data=_version("label_labelled", text="Forty participants."),
    ),
    # API.
    Case("api:label-list", "list", EVERYONE),
    Case("api:label-list", "export", EVERYONE, query="?format=csv"),
    Case("api:label-detail", "view", EVERYONE, kwargs=_pk("label_labelled")),
    Case("api:label-detail", "view", NOBODY, kwargs=_pk("label_draft")),
    Case("api:label-application-list", "list", SIGNED_IN),
    Case(
        "api:label-application-list",
        "create",
        APPLICANT_AND_STAFF,
        method="POST",
        data=_new_application,
        content_type=JSON,
    ),
    Case("api:label-application-detail", "view", APPLICANT_AND_STAFF, kwargs=_pk("label_draft")),
    Case("api:label-application-detail", "view", REVIEWERS, kwargs=_pk("label_review")),
    Case(
        "api:label-application-detail",
        "change",
        APPLICANT_AND_STAFF,
        kwargs=_pk("label_draft"),
        method="PATCH",
        data=_version("label_draft", title="Renamed (authz)"),
        content_type=JSON,
    ),
    Case(
        "api:label-application-transition",
        "change",
        APPLICANT,
        kwargs=_pk("label_step_api"),
        method="POST",
        data=lambda w: {"transition": "withdraw", **_version("label_step_api")(w)},
        content_type=JSON,
    ),
]
