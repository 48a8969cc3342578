import django_filters
from django.utils.translation import gettext_lazy as _

from core.filtersets import OrderingFilter
from partners.filtersets import SearchFilterMixin

from .choices import CrosswalkRelation, FrameworkKind, ItemKind
from .models import Crosswalk, Framework, FrameworkItem, ReferenceCountry


class FrameworkFilterSet(SearchFilterMixin):
    search_fields = ("name_en", "name_fr", "short_name_en", "slug")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=FrameworkKind.choices)

    class Meta:
        model = Framework
        fields = ["q", "kind"]


class FrameworkItemFilterSet(SearchFilterMixin):
    search_fields = ("title_en", "title_fr", "text_en", "uid")
    framework = django_filters.CharFilter(label=_("Framework (slug)"), field_name="framework__slug")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ItemKind.choices)
    parent = django_filters.CharFilter(label=_("Parent (identifier)"), field_name="parent__uid")

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


class CrosswalkFilterSet(django_filters.FilterSet):
    item = django_filters.CharFilter(label=_("Item (identifier)"), method="filter_item")
    relation = django_filters.ChoiceFilter(label=_("Relation"), choices=CrosswalkRelation.choices)

    def filter_item(self, queryset, name, value):
        return queryset.filter(source_item__uid=value) | queryset.filter(target_item__uid=value)

    class Meta:
        model = Crosswalk
        fields = ["item", "relation"]


class ReferenceCountryFilterSet(django_filters.FilterSet):
    country = django_filters.CharFilter(
        label=_("Country (ISO code)"), field_name="country__iso2", lookup_expr="iexact"
    )
    item = django_filters.CharFilter(label=_("Domain (identifier)"), field_name="item__uid")
    framework = django_filters.CharFilter(
        label=_("Framework (slug)"), field_name="item__framework__slug"
    )

    class Meta:
        model = ReferenceCountry
        fields = ["country", "item", "framework"]
