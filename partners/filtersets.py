"""One FilterSet per model, used by the HTML lists and the API lists alike."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filtersets import FilterSet, OrderingFilter
from core.widgets import DeferredSelect

from .choices import (
    Continent,
    CountryStatus,
    GovernanceRoleKind,
    OrganisationKind,
    Region,
    Standing,
)
from .models import Country, FocalPoint, GovernanceRole, Network, Organisation, Person
from .selectors import country_options, organisation_options


class SearchFilterMixin(FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    search_fields: tuple[str, ...] = ()

    def search(self, queryset, name, value):
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)


class CountryFilter(django_filters.CharFilter):
    """``?country=ML``: a country by its ISO code (any case), chosen by its name."""

    def __init__(self, *args, lookup_expr="iexact", **kwargs):
        kwargs.setdefault("widget", DeferredSelect(country_options))
        super().__init__(*args, lookup_expr=lookup_expr, **kwargs)


class OrganisationFilter(django_filters.CharFilter):
    """``?organisation=<slug>``: an organisation by its slug, chosen by its name."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DeferredSelect(organisation_options))
        super().__init__(*args, **kwargs)


class CountryFilterSet(SearchFilterMixin):
    search_fields = ("name_en", "name_fr", "iso2")
    continent = django_filters.ChoiceFilter(label=_("Continent"), choices=Continent.choices)
    region = django_filters.ChoiceFilter(label=_("Region"), choices=Region.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CountryStatus.choices)

    o = OrderingFilter(
        label=_("Sort by"),
        fields=(("name_en", "name"), ("iso2", "iso2"), ("region", "region"), ("status", "status")),
        field_labels={
            "name_en": _("Name"),
            "iso2": _("ISO code"),
            "region": _("Region"),
            "status": _("Status"),
        },
    )

    class Meta:
        model = Country
        fields = ["o", "q", "continent", "region", "status"]


class OrganisationFilterSet(SearchFilterMixin):
    search_fields = ("name_en", "name_fr", "acronym")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganisationKind.choices)
    standing = django_filters.ChoiceFilter(label=_("Standing"), choices=Standing.choices)

    o = OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("name_en", "name"),
            ("acronym", "acronym"),
            ("kind", "kind"),
            ("standing", "standing"),
        ),
        field_labels={
            "name_en": _("Name"),
            "acronym": _("Acronym"),
            "kind": _("Kind"),
            "standing": _("Standing"),
        },
    )

    class Meta:
        model = Organisation
        fields = ["o", "q", "kind", "standing"]


class PersonFilterSet(SearchFilterMixin):
    search_fields = ("name", "title", "organisation_name", "organisation__acronym")
    country = CountryFilter(label=_("Country"), field_name="country__iso2")
    organisation = OrganisationFilter(label=_("Organisation"), field_name="organisation__slug")

    o = OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("name", "name"),
            ("organisation_name", "organisation"),
            ("country__name_en", "country"),
        ),
        field_labels={
            "name": _("Name"),
            "organisation_name": _("Organisation"),
            "country__name_en": _("Country"),
        },
    )

    class Meta:
        model = Person
        fields = ["o", "q", "country", "organisation"]


class GovernanceRoleFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Role"), choices=GovernanceRoleKind.choices)
    country = CountryFilter(label=_("Country"), field_name="country__iso2")
    organisation = OrganisationFilter(label=_("Organisation"), field_name="organisation__slug")

    class Meta:
        model = GovernanceRole
        fields = ["kind", "country", "organisation"]


class NetworkFilterSet(SearchFilterMixin):
    search_fields = ("name_en", "name_fr")

    class Meta:
        model = Network
        fields = ["q"]


class FocalPointFilterSet(FilterSet):
    country = CountryFilter(label=_("Country"), field_name="country__iso2")
    organisation = OrganisationFilter(label=_("Organisation"), field_name="organisation__slug")
    current = django_filters.BooleanFilter(label=_("Current only"), method="filter_current")

    def filter_current(self, queryset, name, value):
        return queryset.current() if value else queryset

    class Meta:
        model = FocalPoint
        fields = ["country", "organisation", "current"]
