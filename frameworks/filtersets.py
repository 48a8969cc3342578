import django_filters
from django.utils.translation import gettext_lazy as _

from core.filtersets import FilterSet, OrderingFilter
from core.widgets import DeferredSelect
from partners.filtersets import CountryFilter, SearchFilterMixin

from .choices import CrosswalkRelation, FrameworkKind, ItemKind
from .models import Crosswalk, Framework, FrameworkItem, ReferenceCountry
from .selectors import framework_options, item_options


class FrameworkSlugFilter(django_filters.CharFilter):
    """``?framework=<slug>``: a framework by its slug, chosen by its name."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DeferredSelect(framework_options))
        super().__init__(*args, **kwargs)


class ItemFilter(django_filters.CharFilter):
    """``?item=marrakesh-2018/D3``: one framework item by its identifier, chosen by its name."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DeferredSelect(item_options))
        super().__init__(*args, **kwargs)


def domain_options(user=None) -> list[tuple]:
    return item_options(user, FrameworkItem.objects.restrict(user).filter(kind=ItemKind.DOMAIN))


def domain_filter(*, field_name: str) -> ItemFilter:
    """A domain of an action plan (a reference country's), chosen by its name."""
    return ItemFilter(
        label=_("Domain"), field_name=field_name, widget=DeferredSelect(domain_options)
    )


class FrameworkFilterSet(SearchFilterMixin):
    search_fields = ("name_en", "name_fr", "short_name_en", "slug")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=FrameworkKind.choices)

    class Meta:
        model = Framework
        fields = ["q", "kind"]


class FrameworkItemFilterSet(SearchFilterMixin):
    search_fields = ("title_en", "title_fr", "text_en", "uid")
    framework = FrameworkSlugFilter(label=_("Framework"), field_name="framework__slug")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ItemKind.choices)
    parent = ItemFilter(label=_("Part of"), field_name="parent__uid")

    o = OrderingFilter(
        label=_("Sort by"),
        fields=(("uid", "id"), ("kind", "kind"), ("title_en", "title")),
        field_labels={
            "uid": _("Identifier"),
            "kind": _("Kind"),
            "title_en": _("Title"),
        },
    )

    class Meta:
        model = FrameworkItem
        fields = ["o", "q", "framework", "kind", "parent"]


class CrosswalkFilterSet(FilterSet):
    item = ItemFilter(label=_("Item"), method="filter_item")
    relation = django_filters.ChoiceFilter(label=_("Relation"), choices=CrosswalkRelation.choices)

    def filter_item(self, queryset, name, value):
        return queryset.filter(source_item__uid=value) | queryset.filter(target_item__uid=value)

    class Meta:
        model = Crosswalk
        fields = ["item", "relation"]


class ReferenceCountryFilterSet(FilterSet):
    country = CountryFilter(label=_("Country"), field_name="country__iso2")
    item = domain_filter(field_name="item__uid")
    framework = FrameworkSlugFilter(label=_("Framework"), field_name="item__framework__slug")

    class Meta:
        model = ReferenceCountry
        fields = ["country", "item", "framework"]
