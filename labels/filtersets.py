"""One FilterSet for the labelled activities (``/labels/`` and ``/api/labels/``) and one for
the applications (``/labels/applications/`` and ``/api/labels/applications/``)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filtersets import OrderingFilter
from partners.filtersets import SearchFilterMixin

from .choices import ActivityKind
from .models import LabelApplication
from .workflow import WORKFLOW


class LabelFilterSet(SearchFilterMixin):
    search_fields = ("title", "description", "funders", "city")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ActivityKind.choices)
    partner = django_filters.CharFilter(
        label=_("Partner (ISO code or organisation)"), method="filter_partner"
    )
    action = django_filters.CharFilter(
        label=_("Action plan item (e.g. cadiz-2022/A1)"), method="filter_action"
    )
    # The framework browser links every kind of record with ?framework_item=<uid>.
    framework_item = django_filters.CharFilter(
        label=_("Framework item"), method="filter_action", widget=forms.HiddenInput
    )
    year = django_filters.NumberFilter(label=_("Year"), method="filter_year")

    o = OrderingFilter(
        label=_("Sort by"),
        fields=(("start_date", "date"), ("title", "title"), ("kind", "kind")),
        field_labels={"start_date": _("Date"), "title": _("Title"), "kind": _("Kind")},
    )

    class Meta:
        model = LabelApplication
        fields = ["o", "q", "kind", "partner", "action", "year", "framework_item"]

    def filter_partner(self, queryset, name, value):
        """Lead or co-organising partner: a country's ISO code or an organisation's slug."""
        value = value.strip()
        condition = (
            Q(lead_country__iso2__iexact=value)
            | Q(co_organising_countries__iso2__iexact=value)
            | Q(lead_organisation__slug__iexact=value)
            | Q(co_organising_organisations__slug__iexact=value)
        )
        return queryset.filter(id__in=LabelApplication.objects.filter(condition).values("id"))

    def filter_action(self, queryset, name, value):
        """The item and everything below it: a domain matches the activities of its actions."""
        value = value.strip()
        condition = (
            Q(links__item__uid=value)
            | Q(links__item__parent__uid=value)
            | Q(links__item__parent__parent__uid=value)
        )
        return queryset.filter(id__in=LabelApplication.objects.filter(condition).values("id"))

    def filter_year(self, queryset, name, value):
        """Activities running during that year."""
        year = int(value)
        return queryset.filter(start_date__year__lte=year, end_date__year__gte=year)


class ApplicationFilterSet(LabelFilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=WORKFLOW.state_choices)

    class Meta(LabelFilterSet.Meta):
        fields = ["o", "q", "state", "kind", "partner", "action", "year", "framework_item"]
