import django_filters
from django.utils.translation import gettext_lazy as _

from core.filtersets import OrderingFilter
from core.models import Visibility
from meetings.filtersets import FrameworkItemFilter, MeetingFilter
from partners.filtersets import CountryFilter, SearchFilterMixin

from .choices import DocumentKind, Language
from .models import Document


class DocumentFilterSet(SearchFilterMixin):
    search_fields = ("title_en", "title_fr", "description_en")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=DocumentKind.choices)
    language = django_filters.ChoiceFilter(label=_("Language"), choices=Language.choices)
    year = django_filters.NumberFilter(label=_("Year"), field_name="date", lookup_expr="year")
    meeting = MeetingFilter(label=_("Meeting"), field_name="meeting__slug")
    country = CountryFilter(label=_("Country mentioned"), field_name="countries__iso2")
    framework_item = FrameworkItemFilter(label=_("Framework item"), field_name="framework_items")
    visibility = django_filters.ChoiceFilter(label=_("Visibility"), choices=Visibility.choices)

    o = OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("date", "date"),
            ("title_en", "title"),
            ("kind", "kind"),
            ("language", "language"),
        ),
        field_labels={
            "date": _("Date"),
            "title_en": _("Title"),
            "kind": _("Kind"),
            "language": _("Language"),
        },
    )

    class Meta:
        model = Document
        fields = [
            "o",
            "q",
            "kind",
            "language",
            "year",
            "meeting",
            "country",
            "framework_item",
            "visibility",
        ]
