import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filtersets import FilterSet
from core.widgets import DeferredSelect
from documents.filtersets import DocumentFilterSet
from documents.selectors import document_options
from meetings.filtersets import MeetingFilter
from partners.filtersets import CountryFilter

from .choices import DraftState, ItemStatus
from .models import ExtractionDraft, IngestItem, QuotedFigure


class LibraryFilterSet(DocumentFilterSet):
    """The documents filters, plus the review status of their extraction."""

    review = django_filters.ChoiceFilter(
        label=_("Review"), choices=DraftState.choices, field_name="drafts__state"
    )

    class Meta(DocumentFilterSet.Meta):
        fields = [*DocumentFilterSet.Meta.fields, "review"]


class IngestItemFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ItemStatus.choices)
    batch = django_filters.NumberFilter(label=_("Batch"), field_name="batch_id")
    q = django_filters.CharFilter(
        label=_("File name"), field_name="filename", lookup_expr="icontains"
    )

    class Meta:
        model = IngestItem
        fields = ["status", "batch", "q"]


class DraftFilterSet(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("Status"), choices=DraftState.choices)

    class Meta:
        model = ExtractionDraft
        fields = ["state"]


class QuotedFigureFilterSet(FilterSet):
    """Quoted figures, on /library/figures/ and /api/library/figures/ alike."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    country = CountryFilter(label=_("Country"), field_name="country__iso2")
    meeting = MeetingFilter(label=_("Meeting"), field_name="meeting__slug")
    document = django_filters.CharFilter(
        label=_("Document"), field_name="document__slug", widget=DeferredSelect(document_options)
    )
    unit = django_filters.CharFilter(label=_("Unit"), field_name="unit")

    class Meta:
        model = QuotedFigure
        fields = ["q", "country", "meeting", "document", "unit"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(text__icontains=value) | Q(counts__icontains=value) | Q(sentence__icontains=value)
        )
