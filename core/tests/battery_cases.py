"""Write-battery declarations (``core.writebattery.WriteCase``) of the apps whose write
services were converted in parallel (assistance, monitoring, followup, labels, workspaces,
evaluations): kept here, in the battery's own file, rather than in their ``authz.py``.
The records they update are the matrix World's (``<app>/authz.py`` ``setup``)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from core.authz import STAFF
from core.writebattery import WriteCase, country, item, meeting

OUAGADOUGOU = "2019-02-ouagadougou-senior-officials-meeting"
OWNER_AND_STAFF = frozenset({"focal_point"}) | STAFF
EDITORS = STAFF | {"reference_country"}


def _domain(world):
    return {"framework": world.domain.framework.slug, "code": world.domain.code}


WRITES = [
    # ---- assistance ---------------------------------------------------------------------
    WriteCase(
        "assistance.AssistanceRequest",
        values=lambda w: {
            "title": "Trainings for judges and police on trafficking cases",
            "requesting_country": w.country,
            "requesting_organisation": None,
            "kind": "training",
            "need": "Two trainings on the investigation and prosecution of trafficking cases.",
            "framework_items": [item("cadiz-2022/D4")],
            "beneficiaries": "Judges, prosecutors and police officers",
            "timing": "First half of 2027",
        },
        changes=lambda w: {
            "need": "Two trainings, the second one in the regions.",
            "beneficiaries": "Judges and police officers of two regions",
        },
        record=lambda w: w.ta_pending,
        create_roles=OWNER_AND_STAFF,
        update_roles=OWNER_AND_STAFF,
        page_create="assistance:create",
        page_update="assistance:edit",
        api="assistance-request",
    ),  # fmt: skip
    WriteCase(
        "assistance.SecretariatNote",
        values=lambda w: {
            "request": w.ta_pending,
            "text": "IOM could deliver the second training; ask the delegation in Niamey.",
        },
        changes=lambda w: {"text": "IOM confirmed it can deliver the second training."},
        record=lambda w: w.ta_note,
        create_roles=STAFF,
        page_create="assistance:note",
        page_create_kwargs=lambda w: {"pk": w.ta_pending.pk},
    ),
    # ---- monitoring ---------------------------------------------------------------------
    WriteCase(
        "monitoring.Initiative",
        values=lambda w: {
            "country": w.country,
            "kind": "project",
            "status": "ongoing",
            "visibility": "public",
            "title_en": "Reintegration support for returnees in the Kayes region",
            "title_fr": "Appui à la réintégration des migrants de retour dans la région de Kayes",
            "description_en": "Vocational training and start-up grants for 400 returnees.",
            "budget": Decimal("250000.00"),
            "currency": "EUR",
            "start_date": datetime.date(2025, 1, 1),
            "end_date": datetime.date(2027, 12, 31),
        },
        changes=lambda w: {
            "title_fr": "Initiative en projet (révisée)",
            "budget": Decimal("180000.00"),
            "currency": "EUR",
        },
        record=lambda w: w.draft_initiative,
        create_roles=OWNER_AND_STAFF,
        update_roles=OWNER_AND_STAFF,
        page_create="monitoring:initiative-create",
        page_update="monitoring:initiative-edit",
        api="initiative",
    ),  # fmt: skip
    WriteCase(
        "monitoring.Round",
        values=lambda w: {
            "title": "Initiatives data collection 2027",
            "opens": datetime.date(2027, 1, 15),
            "deadline": datetime.date(2027, 3, 31),
        },
        changes=lambda w: {"deadline": datetime.date(2027, 4, 30)},
        record=lambda w: w.draft_round,
        create_roles=STAFF,
        page_create="monitoring:round-create",
    ),  # fmt: skip
    WriteCase(
        "monitoring.RoundSubmission",
        exempt="Created by opening a round and changed by its workflow steps only: the "
        "admin neither adds one nor edits a field (monitoring/admin.py).",
    ),
    WriteCase(
        "monitoring.Reminder",
        values=lambda w: {
            "round": w.round,
            "country": country("SN"),
            "sent_on": datetime.date(2026, 2, 1),
            "recipients": "focal.point@interieur.example.sn",
        },
        changes=lambda w: {"recipients": "focal.point@example.org, deputy@example.org"},
        record=lambda w: w.reminder,
    ),  # fmt: skip
    # ---- follow-up ----------------------------------------------------------------------
    WriteCase(
        "followup.FollowUp",
        # One follow-up per recommendation, created with it: nobody creates one by hand.
        values=lambda w: {},
        creates=False,
        # The status: the one field the owner's page, the API and the admin all carry.
        changes=lambda w: {"status": "in_progress"},
        record=lambda w: w.fu,
        update_roles=OWNER_AND_STAFF,
        page_update="followup:edit",
        api="follow-up",
    ),
    WriteCase(
        "followup.FollowUpEntry",
        values=lambda w: {
            "follow_up": w.fu,
            "date": datetime.date(2026, 3, 11),
            "text": "The network of contact points on return met for the first time.",
            "evidence_meeting": meeting(OUAGADOUGOU),
            "evidence_url": "https://www.rabat-process.org/en/",
        },
        changes=lambda w: {"text": "The network met twice (corrected)."},
        record=lambda w: w.fu_entry,
        create_roles=OWNER_AND_STAFF,
        page_create="followup:entry",
        page_create_kwargs=lambda w: {"pk": w.fu.pk},
        api="follow-up-entry",
    ),  # fmt: skip
    # ---- labels -------------------------------------------------------------------------
    WriteCase(
        "labels.LabelApplication",
        values=lambda w: {
            "title": "Regional workshop on return and reintegration",
            "kind": "event",
            "description": "Two days of exchanges between practitioners of return.",
            "lead_country": w.country,
            "lead_organisation": None,
            "co_organising_countries": [country("SN")],
            "funders": "France",
            "start_date": datetime.date(2026, 11, 10),
            "end_date": datetime.date(2026, 11, 11),
            "format": "in_person",
            "city": "Dakar",
            "place_country": country("SN"),
            "budget": Decimal("45000.00"),
            "expected_results": "A network of contact points on return.",
            "contact_name": "Awa Diop",
            "contact_email": "awa.diop@example.org",
            # The page and the API derive them from the linked actions (below); the admin,
            # where links are read-only, takes them as they are.
            "framework_items": [w.label_action],
        },
        form_extra=lambda w: {
            "links-TOTAL_FORMS": "1",
            "links-INITIAL_FORMS": "0",
            "links-0-item": w.label_action.pk,
            "links-0-justification": "The workshop builds the network this action calls for.",
        },
        api_extra=lambda w: {
            "actions": [
                {
                    "action": w.label_action.uid,
                    "justification": "The workshop builds the network this action calls for.",
                }
            ],
        },
        changes=lambda w: {"city": "Saint-Louis", "funders": "France and Senegal"},
        record=lambda w: w.label_draft,
        create_roles=OWNER_AND_STAFF,
        update_roles=OWNER_AND_STAFF,
        page_create="labels:create",
        page_update="labels:edit",
        api="label-application",
    ),  # fmt: skip
    # ---- workspaces ---------------------------------------------------------------------
    WriteCase(
        "workspaces.ReferenceCountryReport",
        values=lambda w: {
            "assignment": w.reference_assignment,
            "kind": "final_report",
            "title": "Final report on Domain 3: protection and asylum",
            "date": datetime.date(2022, 6, 30),
            "document": None,
            "text": "Two workshops on alternatives to detention were held.",
        },
        changes=lambda w: {"title": "Roadmap 2023-2027", "text": "Three activities."},
        record=lambda w: w.workspace_report,
        create_roles=EDITORS,
        update_roles=EDITORS,
        page_create="workspaces:report-create",
        page_create_kwargs=_domain,
        page_update="workspaces:report-edit",
        page_update_kwargs=lambda w, r: {**_domain(w), "pk": r.pk},
        api="reference-country-report",
    ),  # fmt: skip
    WriteCase(
        "workspaces.Theme",
        values=lambda w: {
            "assignment": w.reference_assignment,
            "title": "Protection at sea",
            "description": "Search and rescue, disembarkation, first reception.",
            "date": datetime.date(2024, 5, 14),
        },
        changes=lambda w: {"title": "Alternatives to detention (children)"},
        record=lambda w: w.workspace_theme,
        create_roles=EDITORS,
        update_roles=EDITORS,
        page_create="workspaces:theme-create",
        page_create_kwargs=_domain,
        page_update="workspaces:theme-edit",
        page_update_kwargs=lambda w, r: {**_domain(w), "pk": r.pk},
        api="reference-country-theme",
    ),  # fmt: skip
    # ---- evaluations --------------------------------------------------------------------
    WriteCase(
        "evaluations.EvaluationForm",
        values=lambda w: {
            "meeting": meeting(OUAGADOUGOU),
            "title": "Evaluation of the Senior Officials' Meeting",
            "intro": "Your answers help prepare the next meetings.",
            "language": "fr",
            "closes_at": datetime.datetime.combine(
                w.today + datetime.timedelta(days=30), datetime.time(18, 0), tzinfo=datetime.UTC
            ),
        },
        changes=lambda w: {"title": "Evaluation of the workshop (revised)"},
        record=lambda w: w.evaluation_draft,
        create_roles=STAFF,
        update_roles=STAFF,
        page_create="evaluations:create",
        page_update="evaluations:edit",
    ),  # fmt: skip
    WriteCase(
        "evaluations.Question",
        values=lambda w: {
            "form": w.evaluation_draft,
            "position": 9,
            "kind": "rating",
            "text": "Was there enough time for questions?",
            "required": True,
        },
        changes=lambda w: {"text": "Was the venue suitable for the working groups?"},
        record=lambda w: w.evaluation_question,
    ),  # fmt: skip
    WriteCase(
        "evaluations.Invitation",
        exempt="Made by the invitation step with a fresh token (its hash is not editable); "
        "the admin only labels one.",
    ),
]
