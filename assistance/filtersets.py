"""One FilterSet for /assistance/ and /api/assistance-requests/."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from core.filtersets import OrderingFilter
from meetings.filtersets import FrameworkItemFilter, MeetingFilter
from partners.filtersets import CountryFilter, OrganisationFilter, SearchFilterMixin

from .choices import AssistanceKind, state_choices
from .models import AssistanceRequest


@extend_schema_field(
    {"type": "string", "description": "training, expertise, study, equipment or event"}
)
class KindFilter(django_filters.ChoiceFilter):
    """Described, not an enum, in the schema (see AssistanceKindField)."""


class AssistanceRequestFilterSet(SearchFilterMixin):
    search_fields = ("title", "need", "beneficiaries")
    state = django_filters.ChoiceFilter(label=_("State"), choices=state_choices)
    kind = KindFilter(label=_("Type"), choices=AssistanceKind.choices)
    country = CountryFilter(label=_("Requesting country"), field_name="requesting_country__iso2")
    organisation = OrganisationFilter(
        label=_("Requesting organisation"), field_name="requesting_organisation__slug"
    )
    framework_item = FrameworkItemFilter(label=_("Framework item"), field_name="framework_items")
    meeting = MeetingFilter(label=_("Presented at"), field_name="presented_at__slug")
    o = OrderingFilter(
        label=_("Sort by"),
        fields=(("created_at", "submitted"), ("title", "title"), ("state", "state")),
        field_labels={"created_at": _("Submitted"), "title": _("Title"), "state": _("State")},
    )

    class Meta:
        model = AssistanceRequest
        fields = ["o", "q", "state", "kind", "country", "organisation", "framework_item", "meeting"]
