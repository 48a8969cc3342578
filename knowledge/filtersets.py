import django_filters
from django.utils.translation import gettext_lazy as _

from documents.filtersets import DocumentFilterSet

from .choices import DraftState, ItemStatus
from .models import ExtractionDraft, IngestItem


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
