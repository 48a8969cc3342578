"""Authorisation matrix of the action plans (frameworks) pages and API: public records."""

from core.authz import EVERYONE, Case, api_cases, list_cases


def setup(world):
    from frameworks.models import Crosswalk

    world.crosswalk = Crosswalk.objects.order_by("pk").first()


CASES = [
    Case("frameworks:list", "list", EVERYONE),
    *list_cases("frameworks:items"),
    Case("frameworks:framework", "view", EVERYONE, lambda w: {"slug": w.framework.slug}),
    Case(
        "frameworks:item",
        "view",
        EVERYONE,
        lambda w: {"slug": w.domain.framework.slug, "code": w.domain.code},
    ),
    *api_cases("framework", lambda w: {"slug": w.framework.slug}),
    *api_cases("framework-item", lambda w: {"uid": w.domain.uid}),
    *api_cases("crosswalk", lambda w: {"pk": w.crosswalk.pk}),
    *api_cases("reference-country", lambda w: {"pk": w.reference.pk}),
]
