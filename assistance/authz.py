"""Authorisation matrix of technical assistance (see core/authz.py).

Assumes ``world.country`` (focal_point's partner) and ``world.other_country``; the
Steering Committee and Chair accounts act through their group only (no focal point).
"""

from core.authz import EVERYONE, STAFF, Case

REQUESTER = frozenset({"focal_point"})
REQUESTERS_AND_STAFF = REQUESTER | STAFF
# Focal points of any partner and the Secretariat may open the request form.
MAY_REQUEST = frozenset({"focal_point", "other_focal_point", "reference_country"}) | STAFF


def setup(world):
    from assistance.models import AssistanceRequest
    from frameworks.tests.factories import FrameworkItemFactory

    world.ta_action = FrameworkItemFactory(kind="action", code="TA1", number="901")
    world.ta_pending = AssistanceRequest.objects.create(
        title="Training of judges", requesting_country=world.country, need="Two trainings",
        kind="training", beneficiaries="Judges", timing="2027",
    )  # fmt: skip
    world.ta_pending.framework_items.add(world.ta_action)
    world.ta_approved = AssistanceRequest.objects.create(
        title="Eco-villages study", requesting_country=world.other_country, need="A study",
        kind="study", beneficiaries="Returnees", timing="2027", state="approved",
    )  # fmt: skip
    from assistance.models import SecretariatNote

    world.ta_note = SecretariatNote.objects.create(
        request=world.ta_pending, text="Check with the implementing partner first."
    )


def pending(world):
    return {"pk": world.ta_pending.pk}


def version(world) -> int:
    from assistance.models import AssistanceRequest

    return AssistanceRequest.objects.get(pk=world.ta_pending.pk).version


def edit_form(world):
    return {
        "title": "Training of judges and prosecutors", "requesting_country": world.country.pk,
        "kind": "training", "need": "Two trainings", "framework_items": [world.ta_action.pk],
        "beneficiaries": "Judges", "timing": "2027", "version": version(world),
    }  # fmt: skip


def api_payload(world):
    return {
        "title": "Document readers", "requesting_country": world.country.iso2,
        "kind": "equipment", "need": "Readers for border posts",
        "framework_items": [world.ta_action.uid], "beneficiaries": "Border police",
        "timing": "2027",
    }  # fmt: skip


def step(name, **extra):
    return lambda world: {"version": version(world), "reason": "checked", **extra}


CASES = [
    Case("assistance:list", "list", EVERYONE),
    Case("assistance:list", "export", EVERYONE, query="?export=csv"),
    Case("assistance:create", "create", MAY_REQUEST),
    Case("assistance:detail", "view", REQUESTERS_AND_STAFF, kwargs=pending),
    Case("assistance:detail", "view", EVERYONE, kwargs=lambda w: {"pk": w.ta_approved.pk}),
    Case("assistance:edit", "change", REQUESTERS_AND_STAFF, kwargs=pending),
    Case("assistance:edit", "change", REQUESTERS_AND_STAFF, kwargs=pending, method="POST",
         data=edit_form),
    Case("assistance:note", "create", STAFF, kwargs=pending, method="POST",
         data={"text": "Budget line 4"}),
    Case("assistance:transition", "change", STAFF, method="POST", data=step("assess"),
         kwargs=lambda w: {"pk": w.ta_pending.pk, "transition": "assess"}),
    Case("assistance:transition", "change", REQUESTER, method="POST", data=step("withdraw"),
         kwargs=lambda w: {"pk": w.ta_pending.pk, "transition": "withdraw"}),
    Case("api:assistance-request-list", "list", EVERYONE),
    Case("api:assistance-request-list", "export", EVERYONE, query="?format=csv"),
    Case("api:assistance-request-list", "create", REQUESTERS_AND_STAFF, method="POST",
         data=api_payload, content_type="application/json"),
    Case("api:assistance-request-detail", "view", REQUESTERS_AND_STAFF, kwargs=pending),
    Case("api:assistance-request-detail", "change", REQUESTERS_AND_STAFF, kwargs=pending,
         method="PATCH", data=lambda w: {"timing": "2028", "version": version(w)},
         content_type="application/json"),
    Case("api:assistance-request-transition", "change", STAFF, kwargs=pending, method="POST",
         data=lambda w: {"transition": "assess", "version": version(w)},
         content_type="application/json"),
    Case("api:assistance-request-transition", "change", REQUESTER, kwargs=pending,
         method="POST", data=lambda w: {"transition": "withdraw", "version": version(w)},
         content_type="application/json"),
]  # fmt: skip
