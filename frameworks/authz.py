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


# ---- the write battery (core.writebattery; core/tests/test_write_battery.py) ------------------
def _writes():
    import datetime

    from core.writebattery import WriteCase, country, framework, item

    return [
        WriteCase(
            "frameworks.Framework",
            values=lambda w: {
                "slug": "niamey-2018",
                "name_en": "Niamey Declaration",
                "name_fr": "Déclaration de Niamey",
                "short_name_en": "Niamey",
                "kind": "joint_action_plan",
                "adopted_place": "Niamey",
                "adopted_country": country("NE"),
                "adopted_date": datetime.date(2018, 3, 16),
                "period_start": 2018,
                "period_end": 2020,
                "summary_en": "Joint declaration against smuggling and trafficking.",
            },
            changes=lambda w: {"period_end": 2027, "period_note": "Extended to 2027."},
            record=lambda w: framework("cadiz-2022"),
        ),  # fmt: skip
        WriteCase(
            "frameworks.FrameworkItem",
            values=lambda w: {
                "framework": framework("cadiz-2022"),
                "code": "P9",
                "kind": "priority",
                "number": "9",
                "parent": None,
                "sort_order": 90,
                "title_en": "Cross-cutting priority: migration data",
                "title_fr": "Priorité transversale : données migratoires",
            },
            changes=lambda w: {"short_label_en": "Protection and asylum", "sort_order": 31},
            record=lambda w: item("cadiz-2022/D3"),
        ),  # fmt: skip
        WriteCase(
            "frameworks.Crosswalk",
            values=lambda w: {
                "source_item": item("gcm-2018/O5"),
                "target_item": item("cadiz-2022/D2"),
                "relation": "relates",
                "note": "Regular pathways (GCM objective 5).",
            },
            changes=lambda w: {"relation": "overlaps", "note": "Checked against the text."},
            record=lambda w: w.crosswalk,
        ),  # fmt: skip
        WriteCase(
            "frameworks.ReferenceCountry",
            values=lambda w: {
                "country": country("CV"),
                "item": item("cadiz-2022/D2"),
                "start_date": datetime.date(2023, 1, 1),
                "end_date": None,
                "note": "Cabo Verde with Portugal for Domain 2.",
            },
            changes=lambda w: {"note": "Roadmap presented."},
            record=lambda w: w.reference,
        ),  # fmt: skip
    ]


WRITES = _writes()
