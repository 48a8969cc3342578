import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filtersets import FilterSet, OrderingFilter
from core.widgets import DeferredSelect
from frameworks.selectors import item_options
from partners.filtersets import CountryFilter, SearchFilterMixin

from .choices import MeetingFormat, MeetingKind, MeetingStatus, SpeakerRole
from .models import Meeting, Recommendation, Speaker
from .selectors import meeting_options


class FrameworkItemFilter(django_filters.CharFilter):
    """``?framework_item=marrakesh-2018/D3`` matches the item and everything below it; the
    page offers the items by their name, grouped by framework."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DeferredSelect(item_options))
        super().__init__(*args, **kwargs)

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


class MeetingFilter(django_filters.CharFilter):
    """``?meeting=<slug>``: a meeting by its slug, chosen by its title and date."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DeferredSelect(meeting_options))
        super().__init__(*args, **kwargs)


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
    country = CountryFilter(label=_("Country"), field_name="country__iso2")
    # Not "format": DRF reserves ?format= for the output format (?format=csv).
    meeting_format = django_filters.ChoiceFilter(
        label=_("Format"), field_name="format", choices=MeetingFormat.choices
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=MeetingStatus.choices)
    framework_item = FrameworkItemFilter(label=_("Framework item"), field_name="framework_items")
    # A meeting is labelled because a label was granted to it (``MeetingQuerySet.labelled``).
    labelled = django_filters.BooleanFilter(
        label=_("Labelled"), widget=yes_no_widget(), method="filter_labelled"
    )
    participant = CountryFilter(
        label=_("Attended by"), field_name="participations__country__iso2", distinct=True
    )
    named = CountryFilter(
        label=_("Country named in the sources"),
        field_name="participating_countries__iso2",
        distinct=True,
    )
    chaired_by = CountryFilter(label=_("Chaired by"), method="filter_chaired")

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
    meeting = MeetingFilter(label=_("Meeting"), field_name="meeting__slug")
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="meeting__start_date", lookup_expr="year"
    )
    framework_item = FrameworkItemFilter(label=_("Framework item"), field_name="framework_items")
    top_level = django_filters.BooleanFilter(
        label=_("Numbered points only"),
        field_name="parent",
        lookup_expr="isnull",
        widget=yes_no_widget(),
    )

    class Meta:
        model = Recommendation
        fields = ["q", "meeting", "year", "framework_item", "top_level"]


class SpeakerFilterSet(FilterSet):
    meeting = MeetingFilter(label=_("Meeting"), field_name="meeting__slug")
    role = django_filters.ChoiceFilter(label=_("Role"), choices=SpeakerRole.choices)
    country = CountryFilter(label=_("Country"), field_name="person__country__iso2")

    class Meta:
        model = Speaker
        fields = ["meeting", "role", "country"]
