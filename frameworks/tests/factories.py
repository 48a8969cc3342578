"""Frameworks and their items for tests, and a small Marrakesh/Cádiz pair of plans."""

import datetime
from dataclasses import dataclass

import factory

from frameworks.choices import CrosswalkRelation, FrameworkKind, ItemKind
from frameworks.models import Crosswalk, Framework, FrameworkItem, ReferenceCountry
from partners.tests.factories import CountryFactory


class FrameworkFactory(factory.django.DjangoModelFactory):
    slug = factory.Sequence(lambda n: f"plan-{n}")
    name_en = factory.Sequence(lambda n: f"Action Plan {n}")
    name_fr = factory.Sequence(lambda n: f"Plan d'action {n}")
    short_name_en = factory.LazyAttribute(lambda f: f.name_en)
    kind = FrameworkKind.ACTION_PLAN
    adopted_date = datetime.date(2018, 5, 2)
    period_start = 2018
    period_end = 2020

    class Meta:
        model = Framework
        django_get_or_create = ("slug",)


class FrameworkItemFactory(factory.django.DjangoModelFactory):
    framework = factory.SubFactory(FrameworkFactory)
    kind = ItemKind.DOMAIN
    number = factory.Sequence(lambda n: str(n + 1))
    code = factory.LazyAttribute(lambda i: f"{i.kind[0].upper()}{i.number}")
    sort_order = factory.Sequence(lambda n: n)
    title_en = factory.LazyAttribute(lambda i: f"{i.kind.title()} {i.number}")

    class Meta:
        model = FrameworkItem


class CrosswalkFactory(factory.django.DjangoModelFactory):
    source_item = factory.SubFactory(FrameworkItemFactory)
    target_item = factory.SubFactory(FrameworkItemFactory)
    relation = CrosswalkRelation.CONTINUES

    class Meta:
        model = Crosswalk


class ReferenceCountryFactory(factory.django.DjangoModelFactory):
    country = factory.SubFactory(CountryFactory)
    item = factory.SubFactory(FrameworkItemFactory)

    class Meta:
        model = ReferenceCountry


@dataclass
class Plans:
    marrakesh: Framework
    cadiz: Framework
    items: dict  # "marrakesh-2018/D3" -> FrameworkItem

    def __getitem__(self, uid: str) -> FrameworkItem:
        return self.items[uid]


def build_plans() -> Plans:
    """Marrakesh 2018 with domain D3 -> objectives O5, O6 -> actions A10, A11 (under O5) and
    A12 (under O6), plus domain D4 -> O7 -> A13; Cádiz 2022 with D3, which continues
    Marrakesh D3. The codes are those of the reference data."""
    marrakesh = FrameworkFactory(
        slug="marrakesh-2018",
        name_en="Marrakesh Action Plan",
        name_fr="Plan d'action de Marrakech",
        short_name_en="Marrakesh Action Plan",
        short_name_fr="Plan d'action de Marrakech",
        adopted_date=datetime.date(2018, 5, 2),
        period_start=2018,
        period_end=2022,
    )
    cadiz = FrameworkFactory(
        slug="cadiz-2022",
        name_en="Cádiz Action Plan",
        name_fr="Plan d'action de Cadix",
        short_name_en="Cádiz Action Plan",
        short_name_fr="Plan d'action de Cadix",
        adopted_date=datetime.date(2022, 12, 14),
        period_start=2023,
        period_end=2027,
    )
    items = {}

    def add(framework, code, kind, number, parent=None, title="", order=0):
        item = FrameworkItemFactory(
            framework=framework,
            code=code,
            kind=kind,
            number=number,
            parent=items.get(f"{framework.slug}/{parent}") if parent else None,
            sort_order=order,
            title_en=title,
        )
        items[item.uid] = item
        return item

    add(marrakesh, "D3", ItemKind.DOMAIN, "3", title="Protection and asylum", order=3)
    add(marrakesh, "D4", ItemKind.DOMAIN, "4", title="Irregular migration", order=4)
    add(marrakesh, "O5", ItemKind.OBJECTIVE, "5", "D3", "Protection of migrants", 10)
    add(marrakesh, "O6", ItemKind.OBJECTIVE, "6", "D3", "Asylum systems", 11)
    add(marrakesh, "O7", ItemKind.OBJECTIVE, "7", "D4", "Fight against smuggling", 12)
    add(marrakesh, "A10", ItemKind.ACTION, "10", "O5", "", 20)  # wording not known
    add(marrakesh, "A11", ItemKind.ACTION, "11", "O5", "Train border officials", 21)
    add(marrakesh, "A12", ItemKind.ACTION, "12", "O6", "Support asylum capacities", 22)
    add(marrakesh, "A13", ItemKind.ACTION, "13", "O7", "Dismantle smuggling networks", 23)
    add(cadiz, "D3", ItemKind.DOMAIN, "3", title="Protection and asylum", order=3)
    CrosswalkFactory(
        source_item=items["marrakesh-2018/D3"],
        target_item=items["cadiz-2022/D3"],
        relation=CrosswalkRelation.CONTINUES,
    )
    return Plans(marrakesh=marrakesh, cadiz=cadiz, items=items)
