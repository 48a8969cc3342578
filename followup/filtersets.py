"""One FilterSet for /follow-up/ (and the meeting and item pages) and /api/follow-ups/."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filtersets import FilterSet, OrderingFilter
from core.widgets import DeferredSelect
from meetings.filtersets import FrameworkItemFilter, MeetingFilter, yes_no_widget
from partners.filtersets import SearchFilterMixin
from partners.selectors import country_options, organisation_options

from .choices import CLOSED_STATUSES, FollowUpStatus, OwnerKind
from .models import FollowUp, FollowUpEntry


def owner_options(user=None) -> list[tuple]:
    """The owners a follow-up can have: the Secretariat, a country (ISO code), an
    organisation (slug)."""
    return [
        ("secretariat", _("Secretariat")),
        *country_options(user),
        *organisation_options(user),
    ]


class FollowUpFilterSet(SearchFilterMixin):
    search_fields = (
        "recommendation__text_en",
        "recommendation__text_fr",
        "recommendation__heading_en",
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=FollowUpStatus.choices)
    owner_kind = django_filters.ChoiceFilter(
        label=_("Owner kind"), choices=OwnerKind.choices, method="filter_owner_kind"
    )
    owner = django_filters.CharFilter(
        label=_("Owner"), method="filter_owner", widget=DeferredSelect(owner_options)
    )
    due_before = django_filters.DateFilter(
        label=_("Due before"), field_name="due_date", lookup_expr="lt"
    )
    due_after = django_filters.DateFilter(
        label=_("Due on or after"), field_name="due_date", lookup_expr="gte"
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue"), method="filter_overdue", widget=yes_no_widget()
    )
    stale = django_filters.BooleanFilter(
        label=_("Stale"), method="filter_stale", widget=yes_no_widget()
    )
    meeting = MeetingFilter(label=_("Meeting"), field_name="recommendation__meeting__slug")
    framework_item = FrameworkItemFilter(
        label=_("Framework item"), field_name="recommendation__framework_items"
    )
    o = OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("recommendation__meeting__start_date", "meeting"),
            ("due_date", "due"),
            ("status", "status"),
            ("last_entry_on", "last_entry"),
        ),
        field_labels={
            "recommendation__meeting__start_date": _("Meeting date"),
            "due_date": _("Due date"),
            "status": _("Status"),
            "last_entry_on": _("Last entry"),
        },
    )

    class Meta:
        model = FollowUp
        fields = [
            "o", "q", "status", "owner_kind", "owner", "due_before", "due_after", "overdue",
            "stale", "meeting", "framework_item",
        ]  # fmt: skip

    def filter_owner_kind(self, queryset, name, value):
        conditions = {
            OwnerKind.SECRETARIAT: Q(owner_secretariat=True),
            OwnerKind.COUNTRY: Q(owner_country__isnull=False),
            OwnerKind.ORGANISATION: Q(owner_organisation__isnull=False),
            OwnerKind.NONE: Q(
                owner_secretariat=False, owner_country__isnull=True, owner_organisation__isnull=True
            ),
        }
        return queryset.filter(conditions[value])

    def filter_owner(self, queryset, name, value):
        value = value.strip()
        if value.lower() == "secretariat":
            return queryset.filter(owner_secretariat=True)
        return queryset.filter(
            Q(owner_country__iso2__iexact=value) | Q(owner_organisation__slug=value)
        )

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        late = Q(due_date__lt=today) & ~Q(status__in=CLOSED_STATUSES)
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_stale(self, queryset, name, value):
        # The rule is ``FollowUpQuerySet.stale`` (the clock starts at the due date or the
        # meeting's date).
        stale = FollowUp.objects.stale().values("pk")
        return queryset.filter(pk__in=stale) if value else queryset.exclude(pk__in=stale)


class FollowUpEntryFilterSet(FilterSet):
    follow_up = django_filters.NumberFilter(label=_("Follow-up (id)"), field_name="follow_up")
    recommendation = django_filters.NumberFilter(
        label=_("Recommendation (id)"), field_name="follow_up__recommendation"
    )
    meeting = MeetingFilter(
        label=_("Meeting of the recommendation"),
        field_name="follow_up__recommendation__meeting__slug",
    )

    class Meta:
        model = FollowUpEntry
        fields = ["follow_up", "recommendation", "meeting"]
