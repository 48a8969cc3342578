import django_filters
from django.utils.translation import gettext_lazy as _

from core.filtersets import FilterSet
from frameworks.filtersets import domain_filter
from partners.filtersets import CountryFilter

from .choices import ReportKind, ThemeState
from .models import ReferenceCountryReport, Theme


class WorkspaceFilterSet(FilterSet):
    domain = domain_filter(field_name="assignment__item__uid")
    country = CountryFilter(label=_("Country"), field_name="assignment__country__iso2")


class ReportFilterSet(WorkspaceFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ReportKind.choices)

    class Meta:
        model = ReferenceCountryReport
        fields = ["domain", "country", "kind"]


class ThemeFilterSet(WorkspaceFilterSet):
    state = django_filters.ChoiceFilter(label=_("Status"), choices=ThemeState.choices)

    class Meta:
        model = Theme
        fields = ["domain", "country", "state"]
