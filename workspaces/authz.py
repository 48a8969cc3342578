"""Authorisation cases of the reference countries' pages and API (see core/authz.py).

Everyone reads the list and the workspaces; the Secretariat and the reference countries of
the domain write its roadmaps, reports and themes (another domain's reference country, or
any other account, gets a 404; visitors are sent to the login page).
"""

from __future__ import annotations

from core.authz import EVERYONE, JSON, STAFF, Case

EDITORS = STAFF | {"reference_country"}


def setup(world) -> None:
    from frameworks.choices import ItemKind
    from frameworks.models import ReferenceCountry
    from frameworks.tests.factories import FrameworkItemFactory
    from meetings.tests.factories import MeetingFactory

    from .models import ReferenceCountryReport, Theme

    domain = world.domain
    objective = FrameworkItemFactory(
        framework=domain.framework, parent=domain, kind=ItemKind.OBJECTIVE, code="WO1"
    )
    world.workspace_action = FrameworkItemFactory(
        framework=domain.framework, parent=objective, kind=ItemKind.ACTION, code="WA1"
    )
    MeetingFactory(framework_items=[world.workspace_action])
    world.reference_assignment, _created = ReferenceCountry.objects.get_or_create(
        country=world.reference_country, item=domain
    )
    world.workspace_report = ReferenceCountryReport.objects.create(
        assignment=world.reference_assignment, kind="roadmap", title="Roadmap", text="Plan."
    )
    world.workspace_theme = Theme.objects.create(
        assignment=world.reference_assignment, title="Alternatives to detention"
    )


def _domain(world):
    return {"framework": world.domain.framework.slug, "code": world.domain.code}


def _report(world):
    return {**_domain(world), "pk": world.workspace_report.pk}


def _theme(world):
    return {**_domain(world), "pk": world.workspace_theme.pk}


def _report_data(world):
    return {
        "assignment": world.reference_assignment.pk,
        "kind": "final_report",
        "title": "Final report",
        "date": "2022-06-30",
        "text": "What was done.",
        "version": world.workspace_report.version,
    }


def _theme_data(world):
    return {
        "assignment": world.reference_assignment.pk,
        "title": "Protection at sea",
        "description": "",
        "date": "2022-06-30",
        "version": world.workspace_theme.version,
    }


def _step(world):
    return {"pk": world.workspace_theme.pk, "transition": "withdraw"}


def _editable_api(basename, attribute, create_data, change):
    """An API endpoint everyone reads and the domain's editors write (with the version read)."""
    record = lambda w: getattr(w, attribute)  # noqa: E731
    detail = lambda w: {"pk": record(w).pk}  # noqa: E731
    return [
        Case(f"api:{basename}-list", "list", EVERYONE),
        Case(f"api:{basename}-detail", "view", EVERYONE, kwargs=detail),
        Case(
            f"api:{basename}-list",
            "create",
            EDITORS,
            method="POST",
            data=lambda w: {k: v for k, v in create_data(w).items() if k != "version"},
            content_type=JSON,
        ),
        Case(
            f"api:{basename}-detail",
            "change",
            EDITORS,
            kwargs=detail,
            method="PATCH",
            data=lambda w: {**change, "version": record(w).version},
            content_type=JSON,
        ),
    ]


CASES = [
    Case("workspaces:list", "list", EVERYONE),
    Case("workspaces:list", "export", EVERYONE, query="?export=csv"),
    Case("workspaces:workspace", "view", EVERYONE, kwargs=_domain),
    Case("workspaces:report-create", "create", EDITORS, kwargs=_domain),
    Case(
        "workspaces:report-create",
        "create",
        EDITORS,
        kwargs=_domain,
        method="POST",
        data=_report_data,
    ),
    Case("workspaces:report-edit", "change", EDITORS, kwargs=_report),
    Case(
        "workspaces:report-edit",
        "change",
        EDITORS,
        kwargs=_report,
        method="POST",
        data=_report_data,
    ),
    Case("workspaces:theme-create", "create", EDITORS, kwargs=_domain),
    Case(
        "workspaces:theme-create",
        "create",
        EDITORS,
        kwargs=_domain,
        method="POST",
        data=_theme_data,
    ),
    Case("workspaces:theme-edit", "change", EDITORS, kwargs=_theme),
    Case(
        "workspaces:theme-edit", "change", EDITORS, kwargs=_theme, method="POST", data=_theme_data
    ),
    Case(
        "workspaces:theme-transition",
        "change",
        EDITORS,
        kwargs=_step,
        method="POST",
        data=lambda w: {"version": w.workspace_theme.version, "reason": "Covered elsewhere."},
    ),
    *_editable_api(
        "reference-country-report",
        "workspace_report",
        _report_data,
        {"title": "Roadmap 2022"},
    ),
    *_editable_api(
        "reference-country-theme",
        "workspace_theme",
        _theme_data,
        {"title": "Protection at sea"},
    ),
    Case(
        "api:reference-country-theme-transition",
        "change",
        EDITORS,
        kwargs=lambda w: {"pk": w.workspace_theme.pk},
        method="POST",
        data=lambda w: {
            "transition": "withdraw",
            "reason": "Covered elsewhere.",
            "version": w.workspace_theme.version,
        },
        content_type=JSON,
    ),
]
