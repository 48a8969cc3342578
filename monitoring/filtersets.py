"""One FilterSet per model, for the HTML lists and the API alike."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filtersets import OrderingFilter
from core.models import Visibility
from meetings.filtersets import FrameworkItemFilter
from partners.filtersets import CountryFilter, SearchFilterMixin

from .choices import InitiativeKind, InitiativeStatus, RecordState, RoundState
from .models import Initiative, Round


class InitiativeFilterSet(SearchFilterMixin):
    search_fields = ("uid", "title_en", "title_fr", "description_en")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=InitiativeKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=InitiativeStatus.choices)
    country = CountryFilter(label=_("Country concerned"), method="filter_country")
    reported_by = CountryFilter(label=_("Reported by"), field_name="country__iso2")
    framework_item = FrameworkItemFilter(label=_("Framework item"), field_name="framework_items")
    year = django_filters.NumberFilter(label=_("Running in year"), method="filter_year")
    record_state = django_filters.ChoiceFilter(label=_("Record state"), choices=RecordState.choices)
    visibility = django_filters.ChoiceFilter(label=_("Visibility"), choices=Visibility.choices)
    round = django_filters.NumberFilter(label=_("Round"), field_name="submission__round")

    o = OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("start_date", "start"),
            ("title_en", "title"),
            ("budget", "budget"),
            ("uid", "id"),
        ),
        field_labels={
            "start_date": _("Start"),
            "title_en": _("Title"),
            "budget": _("Budget"),
            "uid": _("Identifier"),
        },
    )

    class Meta:
        model = Initiative
        fields = [
            "o", "q", "kind", "status", "country", "reported_by", "framework_item", "year",
            "record_state", "visibility", "round",
        ]  # fmt: skip

    def filter_country(self, queryset, name, value):
        return queryset.filter(countries__country__iso2__iexact=value).distinct()

    def filter_year(self, queryset, name, value):
        from django.db.models import Q

        year = int(value)
        return queryset.filter(
            Q(start_year__isnull=False) & Q(start_year__lte=year),
            Q(end_date__isnull=True) | Q(end_date__year__gte=year),
        )


class RoundFilterSet(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=RoundState.choices)

    class Meta:
        model = Round
        fields = ["state"]
