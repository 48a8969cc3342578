import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filtersets import OrderingFilter
from partners.filtersets import SearchFilterMixin

from .choices import MeetingFormat, MeetingKind, MeetingStatus, SpeakerRole
from .models import Meeting, Recommendation, Speaker


class FrameworkItemFilter(django_filters.CharFilter):
    """``?framework_item=marrakesh-2018/D3`` matches the item and everything below it."""

    def filter(self, qs, value):
        if not value:
            return qs
        prefix = f"{self.field_name}__"
        condition = (
            Q(**{f"{prefix}uid": value})
            | Q(**{f"{prefix}parent__uid": value})
            | Q(**{f"{prefix}parent__parent__uid": value})
        )
        return qs.filter(condition).distinct()


def yes_no_widget():
    return forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))])


class MeetingFilterSet(SearchFilterMixin):
    # The slug too: a meeting page's calendar link is the feed with ?q=<slug>.
    search_fields = ("title_en", "title_fr", "city", "description_en", "slug")
    year = django_filters.NumberFilter(label=_("Year"), field_name="start_date", lookup_expr="year")
    # A period of years: the monitoring dashboard's "meetings held" figure links to this list.
    year_from = django_filters.NumberFilter(
        label=_("From (year)"), field_name="start_date", lookup_expr="year__gte"
    )
    year_to = django_filters.NumberFilter(
        label=_("Until (year)"), field_name="start_date", lookup_expr="year__lte"
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=MeetingKind.choices)
    country = django_filters.CharFilter(
        label=_("Country (ISO code)"), field_name="country__iso2", lookup_expr="iexact"
    )
    # Not "format": DRF reserves ?format= for the output format (?format=csv).
    meeting_format = django_filters.ChoiceFilter(
        label=_("Format"), field_name="format", choices=MeetingFormat.choices
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=MeetingStatus.choices)
    framework_item = FrameworkItemFilter(
        label=_("Framework item (e.g. marrakesh-2018/D3)"), field_name="framework_items"
    )
    # A meeting is labelled because a label was granted to it (``MeetingQuerySet.labelled``).
    labelled = django_filters.BooleanFilter(
        label=_("Labelled"), widget=yes_no_widget(), method="filter_labelled"
    )
    participant = django_filters.CharFilter(
        label=_("Attended by (ISO code)"),
        field_name="participations__country__iso2",
        lookup_expr="iexact",
        distinct=True,
    )
    named = django_filters.CharFilter(
        label=_("Country named in the sources (ISO code)"),
        field_name="participating_countries__iso2",
        lookup_expr="iexact",
        distinct=True,
    )
    chaired_by = django_filters.CharFilter(
        label=_("Chaired by (ISO code)"), method="filter_chaired"
    )

    def filter_labelled(self, queryset, name, value):
        return queryset.labelled(value)

    def filter_chaired(self, queryset, name, value):
        return queryset.filter(
            roles__kind__in=["chair", "co_chair"], roles__country__iso2__iexact=value
        ).distinct()

    o = OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("start_date", "date"),
            ("title_en", "title"),
            ("kind", "kind"),
            ("city", "place"),
            ("format", "format"),
        ),
        field_labels={
            "start_date": _("Date"),
            "title_en": _("Title"),
            "kind": _("Kind"),
            "city": _("Place"),
            "format": _("Format"),
        },
    )

    class Meta:
        model = Meeting
        fields = [
            "o", "q", "year", "year_from", "year_to", "kind", "country", "meeting_format", "status",
            "framework_item", "labelled", "participant", "named", "chaired_by",
        ]  # fmt: skip


class RecommendationFilterSet(SearchFilterMixin):
    search_fields = ("text_en", "text_fr", "heading_en")
    meeting = django_filters.CharFilter(label=_("Meeting (slug)"), field_name="meeting__slug")
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="meeting__start_date", lookup_expr="year"
    )
    framework_item = FrameworkItemFilter(
        label=_("Framework item (e.g. marrakesh-2018/D3)"), field_name="framework_items"
    )
    top_level = django_filters.BooleanFilter(
        label=_("Numbered points only"),
        field_name="parent",
        lookup_expr="isnull",
        widget=yes_no_widget(),
    )

    class Meta:
        model = Recommendation
        fields = ["q", "meeting", "year", "framework_item", "top_level"]


class SpeakerFilterSet(django_filters.FilterSet):
    meeting = django_filters.CharFilter(label=_("Meeting (slug)"), field_name="meeting__slug")
    role = django_filters.ChoiceFilter(label=_("Role"), choices=SpeakerRole.choices)
    country = django_filters.CharFilter(
        label=_("Country (ISO code)"), field_name="person__country__iso2", lookup_expr="iexact"
    )

    class Meta:
        model = Speaker
        fields = ["meeting", "role", "country"]
