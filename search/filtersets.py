import django_filters
from django.utils.translation import gettext_lazy as _

from core.filtersets import FilterSet
from core.widgets import DeferredSelect
from documents.selectors import document_options
from frameworks.filtersets import FrameworkSlugFilter, ItemFilter

from .choices import Method, SuggestionStatus, TargetType
from .models import TagSuggestion


class TagSuggestionFilterSet(FilterSet):
    """The review queue's filters, shared by /search/tagging/ and /api/tag-suggestions/."""

    status = django_filters.ChoiceFilter(label=_("Status"), choices=SuggestionStatus.choices)
    target_type = django_filters.ChoiceFilter(label=_("Target"), choices=TargetType.choices)
    method = django_filters.ChoiceFilter(label=_("Method"), choices=Method.choices)
    framework = FrameworkSlugFilter(label=_("Action plan"), field_name="item__framework__slug")
    item = ItemFilter(label=_("Item"), field_name="item__uid")
    document = django_filters.CharFilter(
        label=_("Document"), method="filter_document", widget=DeferredSelect(document_options)
    )
    min_score = django_filters.NumberFilter(
        label=_("Minimum score"), field_name="score", lookup_expr="gte"
    )

    class Meta:
        model = TagSuggestion
        fields = ["status", "target_type", "method", "framework", "item", "document", "min_score"]

    def filter_document(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(document__slug=value) | Q(passage__document__slug=value))
