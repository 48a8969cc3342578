import django_filters
from django.utils.translation import gettext_lazy as _

from .choices import ReportKind, ThemeState
from .models import ReferenceCountryReport, Theme


class WorkspaceFilterSet(django_filters.FilterSet):
    domain = django_filters.CharFilter(
        label=_("Domain (identifier)"), field_name="assignment__item__uid"
    )
    country = django_filters.CharFilter(
        label=_("Country (ISO code)"), field_name="assignment__country__iso2", lookup_expr="iexact"
    )


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
